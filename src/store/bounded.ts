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
    throw new SessionStorageError(operation, `${name}: ${describeError(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Driver messages can quote the key; keys are hashes, but keep messages short and generic.
  return message.replace(/sessionkit:[^\s"']+/g, "<key>").slice(0, 200);
}
