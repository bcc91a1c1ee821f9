import { MAX_CHUNKS, splitChunks } from "./chunks";
import { COOKIE_SIZE_LIMIT, expireCookie, serializeCookie, type CookieSpec } from "./cookie";
import { isHttps, type FoundToken } from "./read";
import { SessionCookieTooLargeError } from "../errors";
import { utf8 } from "../token/encoding";
import type { RequestLike } from "../types";

/** How the token goes out: the cookie settings and whether it may be chunked. */
export interface CookieWriter {
  readonly spec: CookieSpec | undefined;
  /** Cookie storage with `chunk: true`. */
  readonly chunked: boolean;
  /** What the size error should advise: `"cookie"` storage or client data of server storage. */
  readonly tooLargeHint: "cookie-storage" | "client-data";
}

/**
 * The Set-Cookie lines that carry `token`: one cookie, or chunks plus the removal of stale
 * ones. Throws `SessionCookieTooLargeError` (before anything is written) when it cannot fit.
 */
export function tokenCookies(writer: CookieWriter, request: RequestLike, found: FoundToken | undefined, token: string, maxAge: number | undefined): string[] {
  const spec = writer.spec;
  if (!spec) return [];
  const { http, https } = spec.attributes;
  const attributes = http === https || !isHttps(request) ? http : https;
  const requestChunks = found?.chunks ?? 0;
  const line = serializeCookie(spec.name, token, attributes, maxAge);
  const size = byteLength(line);
  if (size <= COOKIE_SIZE_LIMIT) {
    const lines = [line];
    for (let index = 0; index < requestChunks; index++) lines.push(expireCookie(`${spec.name}.${index}`, attributes));
    return lines;
  }
  if (!writer.chunked) throw new SessionCookieTooLargeError(size, COOKIE_SIZE_LIMIT, writer.tooLargeHint);
  const parts = splitChunks(token, COOKIE_SIZE_LIMIT, (name, value) => serializeCookie(name, value, attributes, maxAge).length, spec.name);
  if (parts.length > MAX_CHUNKS) throw new SessionCookieTooLargeError(size, COOKIE_SIZE_LIMIT * MAX_CHUNKS, "chunks");
  const lines = parts.map((part, index) => serializeCookie(`${spec.name}.${index}`, part, attributes, maxAge));
  for (let index = parts.length; index < requestChunks; index++) lines.push(expireCookie(`${spec.name}.${index}`, attributes));
  if (found?.cookiePresent && requestChunks === 0) lines.push(expireCookie(spec.name, attributes));
  return lines;
}

/** Set-Cookie lines that expire the session cookie and any chunks the request carried. */
export function expiredCookies(writer: CookieWriter, request: RequestLike, found: FoundToken | undefined): string[] {
  const spec = writer.spec;
  if (!spec || !found?.cookiePresent) return [];
  const attributes = isHttps(request) ? spec.attributes.https : spec.attributes.http;
  if (found.chunks === 0) return [expireCookie(spec.name, attributes)];
  return Array.from({ length: found.chunks }, (_, index) => expireCookie(`${spec.name}.${index}`, attributes));
}

/** UTF-8 size of a string; tokens and attributes are ASCII, so usually its length. */
function byteLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return utf8(text).length;
  return text.length;
}
