import { builtinDrivers, createStorage, type Storage } from "unstorage";
import { bounded } from "./bounded";
import { SessionConfigError } from "./errors";
import { createMemoryStore } from "./memory-store";
import { createRedisStore } from "./redis-store";
import type { Timeouts } from "./expiry";
import type { DriverConfig, StorageOption } from "./types";

/** The narrow storage interface the session core uses. Keys are already hashed. */
export interface RecordStore {
  /** Driver name, for messages. */
  readonly name: string;
  /** Whether the backend expires records by itself (otherwise `sweep()` is needed). */
  readonly nativeTtl: boolean;
  /** The stored value, or `null`. */
  get(key: string): Promise<unknown>;
  /**
   * `get` that also refreshes an alive record whose refresh is due (its `t` and TTL), in the
   * same round trip, where the backend can (Redis). Expired records are returned untouched.
   */
  readAndTouch?(key: string, now: number, timeouts: Timeouts): Promise<{ value: unknown; touched: boolean }>;
  /** The same as `get`, synchronously, for in-process stores that can (the memory store). */
  peek?(key: string): unknown;
  /** Stores an object; `ttlSeconds` is passed to drivers that honour it. */
  set(key: string, value: object, ttlSeconds: number): Promise<void>;
  remove(key: string): Promise<void>;
  /** All keys under `base`. */
  keys(base: string): Promise<string[]>;
  /**
   * Atomic compare-and-set, where the backend has one: writes `value` only if the key still
   * holds `expected` (a value this store returned, or `null` for absent); on conflict, returns
   * what the key holds now.
   */
  swap?(key: string, expected: unknown, value: object, ttlSeconds: number): Promise<{ ok: true } | { ok: false; current: unknown }>;
  /** Deletes expired records itself, when the store can; returns how many. */
  sweep?(): Promise<number>;
  dispose(): Promise<void>;
}

/** Drivers whose `setItem(key, value, { ttl })` makes the backend expire the record. */
const NATIVE_TTL_DRIVERS = new Set([
  "redis", "upstash", "vercel-kv", "vercelKV", "cloudflare-kv-binding", "cloudflareKVBinding",
  "cloudflare-kv-http", "cloudflareKVHTTP", "deno-kv", "denoKV", "deno-kv-node", "denoKVNode",
]);

/** A storage option resolved at `defineSessions`: either the stateless cookie mode or a store factory. */
export type ResolvedStorage = { mode: "cookie" } | { mode: "server"; describe: string; open: () => Promise<RecordStore> };

/**
 * Resolves `storage` synchronously (so config errors throw at `defineSessions`); the driver
 * module itself is imported on first use.
 */
export function resolveStorage(option: StorageOption | undefined, timeoutMs: number, now: () => number): ResolvedStorage {
  if (option === undefined) option = "memory:";
  if (option === "cookie") return { mode: "cookie" };
  if (typeof option === "string") return resolveUrl(option, timeoutMs, now);
  if (isStorage(option)) {
    const storage = option;
    return { mode: "server", describe: "unstorage instance", open: async () => wrapStorage(storage, "storage", false, timeoutMs) };
  }
  if (option && typeof option === "object" && typeof option.driver === "string") return resolveDriver(option, timeoutMs);
  throw new SessionConfigError(
    'sessionkit: `storage` must be an unstorage Storage, a driver config like `{ driver: "fs", base: "./.data" }`, ' +
      'a URL ("memory:", "file:./.data", "redis://host:6379") or "cookie".',
  );
}

function resolveUrl(url: string, timeoutMs: number, now: () => number): ResolvedStorage {
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  if (scheme === "memory:") {
    const max = Number(new URLSearchParams(url.slice(url.indexOf("?") + 1 || url.length)).get("max") ?? undefined);
    const store = createMemoryStore({ max: Number.isFinite(max) && max > 0 ? max : undefined, now });
    return { mode: "server", describe: "memory", open: async () => store };
  }
  if (scheme === "file:") {
    const base = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url.slice(5);
    if (!base) throw new SessionConfigError('sessionkit: a file: storage URL needs a path, e.g. "file:./.data/sessions".');
    return resolveDriver({ driver: "fs", base }, timeoutMs);
  }
  if (scheme === "redis:" || scheme === "rediss:") return resolveDriver({ driver: "redis", url }, timeoutMs);
  throw new SessionConfigError(
    `sessionkit: unknown storage URL scheme "${scheme || url}". Use "memory:", "file:./path", "redis://…", "rediss://…" or "cookie".`,
  );
}

function resolveDriver(config: DriverConfig, timeoutMs: number): ResolvedStorage {
  const { driver: name, ...driverOptions } = config;
  const modulePath = (builtinDrivers as Record<string, string>)[name];
  if (!modulePath) {
    const known = Object.keys(builtinDrivers).filter((key) => key.includes("-") || key === key.toLowerCase());
    throw new SessionConfigError(`sessionkit: unknown storage driver "${name}". Known drivers: ${known.sort().join(", ")}.`);
  }
  if (name === "redis") {
    // Fail fast while Redis is down instead of ioredis' ~10 s of retries; reconnection goes on in the background.
    Object.assign(driverOptions, { maxRetriesPerRequest: 1, connectTimeout: timeoutMs, ...driverOptions });
  }
  const open = async () => {
    const module = (await import(/* @vite-ignore */ modulePath)) as { default: (options: object) => any };
    const driver = module.default(driverOptions);
    // ioredis emits "error" while disconnected; without a listener Node logs every reconnect attempt.
    if (name === "redis") {
      driver.getInstance().on("error", () => {});
      return createRedisStore(driver, typeof driverOptions.base === "string" ? driverOptions.base.replace(/:$/, "") : "", timeoutMs);
    }
    return wrapStorage(createStorage({ driver }), name, NATIVE_TTL_DRIVERS.has(name), timeoutMs);
  };
  return { mode: "server", describe: name, open };
}

function isStorage(value: unknown): value is Storage {
  return !!value && typeof (value as Storage).getItem === "function" && typeof (value as Storage).setItem === "function";
}

/** Wraps an unstorage `Storage`: every call bounded by `timeoutMs`, every failure a `SessionStorageError`. */
function wrapStorage(storage: Storage, name: string, nativeTtl: boolean, timeoutMs: number): RecordStore {
  const call = <T>(operation: string, run: () => Promise<T>) => bounded(operation, name, timeoutMs, run);
  return {
    name,
    nativeTtl,
    get: (key) => call("read", () => storage.getItem(key)),
    set: (key, value, ttl) => call("write", () => storage.setItem(key, value as any, { ttl: Math.max(1, Math.ceil(ttl)) })),
    remove: (key) => call("remove", () => storage.removeItem(key)),
    keys: (base) => call("list", () => storage.getKeys(base)),
    dispose: () => call("dispose", () => storage.dispose()),
  };
}
