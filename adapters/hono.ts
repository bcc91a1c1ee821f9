// sessionkit/hono: the session as Hono middleware.
import type { Context, MiddlewareHandler } from "hono";
import { storageUnavailable, type RequestLike, type SessionData, type Sessions } from "../src/index";
import type { SessionVariables } from "./hono/types";

export { getSession } from "./hono/get-session";
export type { Register, RegisteredSession, SessionEnv, SessionOf, SessionVariables, ContextSession } from "./hono/types";

/**
 * Hono middleware: `app.use(session(sessions))`, then `c.get("session")` or `getSession(c)` in
 * any handler. Typed app-wide with the schema's data once `sessions` is registered
 * (`declare module "sessionkit/hono" { interface Register { sessions: typeof sessions } }`),
 * or per app with `new Hono<SessionEnv<typeof sessions>>()` or a chained `.use(session(sessions))`.
 *
 * After the handler, the session is committed onto `c.res`: cookies are appended, so a
 * handler's own `Set-Cookie` survives, and a response with immutable headers
 * (`Response.redirect()`, a proxied `fetch`) is copied first. A `SessionStorageError` becomes a
 * 503 with no cookie, whether a commit or a handler's read raised it — unless the app answered it
 * itself (a handler's `try`/`catch`, or an `app.onError` that returns something other than a 500).
 */
export function session<D extends SessionData>(sessions: Sessions<D>): MiddlewareHandler<{ Variables: SessionVariables<D> }> {
  return async function sessionMiddleware(c, next) {
    const { session, commit } = sessions.createSessionHandler(requestOf(c));
    c.set("session", session);
    await next();
    // A handler's failed read reaches app.onError (a 500 by default); the commit of a 5xx after a
    // failed read rejects with that storage error, which becomes the 503 below.
    let committed: Response;
    try {
      committed = await commit(c.res);
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (!unavailable) throw error;
      return replaceResponse(c, unavailable);
    }
    if (committed !== c.res) replaceResponse(c, committed);
  };
}

/**
 * Puts `response` in place of `c.res` as it is. Assigning `c.res` directly would merge the old
 * response's headers into it (and replace its `Set-Cookie` lines with the old ones); clearing
 * it first skips that merge.
 */
function replaceResponse(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}

/** Node's parsed request headers, as @hono/node-server passes them in `c.env.incoming`. */
type IncomingHeaders = Record<string, string | string[] | undefined>;

/**
 * The request as sessionkit reads it. On @hono/node-server, `c.req.raw.headers` builds a whole
 * `Headers` object on first access (≈ 5 µs a request); Node has already parsed the headers, so
 * read them from `c.env.incoming` instead. Elsewhere (Bun, Deno, Workers) the request is native.
 */
function requestOf(c: Context): RequestLike {
  const headers = (c.env as { incoming?: { headers?: IncomingHeaders } } | undefined)?.incoming?.headers;
  if (!headers || typeof headers !== "object") return c.req.raw;
  return {
    url: c.req.url,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}
