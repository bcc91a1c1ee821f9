import type { RequestLike, SessionData } from "./types";

/** A session found in another library's cookie and store, to be adopted into a new sessionkit session. */
export interface LegacySession {
  /** The data to adopt (without the other library's bookkeeping). */
  readonly data: SessionData;
  /** Set-Cookie lines that retire the other library's cookie. */
  readonly cookies: readonly string[];
  /** Removes the old record; called once the new session is stored. */
  remove(): Promise<void>;
}

/**
 * Where `defineSessions({ legacy })` finds sessions of the library an app moves away from
 * (e.g. `fromExpressSession` in `sessionkit/node`). Consulted only for requests that carry no
 * sessionkit token; `undefined` means nothing to adopt (no cookie, a forged one, or no record).
 */
export interface LegacySource {
  read(request: RequestLike): Promise<LegacySession | undefined>;
}
