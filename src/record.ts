import type { SessionData } from "./types";

/** A session as stored (server mode) or sealed (cookie mode). Short keys keep cookies small. */
export interface SessionRecord {
  /** Format version. */
  v: 1;
  /** Server-side data. */
  d: SessionData;
  /** Flashed values, returned once. */
  f?: SessionData;
  /** Created at, ms since epoch. */
  c: number;
  /** Last refresh, ms since epoch. */
  t: number;
  /** Expiry: idle lifetime override in seconds, `null` for a browser-session cookie. */
  e?: number | null;
  /** Owner key (hash of the owner id), for listing and revocation. */
  o?: string;
  /** Cookie mode only: the session id. */
  i?: string;
  /** Cookie mode only: client data. */
  k?: SessionData;
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
  return value as unknown as SessionRecord;
}

/** Whether a record carries anything worth storing for a new session. */
export function hasContent(record: SessionRecord): boolean {
  return (
    !isEmpty(record.d) || (record.f !== undefined && !isEmpty(record.f)) || record.o !== undefined || (record.k !== undefined && !isEmpty(record.k))
  );
}

/** Whether an object has no own keys. */
export function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}
