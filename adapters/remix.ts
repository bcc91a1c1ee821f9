// sessionkit/remix: sessions for Remix v2 and React Router 7 (no runtime import from either).
export { createSessionStorage, type RemixSessionStorage, type CommitSessionOptions, type CommittableSession } from "./remix/session-storage";
export type { RemixSession } from "./remix/remix-session";
export { withSession, type DataFunctionArgs } from "./remix/with-session";
export { sessionMiddleware, sessionContext, type SessionContextKey, type SessionMiddlewareArgs } from "./remix/middleware";
