// createSessionStorage: sessionkit behind the SessionStorage interface of Remix and React Router.
import { SessionConfigError, type SessionData, type SessionHandler, type Sessions } from "../../src/index";
import { setCookieLines } from "../internal/responses";
import { createRemixSession, type RemixSession } from "./remix-session";

/** Options of `commitSession`: the session's lifetime. Other cookie attributes come from `defineSessions`. */
export interface CommitSessionOptions {
  /** Lifetime in seconds: a persistent cookie (`session.setExpiry(maxAge)`); `0` or less ends the session. */
  maxAge?: number;
  /** Lifetime as a date, when `maxAge` is not given; a past date ends the session. */
  expires?: Date;
}

/**
 * The `SessionStorage` of Remix and React Router, backed by sessionkit: a drop-in for
 * `createCookieSessionStorage` / `createMemorySessionStorage`.
 */
export interface RemixSessionStorage<D extends SessionData = Record<string, any>> {
  /**
   * Loads the session the `Cookie` header points at (once; reads are then synchronous).
   * Pass the `Request` itself instead so that `secure: "auto"` sees an https URL.
   * Rejects with `SessionStorageError` when storage is down.
   */
  getSession(cookieHeader?: string | null | Request, options?: unknown): Promise<RemixSession<D>>;
  /** Saves the session's changes; resolves to its `Set-Cookie` value, or `""` when the cookie does not change. */
  commitSession(session: CommittableSession<D>, options?: CommitSessionOptions): Promise<string>;
  /** Deletes the session; resolves to a `Set-Cookie` value that expires the cookie (`""` if the request had none). */
  destroySession(session: CommittableSession<D>, options?: unknown): Promise<string>;
}

/**
 * What `commitSession` / `destroySession` take: a session from this storage's `getSession`, typed
 * without the lifecycle methods so that this storage still fits the frameworks' `SessionStorage`
 * type (whose `Session` has no `cycleId`, `setOwner` or `setExpiry`).
 */
export type CommittableSession<D extends SessionData = Record<string, any>> = Omit<RemixSession<D>, "cycleId" | "setOwner" | "setExpiry">;

/** A session handed out by `getSession`, with what committing it needs. */
interface OpenSession<D extends SessionData> {
  handler: SessionHandler<D>;
  settled(): Promise<void>;
  close(): void;
}

/** Stand-in URL for a session read from a bare Cookie header: plain http, so no `Secure` under `secure: "auto"`. */
const HEADER_ONLY_URL = "http://localhost/";

/**
 * Wraps `sessions` as a Remix / React Router `SessionStorage`:
 *
 * ```ts
 * const { getSession, commitSession, destroySession } = createSessionStorage(sessions);
 * ```
 *
 * Sessions come from this storage's `getSession` only. Commit each after its last change:
 * committing again returns the same cookie, and a change after the commit throws.
 */
export function createSessionStorage<D extends SessionData>(sessions: Sessions<D>): RemixSessionStorage<D> {
  const open = new WeakMap<object, OpenSession<D>>();

  const handlerOf = (session: CommittableSession<D>) => {
    const entry = open.get(session);
    if (!entry) throw new TypeError("sessionkit: commitSession/destroySession need a session from this storage's getSession().");
    return entry;
  };
  const commitProbe = async (entry: OpenSession<D>) => {
    entry.close();
    await entry.settled();
    return setCookieOf(await entry.handler.commit(new Response(null)));
  };

  return {
    async getSession(cookieHeader) {
      const request = isRequest(cookieHeader)
        ? cookieHeader
        : new Request(HEADER_ONLY_URL, { headers: cookieHeader ? { cookie: cookieHeader } : {} });
      const handler = sessions.createSessionHandler(request);
      const [data, flash] = await Promise.all([handler.session.all(), handler.session.peekFlash()]);
      const bridge = createRemixSession(handler.session, data, flash);
      open.set(bridge.session, { handler, settled: bridge.settled, close: bridge.close });
      return bridge.session;
    },
    async commitSession(session, options) {
      const entry = handlerOf(session);
      applyLifetime(entry.handler, options);
      return commitProbe(entry);
    },
    async destroySession(session) {
      const entry = handlerOf(session);
      entry.handler.session.destroy();
      return commitProbe(entry);
    },
  };
}

/** Maps Remix's `maxAge` / `expires` onto `setExpiry` (a lifetime that is already over ends the session). */
function applyLifetime(handler: SessionHandler<any>, options: CommitSessionOptions | undefined): void {
  const seconds =
    options?.maxAge != null ? options.maxAge : options?.expires != null ? (options.expires.getTime() - Date.now()) / 1000 : undefined;
  if (seconds === undefined) return;
  if (seconds > 0) handler.session.setExpiry(seconds);
  else handler.session.destroy();
}

/**
 * The one `Set-Cookie` value Remix's API returns. The core sets several only for a chunked
 * `"cookie"` storage (`chunk: true`), which a single string cannot carry: joining them would
 * corrupt them, so that case throws.
 */
function setCookieOf(response: Response): string {
  const lines = setCookieLines(response.headers);
  if (lines.length <= 1) return lines[0] ?? "";
  throw new SessionConfigError(
    `sessionkit: this commit needs ${lines.length} Set-Cookie headers (chunked "cookie" storage), but commitSession returns one string. ` +
      "Use withSession from sessionkit/remix, which appends them all, or turn off `chunk`.",
  );
}

function isRequest(value: unknown): value is Request {
  return typeof value === "object" && value !== null && typeof (value as Request).url === "string" && typeof (value as Request).headers?.get === "function";
}
