import { importAtRuntime, missingPackageError } from "../store/runtime-import";
import { failFast, nodeOptions, targetOptions } from "../store/redis-options";
import type { RedisNode, RedisTarget } from "../store/redis-url";

/** The part of an ioredis client (plain, Sentinel or Cluster) the live channel uses. */
export interface PubSubClient {
  readonly status: string;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  ping(): Promise<unknown>;
  disconnect(): void;
  nodes?(role: "all"): { options: { host?: string; port?: number } }[];
}

interface Ioredis {
  Redis: new (...args: any[]) => PubSubClient;
  Cluster: new (nodes: RedisNode[], options: object) => PubSubClient;
}

/** Loads ioredis on first use only: an app without `broadcast` never imports it. */
async function loadIoredis(): Promise<Ioredis> {
  // A computed import no bundler follows (a Worker without `broadcast` bundles no ioredis); a missing package says how to fix it.
  return (await importAtRuntime("ioredis").catch((error: unknown) => {
    throw missingPackageError(error, "`broadcast`") ?? error;
  })) as Ioredis;
}

/** Connections to one Redis deployment for the live channel. */
export interface ChannelConnections {
  /** The long-lived publishing client; ioredis reconnects it (and follows failovers) by itself. */
  publisher(): Promise<PubSubClient>;
  /**
   * A fresh subscriber connection that never reconnects by itself: when it ends, the caller
   * opens the next one — on a Cluster, to the next node (a Cluster's PUBLISH reaches every node).
   */
  subscriber(): Promise<PubSubClient>;
  /** Disconnects the publisher; a later `publisher()` opens a new one. */
  close(): void;
}

/** Connections for a parsed `broadcast` URL, failing fast like the store (redis-options.ts). */
export function createChannelConnections(target: RedisTarget, timeoutMs: number): ChannelConnections {
  const base = { ...failFast(timeoutMs), enableOfflineQueue: true };
  const quiet = <T extends PubSubClient>(client: T): T => (client.on("error", () => {}), client);
  let publisher: PubSubClient | undefined;
  let next: number | undefined; // which Cluster node to subscribe on next: random at first use, not at defineSessions

  const open = (ioredis: Ioredis, options: object): PubSubClient => {
    switch (target.kind) {
      case "single":
        return new ioredis.Redis(target.url, { ...base, ...options });
      case "sentinel":
        return new ioredis.Redis({ ...base, ...targetOptions(target), ...options });
      case "cluster": {
        // Any node will do: the configured seeds, and every node the publisher has discovered.
        const known = new Map(target.nodes.map((node) => [`${node.host}:${node.port}`, node]));
        for (const node of publisher?.nodes?.("all") ?? []) {
          const { host = "127.0.0.1", port = 6379 } = node.options;
          known.set(`${host}:${port}`, { host, port });
        }
        const nodes = [...known.values()];
        next ??= Math.floor(Math.random() * nodes.length);
        const node = nodes[next++ % nodes.length]!;
        return new ioredis.Redis({ ...base, ...nodeOptions(target), ...options, host: node.host, port: node.port });
      }
    }
  };

  const openPublisher = async () => {
    const ioredis = await loadIoredis();
    if (publisher) return publisher;
    publisher =
      target.kind === "cluster"
        ? new ioredis.Cluster(target.nodes, { redisOptions: { ...base, ...nodeOptions(target) } })
        : open(ioredis, {});
    return quiet(publisher);
  };

  return {
    publisher: openPublisher,
    async subscriber() {
      const ioredis = await loadIoredis();
      // On a Cluster, the publishing client discovers the nodes beyond the seeds: a dead seed is not the end.
      if (target.kind === "cluster") await openPublisher();
      return quiet(open(ioredis, { retryStrategy: () => null, autoResubscribe: false, maxRetriesPerRequest: 0 }));
    },
    close() {
      publisher?.disconnect();
      publisher = undefined;
    },
  };
}
