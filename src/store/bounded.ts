import { SessionStorageError } from "../errors";

/**
 * Runs a storage call within `timeoutMs`; rejects with `SessionStorageError` on failure or
 * time-out. Its `cause` is the driver's error, or for a time-out an `Error` saying so.
 */
export async function bounded<T>(operation: string, name: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const cause = new Error(`did not answer within ${timeoutMs} ms`);
      reject(new SessionStorageError(operation, `${name} ${cause.message}`, { cause }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(), timeout]);
  } catch (error) {
    if (error instanceof SessionStorageError) throw error;
    throw new SessionStorageError(operation, `${name}: ${describeError(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A driver error's message, short and safe to log: a quoted storage key (`sessionkit:s:…`,
 * or the fs driver's `sessionkit/s/…` path) and any other long token-like run are masked.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/sessionkit[:/][^\s"']+/g, "<key>")
    .replace(/[A-Za-z0-9_-]{32,}/g, "<redacted>")
    .slice(0, 300);
}
