import { isStorageError } from "./errors";
import type { Session, SessionData, Sessions } from "./types";

/** A handler of {@link withSession}: the request, its session, then whatever the runtime passes (Workers: `env`, `ctx`). */
export type SessionFetchHandler<D extends SessionData, A extends unknown[]> = (
  request: Request,
  session: Session<D>,
  ...rest: A
) => Response | Promise<Response>;

/**
 * Wraps a fetch-style handler (Deno.serve, Workers, srvx, Bun without routes): the handler
 * gets the request's session, and its response comes back committed. A storage failure that
 * the handler does not catch becomes a 503 with no cookie.
 *
 * `sessions` may also be a function of the runtime's first argument after the request — the
 * Workers `env`, where bindings and secrets live. It is called on the first request and its
 * result kept for the isolate's life (a throw is not kept: the next request tries again).
 *
 * @example
 * export default {
 *   fetch: withSession(
 *     (env: Env) => defineSessions({ secrets: [env.SESSION_SECRET], storage: { driver: cloudflareKVBinding, binding: env.SESSIONS } }),
 *     async (request, session, env: Env, ctx: ExecutionContext) => new Response(`hello ${await session.get("user")}`),
 *   ),
 * };
 */
export function withSession<D extends SessionData, E, R extends unknown[]>(
  sessions: (env: E) => Sessions<D>,
  handler: SessionFetchHandler<D, [env: E, ...rest: R]>,
): (request: Request, env: E, ...rest: R) => Promise<Response>;
export function withSession<D extends SessionData, A extends unknown[]>(
  sessions: Sessions<D>,
  handler: SessionFetchHandler<D, A>,
): (request: Request, ...rest: A) => Promise<Response>;
export function withSession(
  sessions: Sessions<SessionData> | ((env: unknown) => Sessions<SessionData>),
  handler: SessionFetchHandler<SessionData, unknown[]>,
): (request: Request, ...rest: unknown[]) => Promise<Response> {
  const sessionsFor = typeof sessions === "function" ? memoise(sessions) : () => sessions;
  return async function sessionHandler(request, ...rest) {
    const { session, commit } = sessionsFor(rest[0]).createSessionHandler(request);
    try {
      return await commit(await handler(request, session, ...rest));
    } catch (error) {
      const response = storageUnavailable(error);
      if (response) return response;
      throw error;
    }
  };
}

/** `make(env)` once, on first use; a failure is not remembered. */
function memoise<E, T>(make: (env: E) => T): (env: E) => T {
  let made: { value: T } | undefined;
  return (env) => (made ??= { value: make(env) }).value;
}

/**
 * The response adapters send when session storage is down: a 503 with a short text body and
 * `Retry-After`, never a session cookie. `undefined` when `error` is not a storage failure (recognised by name, so
 * a failure from a second copy of sessionkit — ESM beside CJS — still counts).
 */
export function storageUnavailable(error: unknown): Response | undefined {
  if (!isStorageError(error)) return undefined;
  return new Response("Service Unavailable: session storage is not responding. Please retry shortly.\n", {
    status: 503,
    headers: { "content-type": "text/plain; charset=utf-8", "retry-after": "5", "cache-control": "no-store" },
  });
}

export { isSessionError } from "./errors";
