import { SessionConfigError, SessionStorageError } from "../errors";
import { describeError } from "./bounded";
import type { RecordStore, ResolvedStorage } from "./types";
import { createOutageLog, loggerOf, watchStore, type OutageLog, type SessionLogger } from "./watch";

/**
 * Opens the configured store once, on first use (a failed open is retried by the next call),
 * and keeps it for the synchronous fast paths and for `close()`. Failures name the driver, the
 * host and the cause, and are logged once per outage on `logger` (`undefined`: console;
 * `null`: silent).
 */
export function createStoreOpener(resolved: ResolvedStorage, logger?: SessionLogger | null) {
  if (logger != null && typeof logger.error !== "function") {
    throw new SessionConfigError("sessionkit: `logger` must have an `error(message)` method (e.g. `console`), or be `null` to silence storage logs.");
  }
  let opening: Promise<RecordStore> | undefined;
  let opened: RecordStore | undefined;
  let log: OutageLog | undefined;
  const outageLog = (target: string) => (log ??= createOutageLog(loggerOf(logger), target));
  return {
    /** The store, opening it on first use. */
    open(): Promise<RecordStore> {
      if (resolved.mode !== "server") return Promise.reject(new SessionConfigError('sessionkit: "cookie" storage has no server-side store.'));
      opening ??= resolved.open().then(
        (store) => {
          if (!resolved.fallible) return (opened = store);
          const label = { target: resolved.describe, connectionError: resolved.connectionError };
          return (opened = watchStore(store, label, outageLog(resolved.describe)));
        },
        (error: unknown) => {
          opening = undefined; // let a later call try again
          const failure =
            error instanceof SessionConfigError
              ? error
              : new SessionStorageError("open", `cannot load the driver for ${resolved.describe}: ${describeError(error)}`, { cause: error });
          outageLog(resolved.describe).failed(failure);
          throw failure;
        },
      );
      return opening;
    },
    /** The store if it is already open. */
    opened(): RecordStore | undefined {
      return opened;
    },
    /** Releases the store's connections, if it was opened. */
    async dispose(): Promise<void> {
      const pending = opening;
      opening = opened = undefined;
      if (pending) await (await pending.catch(() => undefined))?.dispose();
    },
  };
}
