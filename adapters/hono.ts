import type { MiddlewareHandler } from "hono";
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../src/index";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's session, set by `session(sessions)` from `sessionkit/hono`. */
    session: Session<any>;
  }
}

/** Response headers a commit may merge with the handler's own values. */
const MERGED_HEADERS = ["cache-control", "vary", "access-control-expose-headers"] as const;

/**
 * Hono middleware: `app.use(session(sessions))`, then `c.get("session")` in any handler.
 * Cookies are appended with Hono's header API, so a handler's own `Set-Cookie` and redirects
 * survive. A storage failure the app does not handle becomes a 503 with no cookie.
 */
export function session<D extends SessionData>(sessions: Sessions<D>): MiddlewareHandler<{ Variables: { session: Session<D> } }> {
  return async function sessionMiddleware(c, next) {
    const handler = sessions.createSessionHandler(c.req.raw);
    c.set("session", handler.session);
    await next();
    // Commit onto a probe carrying the status and the headers a commit merges, then copy the
    // result back through c.header(): Hono re-creates immutable responses itself.
    const probe = new Response(null, { status: c.res.status });
    for (const name of MERGED_HEADERS) {
      const value = c.res.headers.get(name);
      if (value !== null) probe.headers.set(name, value);
    }
    let committed: Response;
    try {
      committed = await handler.commit(probe);
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (!unavailable) throw error;
      c.res = undefined; // drop the handler's response whole, so none of its headers leak into the 503
      c.res = unavailable;
      return;
    }
    for (const [name, value] of committed.headers) if (name !== "set-cookie") c.header(name, value);
    for (const cookie of committed.headers.getSetCookie()) c.header("set-cookie", cookie, { append: true });
  };
}
