import { bounded } from "./bounded";
import { replicaWait, type ReplicaSource, type ReplicaWaitOptions } from "./redis-replicas";
import { escapeGlob, scanKeys } from "./redis-scan";
import type { RecordStore } from "./types";

/** The part of an ioredis client this store uses. */
interface RedisClient extends ReplicaSource {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: "EX", seconds: number): Promise<unknown>;
  unlink(...keys: string[]): Promise<number>;
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  /** A pipeline (ioredis: sent in one write; on a Cluster, to the node of its keys' slot). */
  pipeline(): any;
  [command: string]: any;
}

/** The part of unstorage's redis driver this store uses. */
interface RedisDriver {
  getInstance(): RedisClient;
  dispose?(): Promise<void>;
}

/**
 * Writes `ARGV[2]` with a TTL of `ARGV[3]` seconds only if the key still holds `ARGV[1]`
 * (`""` = absent). Returns `{1}`, or `{0, current}` when someone else wrote first.
 */
const SWAP_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return {1}
end
return {0, current}
`;

/**
 * Reads a record and, when it is alive and its refresh is due, rewrites its leading `"t"` (last
 * refresh) and its TTL in the same round trip. The JSON starts `{"t":…,"c":…[,"e":…]` (see
 * commit.ts); the rest is copied byte for byte. Mirrors expiry.ts: idle window `e` seconds or
 * `ARGV[3]` ms, touch interval min(`ARGV[2]`, idle / 10), absolute `c + ARGV[4]`.
 * Returns `{value, 1}` when it refreshed, `{value, 0}` otherwise, `false` when absent.
 */
const READ_AND_TOUCH_SCRIPT = `
local value = redis.call('GET', KEYS[1])
if not value then return false end
local t, c, rest = string.match(value, '^{"t":(%d+),"c":(%d+)(.*)$')
if not t then return {value, 0} end
t = tonumber(t)
c = tonumber(c)
local now = tonumber(ARGV[1])
local idle = tonumber(ARGV[3])
local e = string.match(rest, '^,"e":(%d+)')
if e then idle = tonumber(e) * 1000 end
local absolute = c + tonumber(ARGV[4])
if now >= absolute or now >= t + idle then return {value, 0} end
if now - t < math.min(tonumber(ARGV[2]), idle / 10) then return {value, 0} end
local touched = '{"t":' .. string.format('%d', now) .. ',"c":' .. string.format('%d', c) .. rest
redis.call('SET', KEYS[1], touched, 'PX', math.max(1, math.min(now + idle, absolute) - now))
return {touched, 1}
`;

/** How the Redis store bounds its calls (`timeoutMs`) and confirms its writes (the rest). */
export type RedisStoreOptions = ReplicaWaitOptions;

/**
 * The store for Redis: plain GET / SET EX / UNLINK on the client of unstorage's redis driver
 * (same options, same `base` prefix), plus an atomic compare-and-set script so concurrent
 * commits from several processes never lose each other's writes. On one server, Sentinel and
 * Cluster alike: every command and script touches one key (no CROSSSLOT), and key listing
 * scans every Cluster master (redis-scan.ts). Where the key's master has replicas, each write
 * waits for `waitForReplicas` of them (redis-replicas.ts) in the same round trip.
 */
export function createRedisStore(driver: RedisDriver, base: string, options: RedisStoreOptions): RecordStore {
  const { timeoutMs } = options;
  const client = driver.getInstance();
  const replicas = replicaWait(client, options);
  client.defineCommand("sessionkitSwap", { numberOfKeys: 1, lua: SWAP_SCRIPT });
  client.defineCommand("sessionkitReadAndTouch", { numberOfKeys: 1, lua: READ_AND_TOUCH_SCRIPT });
  /** The exact JSON each value was read from, for compare-and-set. */
  const rawOf = new WeakMap<object, string>();
  const full = (key: string) => (base ? `${base}:${key}` : key);
  const call = <T>(operation: string, run: () => Promise<T>) => bounded(operation, "redis", timeoutMs, run);
  /**
   * Sends a write built by `send` (on the client, or on a pipeline: ioredis has the same
   * methods on both); where the key's master has replicas, `WAIT` follows in the same pipeline
   * and fewer confirmations than needed fail the write. Returns the first command's reply.
   * (ioredis sends a script in full the first time on each connection; only after a
   * `SCRIPT FLUSH` would it re-send one behind the WAIT, leaving that one write unwaited.)
   */
  const write = async (key: string, send: (target: RedisClient) => unknown): Promise<unknown> => {
    const needed = await replicas.needed(key);
    if (needed === 0) return send(client);
    const pipeline = client.pipeline();
    send(pipeline);
    const results = (await pipeline.wait(needed, replicas.waitMs).exec()) as Array<[Error | null, unknown]>;
    for (const [error] of results) if (error) throw error;
    const confirmed = results[results.length - 1]![1] as number;
    if (confirmed < needed) {
      replicas.shortfall(key);
      throw new Error(
        `not confirmed by ${needed} replica(s) within ${replicas.waitMs} ms (WAIT answered ${confirmed}), so not acknowledged (it may still be applied); ` +
          "waitForReplicas: 0 acknowledges on the master alone",
      );
    }
    return results[0]![1];
  };
  const parse = (raw: string | null | false): unknown => {
    if (raw === null || raw === false) return null;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === "object" && value !== null) rawOf.set(value, raw);
      return value;
    } catch {
      return raw; // not JSON: the caller sees a corrupt record
    }
  };

  return {
    ordered: true, // every write of a record is a compare-and-set (or the first write of a new key)
    index: {
      add: (key, member, score, ttl) =>
        call("write", async () => {
          await write(full(key), (target) => target.multi().zadd(full(key), score, member).expire(full(key), Math.max(1, Math.ceil(ttl))).exec());
        }),
      remove: (key, members) =>
        call("remove", async () => {
          if (members.length > 0) await write(full(key), (target) => target.zrem(full(key), ...members));
        }),
      members: (key) =>
        call("list", async () => {
          const flat = (await client.zrange(full(key), 0, -1, "WITHSCORES")) as string[];
          const members: Array<[string, number]> = [];
          for (let i = 0; i + 1 < flat.length; i += 2) members.push([flat[i]!, Number(flat[i + 1])]);
          return members;
        }),
    },
    get: (key) => call("read", async () => parse(await client.get(full(key)))),
    readAndTouch: (key, now, timeouts) =>
      call("read", async () => {
        const result = (await client.sessionkitReadAndTouch(full(key), now, timeouts.touchMs, timeouts.idleMs, timeouts.absoluteMs)) as
          | [string, number]
          | null;
        return result ? { value: parse(result[0]), touched: result[1] === 1 } : { value: null, touched: false };
      }),
    set: (key, value, ttl) =>
      call("write", async () => {
        await write(full(key), (target) => target.set(full(key), JSON.stringify(value), "EX", Math.max(1, Math.ceil(ttl))));
      }),
    remove: (key) =>
      call("remove", async () => {
        await write(full(key), (target) => target.unlink(full(key)));
      }),
    keys: (prefix) =>
      call("list", async () => {
        const start = [base, prefix.replace(/^:+|:+$/g, "")].filter(Boolean).join(":");
        const found = await scanKeys(client as never, start ? `${escapeGlob(start)}:*` : "*");
        return found.map((key) => (base ? key.slice(base.length + 1) : key));
      }),
    swap: (key, expected, value, ttl) =>
      call("write", async () => {
        const expectedRaw = expected === null ? "" : (rawOf.get(expected as object) ?? JSON.stringify(expected));
        const reply = await write(full(key), (target) => target.sessionkitSwap(full(key), expectedRaw, JSON.stringify(value), Math.max(1, Math.ceil(ttl))));
        const [ok, current] = reply as [
          number,
          string | false | undefined,
        ];
        return ok === 1 ? { ok: true as const } : { ok: false as const, current: parse(current ?? null) };
      }),
    dispose: async () => {
      replicas.dispose();
      await driver.dispose?.();
    },
  };
}
