// The types of sessionkit/hono: how `c.get("session")` / `c.var.session` learn the schema's data.
import type { Env } from "hono";
import type { Session, SessionData, Sessions } from "../../src/index";

/**
 * Register your `sessions` once to type `c.get("session")`, `c.var.session` and
 * `getSession(c)` with its schema's data in every handler and middleware of the app
 * (Hono's `app.use()` does not change the app's type, so the type has to come from here):
 *
 * ```ts
 * declare module "sessionkit/hono" {
 *   interface Register { sessions: typeof sessions }
 * }
 * ```
 *
 * Without it the session is `Session<any>`.
 */
export interface Register {}

/** The session of a `Sessions` instance: `SessionOf<typeof sessions>`. */
export type SessionOf<S> = S extends Sessions<infer D> ? Session<D> : never;

/** What `c.get("session")` is app-wide: the {@link Register}ed sessions' session, else `Session<any>`. */
export type RegisteredSession = Register extends { sessions: infer S } ? SessionOf<S> : Session<any>;

/** The context variables `session(sessions)` provides: `c.get("session")` / `c.var.session`. */
export type SessionVariables<D extends SessionData = SessionData> = { session: Session<D> };

/**
 * The Hono `Env` of an app whose every route runs after `session(sessions)`, for apps that
 * type their env instead of using {@link Register}: `new Hono<SessionEnv<typeof sessions>>()`.
 */
export type SessionEnv<S extends Sessions<any>> = { Variables: { session: SessionOf<S> } };

/** The session a context of env `E` holds: its own `Variables.session` if typed, else the registered one. */
export type ContextSession<E extends Env> = 0 extends 1 & E
  ? RegisteredSession
  : E extends { Variables: { session: infer S extends Session<any> } }
    ? S
    : RegisteredSession;

declare module "hono" {
  interface ContextVariableMap {
    /** The request's session, set by `session(sessions)` from `sessionkit/hono`; typed by {@link Register}. */
    session: RegisteredSession;
  }
}
