import type { RecordStore } from "./store";

/** Options of the built-in memory store (`storage: "memory:"`). */
export interface MemoryStoreOptions {
  /** Most records kept; the least recently used is evicted beyond it. @default 100000 */
  max?: number;
  /** Clock in milliseconds. @default Date.now */
  now?: () => number;
}

/** Default bound of the memory store, in records. */
export const DEFAULT_MEMORY_MAX = 100_000;

interface Entry {
  /** The record as JSON: stored values are copies, never shared references. */
  json: string;
  /** Expiry, ms since epoch. */
  expiresAt: number;
}

/**
 * The default store: an LRU map of JSON strings with per-record expiry, bounded by `max`.
 * Expired records read as missing; `sweep()` deletes them. State of one process only.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): RecordStore {
  const max = options.max ?? DEFAULT_MEMORY_MAX;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return {
    name: "memory",
    nativeTtl: true,
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return null;
      }
      entries.delete(key); // re-insert: Map order is the LRU order
      entries.set(key, entry);
      return JSON.parse(entry.json);
    },
    async set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { json: JSON.stringify(value), expiresAt: now() + ttlSeconds * 1000 });
      if (entries.size > max) entries.delete(entries.keys().next().value!);
    },
    async remove(key) {
      entries.delete(key);
    },
    async keys(base) {
      return [...entries.keys()].filter((key) => key.startsWith(base));
    },
    async sweep() {
      const time = now();
      let removed = 0;
      for (const [key, entry] of entries) {
        if (entry.expiresAt <= time) {
          entries.delete(key);
          removed++;
        }
      }
      return removed;
    },
    async dispose() {
      entries.clear();
    },
  };
}
