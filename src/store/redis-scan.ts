/** The part of an ioredis client (or of one Cluster node's connection) that a SCAN needs. */
interface Scannable {
  scan(cursor: string, match: "MATCH", pattern: string, count: "COUNT", size: number): Promise<[string, string[]]>;
}

/** The part of an ioredis `Cluster` used to reach every master. */
interface ClusterLike extends Scannable {
  readonly isCluster: true;
  readonly status: string;
  nodes(role: "master"): Scannable[];
  once(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** Keys per SCAN call: large enough to keep round trips few, small enough not to block Redis. */
const SCAN_COUNT = 1000;

/**
 * Every key matching `pattern` (a Redis glob), on one server or — for a Cluster — on every
 * master: SCAN covers one node only, and ioredis sends a keyless command to one random node,
 * so a single SCAN loop over a Cluster is silently partial. A master that does not answer
 * makes the listing fail rather than come back short. Keys seen twice (a slot migrating while
 * the scan runs) are listed once.
 */
export async function scanKeys(client: Scannable, pattern: string): Promise<string[]> {
  if (!isCluster(client)) return scanNode(client, pattern);
  await clusterReady(client);
  const masters = client.nodes("master");
  if (masters.length === 0) throw new Error("the Redis Cluster has no reachable master");
  const perMaster = await Promise.all(masters.map((node) => scanNode(node, pattern)));
  return [...new Set(perMaster.flat())];
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

/** Until the Cluster client knows the slots (and so its masters), `nodes()` is empty. */
function clusterReady(cluster: ClusterLike): Promise<void> {
  if (cluster.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      cluster.off("end", onEnd);
      resolve();
    };
    const onEnd = () => {
      cluster.off("ready", onReady);
      reject(new Error("the Redis Cluster connection ended"));
    };
    cluster.once("ready", onReady);
    cluster.once("end", onEnd);
  });
}
