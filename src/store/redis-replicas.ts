import { slotOf } from "./redis-slot";

/** How often a master's count of connected replicas (`ROLE`) is asked again. */
const ROLE_REFRESH_MS = 5000;

/** One server's connection: what `ROLE` needs. */
interface NodeConnection {
  readonly options?: { host?: string; port?: number };
  role?(): Promise<unknown>;
}

/** The part of an ioredis client (one server, Sentinel or Cluster) that replica counting uses. */
export interface ReplicaSource extends NodeConnection {
  readonly isCluster?: boolean;
  readonly status?: string;
  /** A Cluster's slot map: per slot, the master's node key (`host:port`) first, then its replicas'. */
  readonly slots?: string[][];
  /** A Cluster's connections to its masters. */
  nodes?(role: "master"): NodeConnection[];
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * How many replicas a record write waits for (Redis `WAIT`) before a commit is acknowledged,
 * so that a failover, which promotes a replica, cannot lose it: Redis replicates
 * asynchronously, and without this a write the master answered but had not yet sent on is
 * gone once a replica takes over.
 */
export interface ReplicaWait {
  /** Replicas the write of `key` (its full Redis key) waits for: 0 when its master has none connected. */
  needed(key: string): number | Promise<number>;
  /** `WAIT`'s timeout in ms, inside the storage call's own bound so its answer arrives first. */
  readonly waitMs: number;
  /** Called when `WAIT` answered fewer replicas than needed for `key`: its master is asked again. */
  shortfall(key: string): void;
  dispose(): void;
}

/**
 * Counts the replicas connected to the master a key lives on, without a round trip on the
 * write path: `ROLE`, asked of each master when first written to, on every reconnect, every
 * {@link ROLE_REFRESH_MS} and right after a shortfall (so a replica that died stops being waited
 * for after one failed write). On a Cluster the master comes from the client's slot map. `wanted`
 * caps the count (the `waitForReplicas` option); 0 turns waiting off.
 */
export function replicaWait(client: ReplicaSource, wanted: number, timeoutMs: number): ReplicaWait {
  const waitMs = Math.max(1, Math.floor((timeoutMs * 3) / 4));
  if (wanted === 0) return { needed: () => 0, waitMs, shortfall: () => {}, dispose: () => {} };
  const counters = new Map<string, RoleCounter>(); // by master: "host:port" on a Cluster, "" for one server
  const counterOf = (key: string): RoleCounter | Promise<RoleCounter> => {
    if (!client.isCluster) return counterFor("", () => client);
    const master = client.slots?.[slotOf(key)]?.[0];
    if (master) return counterFor(master, () => client.nodes?.("master").find((node) => `${node.options?.host}:${node.options?.port}` === master));
    return client.status === "ready" ? counterFor("", () => undefined) : whenReady().then(() => counterOf(key)); // the slot map comes with "ready"
  };
  const counterFor = (name: string, node: () => NodeConnection | undefined): RoleCounter => {
    let counter = counters.get(name);
    if (!counter) counters.set(name, (counter = roleCounter(node)));
    return counter;
  };
  let connected: Promise<void> | undefined;
  const whenReady = () => (connected ??= new Promise<void>((resolve) => client.once("ready", () => ((connected = undefined), resolve()))));
  client.on("ready", () => counters.clear()); // a reconnect may have found a new master
  const timer = setInterval(() => counters.forEach((counter) => counter.ask()), ROLE_REFRESH_MS);
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

/** One master's count of connected replicas, from its last `ROLE` answer. */
interface RoleCounter {
  /** The last answer, or the pending one when none came yet. */
  count(): number | Promise<number>;
  /** Asks again (once at a time); the old count stands until the answer. */
  ask(): Promise<number>;
}

/** `node` is looked up at each ask: a Cluster's pool may not hold the master's connection yet. */
function roleCounter(node: () => NodeConnection | undefined): RoleCounter {
  let known: number | undefined;
  let asking: Promise<number> | undefined;
  // A ROLE that fails (no permission, a dropped connection) or a master not connected yet counts
  // 0 until the next ask (every write's own pipeline goes to it and fails or connects it).
  const ask = (): Promise<number> =>
    (asking ??= (node()?.role?.() ?? Promise.resolve([]))
      .then(connectedReplicas, () => 0)
      .then((count) => (known = count))
      .finally(() => (asking = undefined)));
  return { count: () => known ?? ask(), ask };
}

/** The replicas a `ROLE` reply lists as connected to a master (`["master", offset, [[host, port, offset], …]]`). */
function connectedReplicas(role: unknown): number {
  if (!Array.isArray(role) || role[0] !== "master" || !Array.isArray(role[2])) return 0;
  return role[2].length;
}
