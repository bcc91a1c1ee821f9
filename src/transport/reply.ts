import type { SessionContext } from "../context";

/** Where a request's token came from: the configured header (present, even empty), the cookie, or neither. */
export type TokenSource = "header" | "cookie" | undefined;

/**
 * Which transports a commit answers on, from where the request's token came (no echo, DESIGN.md
 * "Tokens and cookies"). A response token goes out the way the client uses:
 *
 * - the token came in the header (or the header came empty: a header client with no token
 *   yet, such as `createSessionFetch`) → the header only, no `Set-Cookie`;
 * - the token came in the cookie → the cookie only: a token that arrived HttpOnly is never put
 *   into a script-readable response header;
 * - no token and no header → the cookie, or the header when the cookie is off (`cookie: false`).
 *
 * So no page script can read an HttpOnly cookie's token, and a script that asks for a header
 * session never gets its token planted in the browser's cookie.
 */
export function replyTransports(ctx: SessionContext, source: TokenSource): { cookie: boolean; header: boolean } {
  const header = ctx.header !== undefined && (source === "header" || (source === undefined && !ctx.cookie));
  const cookie = Boolean(ctx.cookie) && source !== "header";
  return { cookie, header };
}
