// What sessionkit needs to know of an ioredis \`Cluster\` client: key slots, node keys, readiness.
// Shared by the Cluster-wide SCAN (redis-scan.ts) and the replica count of a write (redis-replicas.ts).

/** Slots of a Redis Cluster. */
export const SLOTS = 16384;

/** CRC16-XMODEM (polynomial 0x1021), the checksum Redis Cluster maps keys to slots with. */
function crc16(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/**
 * The Cluster slot of `key` (0–16383), as `CLUSTER KEYSLOT` computes it: the CRC16 of the
 * key, or of the part inside its first non-empty `{…}` hash tag.
 */
export function slotOf(key: string): number {
  const open = key.indexOf("{");
  if (open !== -1) {
    const close = key.indexOf("}", open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % SLOTS;
  }
  return crc16(key) % SLOTS;
}

/** A node connection's key in the slot map and the pool: `host:port`. */
export function nodeKey(node: { readonly options?: { host?: string; port?: number } }): string {
  return `${node.options?.host}:${node.options?.port}`;
}

/** The part of an ioredis \`Cluster\` that tells when it is ready. */
export interface ClusterEvents {
  readonly status?: string;
  once(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/** Until the Cluster client knows the slots (and so its masters), `nodes()` and `slots` are empty. */
export function clusterReady(cluster: ClusterEvents): Promise<void> {
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
