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
    const response = c.res;
    // On @hono/node-server the headers go straight into the plain record it will write out.
    const target = (isNodeServer(c) && lightweightTarget(response)) || response;
    let committed: Response;
    try {
      committed = await commit(target);
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (!unavailable) throw error;
      return replaceResponse(c, unavailable);
    }
    if (committed !== target) replaceResponse(c, committed);
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

/** Whether the app runs on @hono/node-server, which passes Node's request as `c.env.incoming`. */
function isNodeServer(c: Context): boolean {
  return typeof (c.env as { incoming?: { headers?: unknown } } | undefined)?.incoming?.headers === "object";
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
        // Node's names are lower case, as are the ones sessionkit asks for: lower-case only on a miss.
        const value = headers[name] ?? headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}

/** @hono/node-server's lightweight response: `[status, body, headers]` under a private symbol. */
type LightweightParts = [number, unknown, Record<string, string | string[]> | undefined];

/** The symbol @hono/node-server keeps a lightweight response's parts under (`Symbol("cache")`). */
let partsKey: symbol | undefined;

/**
 * Where the commit writes, without a `Headers` object: @hono/node-server answers a handler's
 * `c.text()`/`c.json()` with a lightweight response holding its headers as a plain record, which
 * it hands to `writeHead` as is. Reading `response.headers` would turn it into a `Headers` (and
 * node-server back into a record: ≈ 3–5 µs a request). So the commit gets a stand-in whose
 * `headers` edits that record in place. Any other response (a real `Response`, a redirect, a
 * record already turned into `Headers`, another node-server layout) gets `undefined`: the
 * ordinary path.
 */
function lightweightTarget(response: Response): Response | undefined {
  partsKey ??= Object.getOwnPropertySymbols(response).find((key) => key.description === "cache");
  if (partsKey === undefined) return undefined; // not (yet) a lightweight response: look again next time
  const parts = (response as unknown as Record<symbol, unknown>)[partsKey] as LightweightParts | undefined;
  if (!Array.isArray(parts) || parts.length !== 3 || typeof parts[0] !== "number") return undefined;
  const record = parts[2];
  if (record !== undefined && (typeof record !== "object" || record === null || Object.getPrototypeOf(record) !== Object.prototype)) return undefined;
  // node-server's default when a response names no headers.
  const headers = (parts[2] = record ?? { "content-type": "text/plain; charset=UTF-8" });
  return { status: parts[0], headers: recordHeaders(headers) } as unknown as Response;
}

/** The `Headers` methods a commit uses, over a plain record of header lines (names in any case). */
function recordHeaders(record: Record<string, string | string[]>) {
  const keyOf = (name: string) => {
    // Hono and node-server write lower-case names, and sessionkit asks for lower-case names: no
    // toLowerCase on that hit.
    if (Object.hasOwn(record, name)) return name;
    const lower = name.toLowerCase();
    for (const key in record) if (key.length === lower.length && key.toLowerCase() === lower) return key;
    return undefined;
  };
  const get = (name: string): string | null => {
    const key = keyOf(name);
    const value = key === undefined ? undefined : record[key];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    get,
    has: (name: string) => keyOf(name) !== undefined,
    set(name: string, value: string) {
      const key = keyOf(name);
      const lower = name.toLowerCase();
      if (key !== undefined && key !== lower) delete record[key];
      record[lower] = value;
    },
    append(name: string, value: string) {
      const key = keyOf(name) ?? name.toLowerCase();
      const current = record[key];
      record[key] = current === undefined ? (key === "set-cookie" ? [value] : value) : Array.isArray(current) ? [...current, value] : key === "set-cookie" ? [current, value] : `${current}, ${value}`;
    },
    delete(name: string) {
      const key = keyOf(name);
      if (key !== undefined) delete record[key];
    },
    getSetCookie(): string[] {
      const value = record[keyOf("set-cookie") ?? "set-cookie"];
      return value === undefined ? [] : Array.isArray(value) ? [...value] : [value];
    },
  };
}
