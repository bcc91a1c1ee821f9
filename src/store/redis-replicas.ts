import { clusterReady, nodeKey, slotOf, type ClusterEvents } from "./redis-cluster";

/** How often a master's count of live replicas (`INFO replication`) is asked again. */
const REFRESH_MS = 5000;

/**
 * Seconds without an acknowledgement after which a replica no longer counts (Redis's own
 * `min-replicas-max-lag` default): one that hangs with its connection open stops failing writes.
 */
const MAX_LAG_S = 10;

/** One server's connection: what `INFO replication` needs. */
interface NodeConnection {
  readonly options?: { host?: string; port?: number };
  info?(section: "replication"): Promise<string>;
}

/** The part of an ioredis client (one server, Sentinel or Cluster) that replica counting uses. */
export interface ReplicaSource extends NodeConnection, ClusterEvents {
  readonly isCluster?: boolean;
  /** A Cluster's slot map: per slot, the master's node key (`host:port`) first, then its replicas'. */
  readonly slots?: string[][];
  /** A Cluster's connections to its masters. */
  nodes?(role: "master"): NodeConnection[];
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * How many replicas a record write waits for (Redis `WAIT`) before a commit is acknowledged,
 * so that a failover, which promotes a replica, cannot lose it: Redis replicates
 * asynchronously, and without this a write the master answered but had not yet sent on is
 * gone once a replica takes over.
 */
export interface ReplicaWait {
  /** Replicas the write of `key` (its full Redis key) waits for: 0 when its master has none live. */
  needed(key: string): number | Promise<number>;
  /** `WAIT`'s timeout in ms, inside the storage call's own bound so its answer arrives first. */
  readonly waitMs: number;
  /** Called when `WAIT` answered fewer replicas than needed for `key`: its master is asked again. */
  shortfall(key: string): void;
  dispose(): void;
}

/** What {@link replicaWait} needs from the app's settings. */
export interface ReplicaWaitOptions {
  /** Replicas to wait for at most (the `waitForReplicas` option); 0 turns waiting off. */
  waitForReplicas: number;
  /** The storage call's bound, in ms: `WAIT` gets ¾ of it. */
  timeoutMs: number;
  /** Told once when a master refuses `INFO` (an ACL without it): its writes are not waited on. */
  warn: (message: string) => void;
  /** Where the store points, for that message (`redis at 127.0.0.1:6379`). */
  target: string;
}

/**
 * Counts the live replicas of the master a key lives on, without a round trip on the write
 * path: `INFO replication` (replicas online that acknowledged within {@link MAX_LAG_S}), asked
 * of each master when first written to, on every reconnect, every {@link REFRESH_MS} and right
 * after a shortfall (so a replica that died stops being waited for after one failed write, one
 * that hangs after {@link MAX_LAG_S}). On a Cluster the master comes from the client's slot map.
 * `waitForReplicas` caps the count; 0 turns waiting off. A master that refuses `INFO` (a Redis
 * error reply, such as an ACL's NOPERM) counts 0 replicas, and `warn` is told so once.
 */
export function replicaWait(client: ReplicaSource, { waitForReplicas: wanted, timeoutMs, warn, target }: ReplicaWaitOptions): ReplicaWait {
  const waitMs = Math.max(1, Math.floor((timeoutMs * 3) / 4));
  if (wanted === 0) return { needed: () => 0, waitMs, shortfall: () => {}, dispose: () => {} };
  let warned = false;
  const refused = (error: unknown) => {
    if (warned || (error as { name?: unknown } | null)?.name !== "ReplyError") return; // a dropped connection is an outage, logged apart
    warned = true;
    const reply = String((error as Error).message).slice(0, 200);
    warn(
      `sessionkit: ${target} refused INFO (${reply}), so sessionkit cannot count its replicas and acknowledges writes without waiting ` +
        "for one: a failover may lose them. Allow INFO for this user (ACL: +info), or set waitForReplicas: 0 to accept that.",
    );
  };
  const counters = new Map<string, ReplicaCounter>(); // by master: "host:port" on a Cluster, "" for one server
  const counterOf = (key: string): ReplicaCounter | Promise<ReplicaCounter> => {
    if (!client.isCluster) return counterFor("", () => client);
    const master = client.slots?.[slotOf(key)]?.[0];
    if (master) return counterFor(master, () => client.nodes?.("master").find((node) => nodeKey(node) === master));
    return client.status === "ready" ? counterFor("", () => undefined) : clusterReady(client).then(() => counterOf(key)); // the slot map comes with "ready"
  };
  const counterFor = (name: string, node: () => NodeConnection | undefined): ReplicaCounter => {
    let counter = counters.get(name);
    if (!counter) counters.set(name, (counter = replicaCounter(node, refused)));
    return counter;
  };
  client.on("ready", () => counters.clear()); // a reconnect may have found a new master
  const timer = setInterval(() => counters.forEach((counter) => counter.ask()), REFRESH_MS);
  (timer as { unref?: () => void }).unref?.();
  const capped = (count: number) => Math.min(wanted, count);
  return {
    needed: (key) => {
      const counter = counterOf(key);
      if (counter instanceof Promise) return counter.then((found) => found.count()).then(capped);
      const count = counter.count();
      return typeof count === "number" ? capped(count) : count.then(capped);
    },
    waitMs,
    shortfall: (key) => {
      const counter = counterOf(key);
      if (!(counter instanceof Promise)) counter.ask();
    },
    dispose: () => clearInterval(timer),
  };
}

/** One master's count of live replicas, from its last `INFO replication` answer. */
interface ReplicaCounter {
  /** The last answer, or the pending one when none came yet. */
  count(): number | Promise<number>;
  /** Asks again (once at a time); the old count stands until the answer. */
  ask(): Promise<number>;
}

/**
 * `node` is looked up at each ask: a Cluster's pool may not hold the master's connection yet.
 * `refused` hears why an ask failed.
 */
function replicaCounter(node: () => NodeConnection | undefined, refused: (error: unknown) => void): ReplicaCounter {
  let known: number | undefined;
  let asking: Promise<number> | undefined;
  // An INFO that fails (no permission, a dropped connection) or a master not connected yet counts
  // 0 until the next ask (every write's own pipeline goes to it and fails or connects it).
  const ask = (): Promise<number> =>
    (asking ??= (node()?.info?.("replication") ?? Promise.resolve(""))
      .then(liveReplicas, (error: unknown) => (refused(error), 0))
      .then((count) => (known = count))
      .finally(() => (asking = undefined)));
  return { count: () => known ?? ask(), ask };
}

/**
 * The replicas an `INFO replication` answer of a master lists as online and acknowledging
 * (`slave0:ip=…,port=…,state=online,offset=…,lag=0`); a replica's answer lists none.
 */
function liveReplicas(info: unknown): number {
  if (typeof info !== "string" || !/^role:master\s*$/m.test(info)) return 0;
  let live = 0;
  for (const [, state, lag] of info.matchAll(/^slave\d+:.*?\bstate=([a-z_]+).*?\blag=(\d+)/gm)) {
    if (state === "online" && Number(lag) <= MAX_LAG_S) live++;
  }
  return live;
}
