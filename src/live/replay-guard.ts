/** How far a message's sending time may lie from this process's clock, in ms. @default 30 s */
export const FRESHNESS_WINDOW_MS = 30_000;
/** Most nonces remembered; past it the oldest are forgotten (they are near the window's end). */
const MAX_REMEMBERED = 100_000;

/**
 * Drops stale and repeated messages: one sent more than `windowMs` from now (either way, so
 * clock skew between hosts up to the window is fine) is stale, and a nonce seen within the
 * window is a replay. Someone who can write to the Redis channel can therefore re-send a
 * captured message only once, and to a process that has not seen it yet.
 */
export function createReplayGuard(windowMs = FRESHNESS_WINDOW_MS) {
  /** nonce → when it stops mattering (ms); insertion-ordered, so the oldest come first. */
  const seen = new Map<string, number>();
  return {
    /** Whether a message with this nonce and sending time is fresh and new (and remembers it). */
    accept(nonce: string, sentAt: number, now: number): boolean {
      if (Math.abs(now - sentAt) > windowMs || seen.has(nonce)) return false;
      for (const [old, until] of seen) {
        if (until > now && seen.size < MAX_REMEMBERED) break;
        seen.delete(old);
      }
      seen.set(nonce, now + 2 * windowMs);
      return true;
    },
    clear(): void {
      seen.clear();
    },
  };
}
