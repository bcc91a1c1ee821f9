import { SessionConfigError, SessionStorageError } from "../errors";
import type { RecordStore, ResolvedStorage } from "./types";

/**
 * Opens the configured store once, on first use (a failed open is retried by the next call),
 * and keeps it for the synchronous fast paths and for `close()`.
 */
export function createStoreOpener(resolved: ResolvedStorage) {
  let opening: Promise<RecordStore> | undefined;
  let opened: RecordStore | undefined;
  return {
    /** The store, opening it on first use. */
    open(): Promise<RecordStore> {
      if (resolved.mode !== "server") return Promise.reject(new SessionConfigError('sessionkit: "cookie" storage has no server-side store.'));
      opening ??= resolved.open().then(
        (store) => (opened = store),
        (error: unknown) => {
          opening = undefined; // let a later call try again
          throw error instanceof SessionConfigError
            ? error
            : new SessionStorageError("open", `cannot load the "${resolved.describe}" driver`, { cause: error });
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
