import type { OwnerIndexStore, RecordStore } from "./types";

/** Options of the built-in memory store (`storage: "memory:"`). */
export interface MemoryStoreOptions {
  /** Most records kept; anonymous sessions, then the least recently used, go first beyond it. @default 100000 */
  max?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** A settled promise shared by every synchronous write. */
const DONE: Promise<void> = Promise.resolve();

/** Default bound of the memory store, in records. */
export const DEFAULT_MEMORY_MAX = 100_000;

interface Entry {
  /** The record as JSON: stored values are copies, never shared references. */
  json: string;
  /** Expiry, ms since epoch. */
  expiresAt: number;
}

/** One class of records as a two-generation LRU: used records live in `current`. */
interface Tier {
  current: Map<string, Entry>;
  previous: Map<string, Entry>;
}

/**
 * The default store: JSON strings with per-record expiry, bounded by `max`. Records live in two
 * tiers: anonymous sessions (a session record with no owner `o`) and everything else (owned,
 * signed-in sessions, rotation aliases, any other key the core stores; owner indexes live
 * outside the bound, see {@link createMemoryIndex}). When the bound is reached, anonymous
 * records go first, so a crawler's cookie-less churn never pushes out a signed-in user; owned
 * records are evicted only once they alone fill the bound.
 *
 * Each tier is two generations: a record used in the current generation stays; a full generation
 * pushes out the one before it, whole. The owned tier's generations hold `max / 2`; the anonymous
 * tier's hold half of what the owned tier leaves free. Every operation is O(1) — a single Map used
 * as an LRU queue degrades badly in V8 once its front has been deleted from many times. Expired
 * records read as missing; `sweep()` deletes them.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): RecordStore {
  const max = Math.max(2, Math.floor(options.max ?? DEFAULT_MEMORY_MAX));
  const now = options.now ?? Date.now;
  const anonymous: Tier = { current: new Map(), previous: new Map() };
  const owned: Tier = { current: new Map(), previous: new Map() };
  const sizeOf = (tier: Tier) => tier.current.size + tier.previous.size;
  const generationSize = (tier: Tier) =>
    tier === owned ? Math.floor(max / 2) : Math.max(1, Math.floor((max - sizeOf(owned)) / 2));

  /** The current generation becomes the previous one; the previous one is dropped. */
  const rotate = (tier: Tier) => {
    tier.previous = tier.current;
    tier.current = new Map();
  };

  /** Drops one generation, anonymous ones first, oldest first. */
  const evictGeneration = () => {
    if (anonymous.previous.size > 0) anonymous.previous = new Map();
    else if (anonymous.current.size > 0) rotate(anonymous);
    else if (owned.previous.size > 0) owned.previous = new Map();
    else rotate(owned);
  };

  /** Stores `entry` in `tier`'s current generation after making room for it: the new entry is never the one evicted. */
  const put = (tier: Tier, key: string, entry: Entry) => {
    if (tier.current.size >= generationSize(tier)) rotate(tier);
    while (sizeOf(anonymous) + sizeOf(owned) >= max) evictGeneration();
    tier.current.set(key, entry);
  };

  const drop = (key: string) => {
    anonymous.current.delete(key);
    anonymous.previous.delete(key);
    owned.current.delete(key);
    owned.previous.delete(key);
  };

  /** Finds a key: its entry, and its tier when it sits in a previous generation. */
  const find = (key: string): { entry: Entry; olderIn?: Tier } | undefined => {
    const entry = anonymous.current.get(key) ?? owned.current.get(key);
    if (entry) return { entry };
    const older = anonymous.previous.get(key);
    if (older) return { entry: older, olderIn: anonymous };
    const oldest = owned.previous.get(key);
    return oldest ? { entry: oldest, olderIn: owned } : undefined;
  };

  const peek = (key: string): unknown => {
    const found = find(key);
    if (!found) return null;
    const { entry, olderIn } = found;
    const alive = entry.expiresAt > now();
    if (olderIn) {
      olderIn.previous.delete(key);
      if (alive) put(olderIn, key, entry); // used again: it moves to its tier's current generation
    } else if (!alive) {
      drop(key);
    }
    return alive ? JSON.parse(entry.json) : null;
  };

  const setNow = (key: string, value: object, ttlSeconds: number, fresh?: boolean): void => {
    const tier = isAnonymousSession(value) ? anonymous : owned;
    const entry: Entry = { json: JSON.stringify(value), expiresAt: now() + ttlSeconds * 1000 };
    if (!fresh) {
      // Rewritten where it is (a write of a session just read sits in its tier's current generation):
      // one lookup, and no delete that would leave the Map a hole to compact.
      if (tier.current.has(key)) return void tier.current.set(key, entry);
      drop(key); // elsewhere: an older generation, or the other tier (an anonymous session signed in, or out)
    }
    put(tier, key, entry);
  };

  const generations = () => [anonymous.previous, anonymous.current, owned.previous, owned.current];

  return {
    ordered: true, // one process: the core's per-key locks serialise every write
    index: createMemoryIndex(now),
    peek,
    get(key) {
      return Promise.resolve(peek(key));
    },
    setNow,
    set(key, value, ttlSeconds, fresh) {
      setNow(key, value, ttlSeconds, fresh);
      return DONE;
    },
    async remove(key) {
      drop(key);
    },
    async keys(base) {
      return generations().flatMap((generation) => [...generation.keys()].filter((key) => key.startsWith(base)));
    },
    async sweep() {
      const time = now();
      let removed = 0;
      for (const generation of generations()) {
        for (const [key, entry] of generation) {
          if (entry.expiresAt <= time) {
            generation.delete(key);
            removed++;
          }
        }
      }
      return removed;
    },
    async dispose() {
      for (const generation of generations()) generation.clear();
    },
  };
}

/**
 * Whether a stored value is a session record without an owner (see src/record.ts: `d` data,
 * `o` owner key). Anything else — an owned session, a rotation alias, any other key — is spared.
 */
function isAnonymousSession(value: object): boolean {
  const record = value as { d?: unknown; o?: unknown };
  return typeof record.d === "object" && record.d !== null && record.o === undefined;
}

/**
 * Owner-index sets beside the records: a Map of Maps, outside the LRU (an index entry is tiny,
 * and pruned when its session ends or is listed). A set expires `ttlSeconds` after its last change.
 */
function createMemoryIndex(now: () => number): OwnerIndexStore {
  const sets = new Map<string, { members: Map<string, number>; expiresAt: number }>();
  const live = (key: string) => {
    const set = sets.get(key);
    if (set && set.expiresAt <= now()) {
      sets.delete(key);
      return undefined;
    }
    return set;
  };
  return {
    async add(key, member, score, ttlSeconds) {
      const set = live(key) ?? { members: new Map<string, number>(), expiresAt: 0 };
      set.members.set(member, score);
      set.expiresAt = now() + ttlSeconds * 1000;
      sets.set(key, set);
    },
    async remove(key, members) {
      const set = live(key);
      if (!set) return;
      for (const member of members) set.members.delete(member);
      if (set.members.size === 0) sets.delete(key);
    },
    async members(key) {
      return [...(live(key)?.members ?? [])];
    },
  };
}
