import type { SessionContext } from "./context";
import { classify } from "./record";

/** Handles are base64url SHA-256 digests: 43 characters. */
const HANDLE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a string has the shape of a session handle (so it can never address another key). */
export function isHandle(value: unknown): value is string {
  return typeof value === "string" && HANDLE.test(value);
}

/**
 * Ends one session by its handle, server-side and at once, and tells its subscribers; returns
 * whether a live session ended. On stores that do not serialise writes (see mode/server.ts)
 * it first leaves an "ended" marker, so that a write already in flight in any process cannot
 * bring the record back. An alias left by a rotation ends the session it points to as well.
 */
export async function endSession(ctx: SessionContext, handle: string): Promise<boolean> {
  if (!isHandle(handle)) return false;
  const store = await ctx.store();
  if (!store.ordered) await store.set(ctx.endedKey(handle), { v: 1, u: ctx.now() + ctx.timeouts.absoluteMs }, ctx.timeouts.absoluteMs / 1000);
  const key = ctx.recordKey(handle);
  const found = await ctx.locks.run(key, async () => {
    const raw = await store.get(key);
    if (raw !== null && raw !== undefined) await store.remove(key);
    return classify(raw, ctx.timeouts, ctx.now());
  });
  if (found.state === "alias") return endSession(ctx, found.alias.a);
  if (found.state !== "live") return false;
  if (found.record.o) await unindexSession(ctx, found.record.o, handle);
  ctx.notifier.publish(handle, { type: "destroyed" });
  ctx.emit({ type: "destroyed" });
  return true;
}

/** Removes a session from its owner's index. */
export async function unindexSession(ctx: SessionContext, ownerKey: string, handle: string): Promise<void> {
  const store = await ctx.store();
  const index = ctx.ownerIndexKey(ownerKey);
  if (store.index) await store.index.remove(index, [handle]);
  else await store.remove(`${index}:${handle}`);
}
