import { createStorage, type Driver, type Storage } from "unstorage";
import { bounded } from "./bounded";
import { atomicFsWrites } from "./fs-atomic";
import { SessionConfigError } from "../errors";
import { driverSource } from "./drivers";
import { missingPeerAtDefine } from "./peer-check";
import { createMemoryStore } from "./memory";
import { createRedisStore } from "./redis";
import { describeTarget, redactUrl } from "./target";
import { redisUrlOptions, withFailFast } from "./redis-options";
import { isRedisUrl } from "./redis-url";
import type { DriverConfig, StorageOption } from "../types";
import type { RecordStore, ResolvedStorage } from "./types";

/** What the stores need besides the `storage` option itself. */
export interface StoreSettings {
  /** Upper bound of one storage call, in ms (`storageTimeout`). */
  timeoutMs: number;
  /** The clock (ms), for the memory store's expiry. */
  now: () => number;
  /** Replicas each Redis record write waits for (`waitForReplicas`). */
  waitForReplicas: number;
  /** Where a store reports, once, a setting that weakens a promise (the app's `logger`). */
  warn: (message: string) => void;
}

/**
 * Resolves `storage` synchronously (so config errors throw at `defineSessions`); the driver
 * itself is loaded and created on first use, so nothing here does I/O.
 */
export function resolveStorage(option: StorageOption | undefined, settings: StoreSettings): ResolvedStorage {
  if (option === undefined) option = "memory:";
  if (option === "cookie") return { mode: "cookie" };
  if (typeof option === "string") return resolveUrl(option, settings);
  if (isStorage(option)) {
    const storage = option;
    return { mode: "server", describe: "unstorage instance", fallible: true, open: async () => wrapStorage(storage, "storage", settings.timeoutMs) };
  }
  if (option && typeof option === "object" && "driver" in option && (typeof option.driver === "string" || typeof option.driver === "function")) {
    return resolveDriver(option, settings);
  }
  throw new SessionConfigError(
    'sessionkit: `storage` must be an unstorage Storage, a driver config like `{ driver: "fs", base: "./.data" }` or ' +
      "`{ driver: cloudflareKVBinding, binding: env.SESSIONS }`, a URL (\"memory:\", \"file:./.data\", \"redis://host:6379\") or \"cookie\".",
  );
}

function resolveUrl(url: string, settings: StoreSettings): ResolvedStorage {
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  if (scheme === "memory:") {
    const max = Number(new URLSearchParams(url.slice(url.indexOf("?") + 1 || url.length)).get("max") ?? undefined);
    const store = createMemoryStore({ max: Number.isFinite(max) && max > 0 ? max : undefined, now: settings.now });
    return { mode: "server", describe: "memory", open: async () => store };
  }
  if (scheme === "file:") {
    const base = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url.slice(5);
    if (!base) throw new SessionConfigError('sessionkit: a file: storage URL needs a path, e.g. "file:./.data/sessions".');
    return resolveDriver({ driver: "fs", base }, settings);
  }
  if (scheme === "redis:" || scheme === "rediss:") return resolveDriver({ driver: "redis", url: checkRedisUrl(url, scheme) }, settings);
  if (isRedisUrl(url)) return resolveDriver({ driver: "redis", ...redisUrlOptions(url) }, settings);
  throw new SessionConfigError(
    `sessionkit: unknown storage URL scheme "${scheme || redactUrl(url)}". Use "memory:", "file:./path", "redis://…", "rediss://…", "redis+cluster://h1:p1,h2:p2", "redis+sentinel://s1:p1/mymaster" or "cookie".`,
  );
}

/** A Redis URL needs `//` and a host: `redis:/localhost` would otherwise connect to the default localhost:6379 silently. */
function checkRedisUrl(url: string, scheme: string): string {
  let host = "";
  try {
    host = new URL(url).hostname;
  } catch {
    // reported below
  }
  if (!url.slice(scheme.length).startsWith("//") || !host) {
    throw new SessionConfigError(
      `sessionkit: "${redactUrl(url)}" is not a valid Redis URL: it needs "//" and a host. Write it as "${scheme}//host:6379" (e.g. "${scheme}//127.0.0.1:6379/0").`,
    );
  }
  return url;
}

function resolveDriver(config: DriverConfig, settings: StoreSettings): ResolvedStorage {
  const { timeoutMs } = settings;
  const { driver: driverOption, ...driverOptions } = config;
  const source = driverSource(driverOption);
  if (source.name === "redis") {
    const missing = missingPeerAtDefine("unstorage/drivers/redis", "ioredis", 'the "redis" storage driver');
    if (missing) throw missing;
  }
  let connectionError: unknown;
  const open = async (): Promise<RecordStore> => {
    const factory = await source.load();
    let driver: Driver = factory(source.name === "redis" ? withFailFast(driverOptions, timeoutMs) : driverOptions);
    if (driver.name === "redis" && source.name !== "redis") driver = factory(withFailFast(driverOptions, timeoutMs)); // a redis factory passed by the app
    if (driver.name === "fs" && typeof driverOptions.base === "string") driver = atomicFsWrites(driver, driverOptions.base);
    resolved.describe = describeTarget(driver.name ?? source.name, driverOptions);
    if (driver.name === "redis") {
      const client = (driver as Driver & { getInstance(): { on(event: string, listener: (...args: any[]) => void): unknown } }).getInstance();
      // ioredis emits "error" while disconnected: keep the latest for messages (without a listener Node logs every attempt).
      client.on("error", (error: unknown) => (connectionError = error));
      client.on("ready", () => (connectionError = undefined));
      const base = typeof driverOptions.base === "string" ? driverOptions.base.replace(/:$/, "") : "";
      return createRedisStore(driver as any, base, { timeoutMs, waitForReplicas: settings.waitForReplicas, warn: settings.warn, target: resolved.describe });
    }
    return wrapStorage(createStorage({ driver }), driver.name ?? source.name, timeoutMs);
  };
  const resolved = { mode: "server" as const, describe: describeTarget(source.name, driverOptions), fallible: true, open, connectionError: () => connectionError };
  return resolved;
}

function isStorage(value: unknown): value is Storage {
  return !!value && typeof (value as Storage).getItem === "function" && typeof (value as Storage).setItem === "function";
}

/**
 * Wraps an unstorage `Storage`: every call bounded by `timeoutMs`, every failure a
 * `SessionStorageError`. Values travel as `{ j: "<json>" }`: unstorage parses what it reads
 * back with destr, which drops `__proto__` keys, so the record's own JSON rides inside a string
 * and keys such as `__proto__` survive as plain keys.
 */
function wrapStorage(storage: Storage, name: string, timeoutMs: number): RecordStore {
  const call = <T>(operation: string, run: () => Promise<T>) => bounded(operation, name, timeoutMs, run);
  return {
    get: (key) => call("read", async () => unwrap(await storage.getItem(key))),
    set: (key, value, ttl) => call("write", () => storage.setItem(key, { j: JSON.stringify(value) }, { ttl: Math.max(1, Math.ceil(ttl)) })),
    remove: (key) => call("remove", () => storage.removeItem(key)),
    keys: (base) => call("list", () => storage.getKeys(base)),
    dispose: () => call("dispose", () => storage.dispose()),
  };
}

/** The value inside a `{ j }` envelope; anything else is returned as it is (a corrupt record, or null). */
function unwrap(value: unknown): unknown {
  if (typeof value !== "object" || value === null || typeof (value as { j?: unknown }).j !== "string") return value ?? null;
  try {
    return JSON.parse((value as { j: string }).j);
  } catch {
    return value;
  }
}
