/**
 * Per-key mutual exclusion inside one process, plus a commit counter per key so a commit can
 * tell whether anyone else wrote the key since it was loaded. Bounded: entries exist only
 * while held, and the counter map is reset past `maxTracked` keys (conservatively).
 */
export function createKeyLocks(maxTracked = 10_000) {
  const held = new Map<string, Promise<void>>();
  const lastCommit = new Map<string, number>();
  let sequence = 0;
  let resetAt = 0;

  const record = (key: string) => {
    if (lastCommit.size >= maxTracked) {
      lastCommit.clear();
      resetAt = sequence + 1;
    }
    lastCommit.set(key, ++sequence);
  };

  return {
    /** A mark to pass to `changedSince` later. */
    mark(): number {
      return sequence;
    },
    /** Whether `key` may have been committed in this process after `mark`. */
    changedSince(key: string, mark: number): boolean {
      const last = lastCommit.get(key);
      return last !== undefined ? last > mark : mark < resetAt;
    },
    /** Whether a commit of `key` holds its lock now (one waiting or writing). */
    held(key: string): boolean {
      return held.has(key);
    },
    /** Records a commit of `key` made without the lock, by code that does not yield (a synchronous store). */
    committed(key: string): void {
      record(key);
    },
    /** Runs `fn` while holding `key`, then records a commit of `key`. */
    async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = held.get(key);
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = previous ? previous.then(() => mine) : mine;
      held.set(key, tail);
      if (previous) await previous;
      try {
        return await fn();
      } finally {
        // Recorded even on failure: a write that timed out may still land.
        record(key);
        release();
        if (held.get(key) === tail) held.delete(key);
      }
    },
  };
}

/** The locks of one `defineSessions`. */
export type KeyLocks = ReturnType<typeof createKeyLocks>;
