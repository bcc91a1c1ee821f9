import { expiryReason, type Timeouts } from "./expiry";
import type { SessionData } from "./types";

/**
 * A session as stored (server storage) or sealed (cookie storage). Short keys keep cookies
 * small. The key order matters: `t`, `c` and `e` lead the JSON, because the Redis store's
 * read-and-touch script finds them there (see store/redis.ts) — {@link encodeRecord} is the
 * one place that builds a record.
 */
export interface SessionRecord {
  /** Last refresh (recorded activity), ms since epoch. */
  t: number;
  /** Created at, ms since epoch. */
  c: number;
  /** Expiry: idle lifetime override in seconds, `null` for a browser-session cookie. */
  e?: number | null;
  /** Format version. */
  v: 1;
  /** Server-side data (as parsed: every key an own property; written to only through a null-prototype copy). */
  d: SessionData;
  /** Flashed values, returned once. */
  f?: SessionData;
  /** Owner key (keyed hash of the owner id), for listing and revocation. */
  o?: string;
  /** What the app recorded about the device at sign-in (`setOwner(id, { device })`). */
  od?: unknown;
  /** Last id rotation, ms since epoch (for `renewInterval`); `c` when absent. */
  r?: number;
  /** Last `markAuthenticated()`, ms since epoch. */
  au?: number;
  /** Cookie storage only: the session id. */
  i?: string;
  /** Cookie storage only: client data. */
  k?: SessionData;
}

/**
 * What a rotated-away id's key holds for `rotationGrace` seconds: the handle of the record it
 * now resolves to, and when that ends (ms since epoch; stores without native TTL need it).
 */
export interface RecordAlias {
  v: 1;
  /** Handle of the record the old id resolves to during the grace window. */
  a: string;
  /** End of the grace window, ms since epoch. */
  x: number;
}

/** The fields of a record, in any order; {@link encodeRecord} puts them in the stored order. */
export type RecordFields = Omit<SessionRecord, "v">;

/**
 * Builds a record with its keys in the stored order (`t`, `c`, `e` first), leaving empty parts
 * `undefined` (JSON drops them). One object literal: every record has the same shape.
 */
export function encodeRecord(fields: RecordFields): SessionRecord {
  return {
    t: fields.t,
    c: fields.c,
    e: fields.e,
    v: 1,
    d: fields.d,
    f: fields.f !== undefined && !isEmpty(fields.f) ? fields.f : undefined,
    o: fields.o,
    od: fields.od,
    r: fields.r,
    au: fields.au,
    i: fields.i,
    k: fields.k !== undefined && !isEmpty(fields.k) ? fields.k : undefined,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The record if `value` has the stored shape, otherwise `undefined` (a corrupt record). */
export function decodeRecord(value: unknown): SessionRecord | undefined {
  if (!isObject(value) || value.v !== 1 || !isObject(value.d)) return undefined;
  if (typeof value.c !== "number" || typeof value.t !== "number") return undefined;
  if (value.f !== undefined && !isObject(value.f)) return undefined;
  if (value.e !== undefined && value.e !== null && typeof value.e !== "number") return undefined;
  if (value.o !== undefined && typeof value.o !== "string") return undefined;
  if (value.k !== undefined && !isObject(value.k)) return undefined;
  if (value.i !== undefined && typeof value.i !== "string") return undefined;
  if (value.r !== undefined && typeof value.r !== "number") return undefined;
  if (value.au !== undefined && typeof value.au !== "number") return undefined;
  // Read as they are: JSON.parse makes every key (`__proto__` too) an own data property, and
  // reads look at own properties only. Writes go to null-prototype copies (changes.ts).
  return value as unknown as SessionRecord;
}

/** The alias if `value` is one (a rotated-away id inside its grace window), else `undefined`. */
export function decodeAlias(value: unknown): RecordAlias | undefined {
  if (!isObject(value) || value.v !== 1 || typeof value.a !== "string" || typeof value.x !== "number") return undefined;
  return value as unknown as RecordAlias;
}

/** What a stored value means for a request, at `now`. */
export type RecordState =
  | { state: "live"; record: SessionRecord }
  | { state: "alias"; alias: RecordAlias }
  | { state: "absent" }
  | { state: "corrupt" }
  | { state: "expired"; reason: "idle" | "absolute" };

/** Decodes a stored value and checks its expiry: the one "is this a live session?" answer. */
export function classify(raw: unknown, timeouts: Timeouts, now: number): RecordState {
  if (raw === null || raw === undefined) return { state: "absent" };
  const record = decodeRecord(raw);
  if (!record) {
    const alias = decodeAlias(raw);
    if (alias) return alias.x > now ? { state: "alias", alias } : { state: "absent" };
    return { state: "corrupt" };
  }
  const reason = expiryReason(record, timeouts, now);
  return reason ? { state: "expired", reason } : { state: "live", record };
}

/** The record if `raw` is a live one, otherwise `null`. */
export function liveRecord(raw: unknown, timeouts: Timeouts, now: number): SessionRecord | null {
  const found = classify(raw, timeouts, now);
  return found.state === "live" ? found.record : null;
}

/** Whether a record carries anything worth storing for a new session. */
export function hasContent(record: SessionRecord): boolean {
  return !isEmpty(record.d) || record.f !== undefined || record.o !== undefined || record.k !== undefined || record.au !== undefined;
}

/** Whether an object has no own keys. */
export function isEmpty(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

/**
 * A copy of a data object that writes may change. Keys such as `__proto__`, `constructor` and
 * `toString` are plain own keys in it (see {@link setOwn}); reads look at own properties only,
 * so nothing reaches `Object.prototype` through them. An ordinary object (not
 * `Object.create(null)`, which V8 keeps in slow dictionary mode) keeps copies and JSON fast.
 */
export function plain(source: object | undefined): SessionData {
  const copy: SessionData = {};
  if (source) for (const key of Object.keys(source)) setOwn(copy, key, (source as SessionData)[key]);
  return copy;
}

/** `object[key] = value` as an own data property, also for `__proto__` (whose plain assignment would set the prototype). */
export function setOwn(object: SessionData, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** Sets `key` as an own property ({@link setOwn}), or removes it for `undefined`. */
export function assignOwn(object: SessionData, key: string, value: unknown): void {
  if (value === undefined) delete object[key];
  else setOwn(object, key, value);
}
