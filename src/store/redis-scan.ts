import { clusterReady, nodeKey, SLOTS, type ClusterEvents } from "./redis-cluster";

/** The part of an ioredis client (or of one Cluster node's connection) that a SCAN needs. */
interface Scannable {
  scan(cursor: string, match: "MATCH", pattern: string, count: "COUNT", size: number): Promise<[string, string[]]>;
}

/** One node connection in an ioredis `Cluster`'s pool. */
interface ClusterNode extends Scannable {
  readonly options: { host?: string; port?: number };
}

/** The part of an ioredis `Cluster` used to reach every master. */
interface ClusterLike extends Scannable, ClusterEvents {
  readonly isCluster: true;
  nodes(role: "all"): ClusterNode[];
  cluster(subcommand: "SLOTS"): Promise<unknown>;
}

/** Keys per SCAN call: large enough to keep round trips few, small enough not to block Redis. */
const SCAN_COUNT = 1000;

/**
 * Every key matching `pattern` (a Redis glob), on one server or — for a Cluster — on every
 * master: SCAN covers one node only, and ioredis sends a keyless command to one random node,
 * so a single SCAN loop over a Cluster is silently partial. The masters come from the
 * Cluster's own slot map (CLUSTER SLOTS), not from the client's pool, which forgets a node the
 * moment its connection drops: a master that is down, or slots that no master serves, make the
 * listing fail rather than come back short. Keys seen twice (a slot migrating while the scan
 * runs) are listed once.
 */
export async function scanKeys(client: Scannable, pattern: string): Promise<string[]> {
  if (!isCluster(client)) return scanNode(client, pattern);
  await clusterReady(client);
  const masters = await clusterMasters(client);
  const perMaster = await Promise.all(masters.map((node) => scanNode(node, pattern)));
  return [...new Set(perMaster.flat())];
}

/** A connection to each master of the slot map; throws when a slot has no master or a master no connection. */
async function clusterMasters(cluster: ClusterLike): Promise<Scannable[]> {
  const ranges = (await cluster.cluster("SLOTS")) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
  let covered = 0;
  const wanted = new Set<string>();
  for (const [from, to, [host, port]] of ranges) {
    covered += to - from + 1;
    wanted.add(`${host}:${port}`);
  }
  if (covered < SLOTS) throw new Error(`the Redis Cluster serves ${covered} of ${SLOTS} slots`);
  const pool = new Map(cluster.nodes("all").map((node) => [nodeKey(node), node]));
  return [...wanted].map((key) => {
    const node = pool.get(key);
    if (!node) throw new Error(`the Redis Cluster master ${key} is not reachable`);
    return node;
  });
}

/** Escapes Redis glob characters, so a prefix matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}

async function scanNode(node: Scannable, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await node.scan(cursor, "MATCH", pattern, "COUNT", SCAN_COUNT);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  return keys;
}

function isCluster(client: Scannable): client is ClusterLike {
  return (client as Partial<ClusterLike>).isCluster === true && typeof (client as Partial<ClusterLike>).nodes === "function";
}
