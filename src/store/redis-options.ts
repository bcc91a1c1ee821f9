import { parseRedisUrl, type RedisTarget } from "./redis-url";

/**
 * Options that make ioredis fail fast while Redis is down (one retry per command, connecting
 * bounded by the storage timeout) instead of its ~10 s of retries; reconnection goes on in the
 * background. For a Cluster they go to every node's connection (`redisOptions`).
 */
export function failFast(timeoutMs: number): { maxRetriesPerRequest: number; connectTimeout: number } {
  return { maxRetriesPerRequest: 1, connectTimeout: timeoutMs };
}

/**
 * unstorage redis driver options (passed on to ioredis) for a Redis URL of any form
 * ({@link parseRedisUrl}); throws `SessionConfigError` on a malformed one.
 */
export function redisUrlOptions(url: string, what = "storage"): Record<string, unknown> {
  return targetOptions(parseRedisUrl(url, what));
}

/** ioredis options for a parsed target: `{ url }`, `{ sentinels, name, … }` or `{ cluster, clusterOptions }`. */
export function targetOptions(target: RedisTarget): Record<string, unknown> {
  switch (target.kind) {
    case "single":
      return { url: target.url };
    case "cluster":
      return { cluster: target.nodes, clusterOptions: { redisOptions: nodeOptions(target) } };
    case "sentinel":
      return {
        ...nodeOptions(target),
        sentinels: target.sentinels,
        name: target.name,
        ...(target.db === undefined ? {} : { db: target.db }),
        ...(target.sentinelAuth.username === undefined ? {} : { sentinelUsername: target.sentinelAuth.username }),
        ...(target.sentinelAuth.password === undefined ? {} : { sentinelPassword: target.sentinelAuth.password }),
        ...(target.tls ? { enableTLSForSentinelMode: true } : {}),
      };
  }
}

/** Credentials and TLS of each data node's connection. */
export function nodeOptions(target: Exclude<RedisTarget, { kind: "single" }>): Record<string, unknown> {
  return { ...target.auth, ...(target.tls ? { tls: {} } : {}) };
}

/**
 * The fail-fast defaults added to redis driver options (a URL's or a user's
 * `{ driver: "redis", … }`): the user's own settings win, and for a Cluster they go to every
 * node's connection (`clusterOptions.redisOptions`). The given object is never modified.
 */
export function withFailFast(options: Record<string, unknown>, timeoutMs: number): Record<string, unknown> {
  const defaults = failFast(timeoutMs);
  if (!Array.isArray(options.cluster)) return { ...defaults, ...options };
  const clusterOptions = (options.clusterOptions ?? {}) as Record<string, unknown>;
  const redisOptions = (clusterOptions.redisOptions ?? {}) as Record<string, unknown>;
  return { ...options, clusterOptions: { ...clusterOptions, redisOptions: { ...defaults, ...redisOptions } } };
}
