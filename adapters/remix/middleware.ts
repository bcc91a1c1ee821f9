// sessionMiddleware: one session per request for React Router 7 (`future.v8_middleware`).
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../../src/index";
import { commitOrUnavailable, isResponse } from "../internal/responses";

/**
 * A React Router context key: the shape of `createContext<T>()` from react-router, so either
 * works (no runtime import from react-router here).
 */
export interface SessionContextKey<T> {
  defaultValue?: T;
}

/**
 * The key `sessionMiddleware` stores the session under by default:
 * `context.get(sessionContext)` in any loader or action below the middleware.
 */
export const sessionContext: SessionContextKey<Session<any>> = {};

/** What React Router passes to a middleware, as far as this one needs it. */
export interface SessionMiddlewareArgs {
  request: Request;
  context: { set(key: SessionContextKey<any>, value: any): void };
}

/**
 * React Router 7 middleware: one session for the whole request, in `context` under `key`
 * (default {@link sessionContext}); after the loaders, actions and render it commits onto the
 * response (documents, `.data` requests, resource routes and redirects alike).
 *
 * A storage failure that the app lets through becomes the core's 503 with no cookie, also
 * when a loader's failed read was already rendered as a 500 by React Router.
 */
export function sessionMiddleware<D extends SessionData>(
  sessions: Sessions<D>,
  key: SessionContextKey<Session<D>> = sessionContext as SessionContextKey<Session<D>>,
): (args: SessionMiddlewareArgs, next: () => Promise<Response>) => Promise<Response> {
  return async function sessionMiddleware({ request, context }, next) {
    const handler = sessions.createSessionHandler(request);
    context.set(key, handler.session);
    let response: Response;
    try {
      response = await next();
    } catch (thrown) {
      if (isResponse(thrown)) throw await commitOrUnavailable(handler, thrown);
      const unavailable = storageUnavailable(thrown);
      if (unavailable) return unavailable;
      throw thrown;
    }
    return commitOrUnavailable(handler, response);
  };
}
