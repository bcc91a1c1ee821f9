import type { SessionContext } from "./context";
import { isStorageError } from "./errors";

const reported = new WeakSet<object>();

/**
 * Reports a storage failure once as a `"storage-error"` event (operation and message only:
 * messages never carry ids or tokens), then hands the error back for rethrowing.
 */
export function reportStorageError(ctx: SessionContext, error: unknown): unknown {
  if (isStorageError(error) && !reported.has(error)) {
    reported.add(error);
    ctx.emit({ type: "storage-error", operation: error.operation, message: error.message });
  }
  return error;
}
