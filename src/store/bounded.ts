import { SessionStorageError } from "../errors";

/** Runs a storage call within `timeoutMs`; rejects with `SessionStorageError` on failure or time-out. */
export async function bounded<T>(operation: string, name: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SessionStorageError(operation, `${name} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([run(), timeout]);
  } catch (error) {
    if (error instanceof SessionStorageError) throw error;
    throw new SessionStorageError(operation, `${name}: ${redact(describeError(error)).slice(0, 200)}`, { cause: safeCause(error) });
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A driver's message without what would name a record: file paths (fs drivers put the record's
 * path in every error), storage keys, and anything shaped like a handle or token.
 */
export function redact(text: string): string {
  return text
    .replace(/(['"`])(?:[A-Za-z]:\\|\/|\.\.?\/)[^'"`]*\1/g, "<path>")
    .replace(/(?:^|(?<=\s))(?:[A-Za-z]:\\|\/)[^\s'"`,]+/g, "<path>")
    .replace(/[A-Za-z0-9_-]+:[sox]:[A-Za-z0-9_:-]+/g, "<key>")
    .replace(/[A-Za-z0-9_-]{40,}/g, "<key>");
}

/**
 * The driver's error as `cause`, or a redacted copy of it when it carries a path or a key
 * (error reporters serialise causes): same name and code, no `path`, a redacted message.
 */
function safeCause(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message);
  const detail = error as Error & { path?: unknown; dest?: unknown; code?: unknown; errno?: unknown; syscall?: unknown };
  if (message === error.message && detail.path === undefined && detail.dest === undefined) return error;
  const copy = new Error(message) as Error & { code?: unknown; errno?: unknown; syscall?: unknown };
  copy.name = error.name;
  if (detail.code !== undefined) copy.code = detail.code;
  if (detail.errno !== undefined) copy.errno = detail.errno;
  if (detail.syscall !== undefined) copy.syscall = detail.syscall;
  return copy;
}
