import { builtinDrivers, createStorage, type Storage } from "unstorage";
import { bounded } from "./bounded";
import { atomicFsWrites } from "./fs-atomic";
import { SessionConfigError } from "../errors";
import { createMemoryStore } from "./memory";
import { createRedisStore } from "./redis";
import type { DriverConfig, StorageOption } from "../types";
import type { RecordStore, ResolvedStorage } from "./types";


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
    return { mode: "server", describe: "unstorage instance", open: async () => wrapStorage(storage, "storage", timeoutMs) };
  }
  if (option && typeof option === "object" && "driver" in option && typeof option.driver === "string") return resolveDriver(option, timeoutMs);
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
    let driver = module.default(driverOptions);
    if (name === "fs" && typeof driverOptions.base === "string") driver = atomicFsWrites(driver, driverOptions.base);
    // ioredis emits "error" while disconnected; without a listener Node logs every reconnect attempt.
    if (name === "redis") {
      driver.getInstance().on("error", () => {});
      return createRedisStore(driver, typeof driverOptions.base === "string" ? driverOptions.base.replace(/:$/, "") : "", timeoutMs);
    }
    return wrapStorage(createStorage({ driver }), name, timeoutMs);
  };
  return { mode: "server", describe: name, open };
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
