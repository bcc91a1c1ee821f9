/** The timeouts of a sessions configuration, in milliseconds. */
export interface Timeouts {
  /** Idle timeout: a session unused this long is over. */
  readonly idleMs: number;
  /** Absolute timeout: a session this old is over, used or not. */
  readonly absoluteMs: number;
  /** Minimum time between two refreshes of an active session. */
  readonly touchMs: number;
}

/** The time facts of one record, ms since epoch. */
export interface RecordTimes {
  /** Created at. */
  c: number;
  /** Last refresh (recorded activity). */
  t: number;
  /** Per-session idle lifetime in seconds (`setExpiry`), if any. */
  e?: number | null;
}

/** The idle window of a record in ms: its `setExpiry` override, or the configured one. */
export function idleWindow(record: RecordTimes, timeouts: Timeouts): number {
  return typeof record.e === "number" ? record.e * 1000 : timeouts.idleMs;
}

/** When the record expires: the earlier of its idle and absolute deadlines. */
export function expiresAt(record: RecordTimes, timeouts: Timeouts): number {
  return Math.min(record.t + idleWindow(record, timeouts), record.c + timeouts.absoluteMs);
}

/** Why the record is over at `now`, or `undefined` while it is alive. */
export function expiryReason(record: RecordTimes, timeouts: Timeouts, now: number): "idle" | "absolute" | undefined {
  if (now >= record.c + timeouts.absoluteMs) return "absolute";
  if (now >= record.t + idleWindow(record, timeouts)) return "idle";
  return undefined;
}

/** Whether an alive record is due for a refresh (TTL and cookie) at `now`. */
export function refreshDue(record: RecordTimes, timeouts: Timeouts, now: number): boolean {
  return now - record.t >= Math.min(timeouts.touchMs, idleWindow(record, timeouts) / 10);
}

/** Seconds until the record expires (at least 1), for store TTLs and cookie `Max-Age`. */
export function secondsLeft(record: RecordTimes, timeouts: Timeouts, now: number): number {
  return Math.max(1, Math.ceil((expiresAt(record, timeouts) - now) / 1000));
}
