import type { FoundToken, TokenTransport } from "./read";

/**
 * Which transports a commit answers on, from where the request's token came (no echo, DESIGN.md
 * "Tokens and cookies"). A response token goes out the way the client uses:
 *
 * - the token came in the cookie → the cookie only: a token that arrived HttpOnly is never put
 *   into a script-readable response header (also when the request sent the header empty);
 * - the request is a header client (its token came in the header, or the header came empty
 *   and no cookie: `createSessionFetch` before its first token) → the header only, no
 *   `Set-Cookie`: a token a script has seen is never planted in the browser's HttpOnly cookie;
 * - neither token nor header → the cookie, or the header when the cookie is off (`cookie: false`).
 */
export function replyTransports(transport: TokenTransport, found: FoundToken): { cookie: boolean; header: boolean } {
  const header = transport.header !== undefined;
  const cookie = transport.cookieName !== undefined;
  if (found.via === "cookie") return { cookie: true, header: false };
  if (found.headerClient) return { cookie: false, header };
  return { cookie, header: header && !cookie };
}
