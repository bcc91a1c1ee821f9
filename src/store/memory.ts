import type { OwnerIndexStore, RecordStore } from "./types";

/** Options of the built-in memory store (`storage: "memory:"`). */
export interface MemoryStoreOptions {
  /** Most records kept; the least recently used go first beyond it. @default 100000 */
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

/**
 * The default store: JSON strings with per-record expiry, bounded by `max` and evicting the
 * least recently used first. Two generations of at most `max / 2` records each: a record used
 * in the current generation stays; a full generation pushes out the one before it, whole. Every
 * operation is O(1) — a single Map used as an LRU queue degrades badly in V8 once its front
 * has been deleted from many times. Expired records read as missing; `sweep()` deletes them.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): RecordStore {
  const max = Math.max(2, Math.floor(options.max ?? DEFAULT_MEMORY_MAX));
  const generationSize = Math.floor(max / 2);
  const now = options.now ?? Date.now;
  let current = new Map<string, Entry>();
  let previous = new Map<string, Entry>();

  const put = (key: string, entry: Entry) => {
    current.set(key, entry);
    if (current.size >= generationSize) {
      previous = current;
      current = new Map();
    }
  };

  const peek = (key: string): unknown => {
    const inCurrent = current.get(key);
    const entry = inCurrent ?? previous.get(key);
    if (!entry) return null;
    const alive = entry.expiresAt > now();
    if (!inCurrent) {
      previous.delete(key);
      if (alive) put(key, entry); // used again: it moves to the current generation
    } else if (!alive) {
      current.delete(key);
    }
    return alive ? JSON.parse(entry.json) : null;
  };

  return {
    ordered: true, // one process: the core's per-key locks serialise every write
    index: createMemoryIndex(now),
    peek,
    get(key) {
      return Promise.resolve(peek(key));
    },
    set(key, value, ttlSeconds) {
      previous.delete(key);
      put(key, { json: JSON.stringify(value), expiresAt: now() + ttlSeconds * 1000 });
      return DONE;
    },
    async remove(key) {
      current.delete(key);
      previous.delete(key);
    },
    async keys(base) {
      return [...previous.keys(), ...current.keys()].filter((key) => key.startsWith(base));
    },
    async sweep() {
      const time = now();
      let removed = 0;
      for (const generation of [previous, current]) {
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
      current.clear();
      previous.clear();
    },
  };
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
