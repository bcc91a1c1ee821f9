import { isStorageError } from "./errors";
import type { Session, SessionData, Sessions } from "./types";

/**
 * Wraps a fetch-style handler (Deno.serve, Workers, srvx, Bun without routes): the handler
 * gets the request's session, and its response comes back committed. A storage failure that
 * the handler does not catch becomes a 503 with no cookie.
 */
export function withSession<D extends SessionData, A extends unknown[]>(
  sessions: Sessions<D>,
  handler: (request: Request, session: Session<D>, ...rest: A) => Response | Promise<Response>,
): (request: Request, ...rest: A) => Promise<Response> {
  return async function sessionHandler(request, ...rest) {
    const { session, commit } = sessions.createSessionHandler(request);
    try {
      return await commit(await handler(request, session, ...rest));
    } catch (error) {
      const response = storageUnavailable(error);
      if (response) return response;
      throw error;
    }
  };
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
