import type { Timeouts } from "../expiry";

/** The narrow storage interface the session core uses. Keys are already hashed. */
export interface RecordStore {
  /**
   * Whether writes from every process are serialised by the store itself (compare-and-set) or
   * only one process can use it (memory): then an ended session needs no "ended" marker.
   */
  readonly ordered?: boolean;
  /** Owner-index sets with atomic add/remove, where the backend has them (else one key per entry). */
  readonly index?: OwnerIndexStore;
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
  /** `fresh`: the key is new (a just-drawn random id), so nothing can be stored under it yet. */
  set(key: string, value: object, ttlSeconds: number, fresh?: boolean): Promise<void>;
  /** The same as `set`, synchronously, for in-process stores that can (the memory store). */
  setNow?(key: string, value: object, ttlSeconds: number, fresh?: boolean): void;
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

/** A storage option resolved at `defineSessions`: either the stateless cookie mode or a store factory. */
export type ResolvedStorage =
  | { mode: "cookie" }
  | {
      mode: "server";
      /** The driver and where it points, for messages and logs: `redis at 127.0.0.1:6379`. */
      describe: string;
      open: () => Promise<RecordStore>;
      /** The client's latest connection error while disconnected, where the driver reports them apart (ioredis). */
      connectionError?: () => unknown;
      /** Whether failures can happen at all (not for the in-process memory store): the opener then watches calls. */
      fallible?: boolean;
    };


/** Atomic sets of (member, score) for the owner index; keys are already prefixed and hashed. */
export interface OwnerIndexStore {
  /** Adds (or re-scores) a member; the set lives `ttlSeconds` past its last change. */
  add(key: string, member: string, score: number, ttlSeconds: number): Promise<void>;
  /** Removes members. */
  remove(key: string, members: readonly string[]): Promise<void>;
  /** Every member with its score. */
  members(key: string): Promise<Array<[member: string, score: number]>>;
}
