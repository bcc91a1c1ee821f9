import { performCommit, type Outcome } from "./commit";
import type { SessionContext } from "./context";
import { SessionConfigError } from "./errors";
import { expiryReason } from "./expiry";
import { isHandle, listOwned, revokeHandle } from "./owners";
import { decodeRecord } from "./record";
import { reportStorageError } from "./report";
import { applyOutcome } from "./transport/headers";
import { RequestSession } from "./session";
import { settleLegacy } from "./legacy";
import { hashId } from "./token/token";
import type { Session, SessionData, Sessions } from "./types";

/** The `Sessions` object over a validated context: the façade of every operation. */
export function createSessions(ctx: SessionContext, disposeStore: () => Promise<void>): Sessions<SessionData> {
  const handleOf = (session: Session<any> | string | undefined): string | undefined => {
    const id = typeof session === "string" ? session : session?.id;
    return id === undefined ? undefined : isHandle(id) ? id : hashId(id);
  };
  const requireServer = (what: string) => {
    if (ctx.mode !== "server") throw new SessionConfigError(`sessionkit: ${what} needs server-side storage; "cookie" storage cannot revoke sessions.`);
  };

  return {
    createSessionHandler(request) {
      const session = new RequestSession(request, ctx);
      let outcome: Promise<Outcome> | undefined;
      return {
        session: session as unknown as Session<any>,
        async commit(response) {
          outcome ??= performCommit(session, response.status).then((done) => settleLegacy(session, done, response.status)).catch((error: unknown) => {
            throw reportStorageError(ctx, error);
          });
          return applyOutcome(response, await outcome, ctx);
        },
      };
    },
    async sweep() {
      if (ctx.mode !== "server") return 0;
      const store = await ctx.store();
      if (store.sweep) return store.sweep();
      let removed = 0;
      for (const key of await store.keys(ctx.recordKey(""))) {
        const record = decodeRecord(await store.get(key));
        if (record && expiryReason(record, ctx.timeouts, ctx.now())) {
          await store.remove(key);
          removed++;
        }
      }
      return removed;
    },
    async listByOwner(ownerId, options) {
      requireServer("listByOwner");
      return listOwned(ctx, ownerId, handleOf(options?.current));
    },
    async revoke(handle) {
      requireServer("revoke");
      await revokeHandle(ctx, handle);
    },
    async revokeOwner(ownerId, options) {
      requireServer("revokeOwner");
      const except = handleOf(options?.except);
      const owned = await listOwned(ctx, ownerId, except);
      const ended = await Promise.all(owned.filter((entry) => entry.handle !== except).map((entry) => revokeHandle(ctx, entry.handle)));
      return ended.filter(Boolean).length;
    },
    subscribe(id, listener) {
      const handle = handleOf(id);
      if (!handle) throw new TypeError("sessionkit: subscribe needs a session id.");
      return ctx.notifier.subscribe(handle, listener);
    },
    handleOf,
    async close() {
      await ctx.notifier.close();
      await disposeStore();
    },
  };
}
