// getSession(c): the session of a Hono context, or a clear error when the middleware never ran.
import type { Context, Env } from "hono";
import { SessionConfigError } from "../../src/index";
import type { ContextSession } from "./types";

/**
 * The request's session, as `c.get("session")` gives it and with the same type, but a
 * handler that runs without `app.use(session(sessions))` in front of it throws a
 * `SessionConfigError` saying so, instead of a `TypeError` on `undefined` later.
 *
 * ```ts
 * app.get("/", async (c) => c.json({ userId: await getSession(c).get("userId") }));
 * ```
 *
 * @throws {SessionConfigError} when no `session(sessions)` middleware ran for this request.
 */
export function getSession<E extends Env>(c: Context<E>): ContextSession<E> {
  const session = (c as Context).get("session") as ContextSession<E> | undefined;
  if (session === undefined) {
    throw new SessionConfigError("sessionkit: no session on this context. Add app.use(session(sessions)) before this route.");
  }
  return session;
}
