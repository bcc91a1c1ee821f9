import { SessionConfigError } from "../errors";
import type { SessionCookieOptions } from "../types";

/** Browsers drop a cookie whose Set-Cookie line is larger (RFC 6265bis §5.6, name + value + attributes counted here). */
export const COOKIE_SIZE_LIMIT = 4096;
/** Browsers cap Max-Age at 400 days (RFC 6265bis §5.6.2). */
const MAX_AGE_CAP = 400 * 24 * 60 * 60;
const EXPIRED = "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
/** RFC 9110 token characters: valid cookie and header names. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Attribute values may not carry controls (incl. CR/LF) or `;` (RFC 6265 §4.1.1). */
const UNSAFE_ATTRIBUTE = /[\u0000-\u001f\u007f;]/;

/** The session cookie's settings, validated once. */
export interface CookieSpec {
  readonly name: string;
  /** Whether `Secure` depends on the request's scheme. */
  readonly autoSecure: boolean;
  /** Attributes after `Max-Age`, for an http and an https request. */
  readonly attributes: { readonly http: string; readonly https: string };
}

/** Validates cookie options and precomputes their attribute strings; throws `SessionConfigError`. */
export function createCookieSpec(options: SessionCookieOptions = {}): CookieSpec {
  const { name = "sid", domain, path = "/", sameSite = "lax", secure = "auto", partitioned = false } = options;
  if (typeof name !== "string" || !TOKEN.test(name)) {
    throw new SessionConfigError(
      `sessionkit: cookie name ${JSON.stringify(name)} is not a valid cookie name. Use letters, digits and !#$%&'*+-.^_\`|~ only (RFC 6265).`,
    );
  }
  for (const [option, value] of [["domain", domain], ["path", path]] as const) {
    if (value !== undefined && (typeof value !== "string" || UNSAFE_ATTRIBUTE.test(value))) {
      throw new SessionConfigError(
        `sessionkit: cookie ${option} contains a control character or ";". Remove it: such a value could inject cookie attributes or headers.`,
      );
    }
  }
  if (!path.startsWith("/")) {
    throw new SessionConfigError(`sessionkit: cookie path must start with "/". Use \`path: "/"\` or a sub-path like "/app".`);
  }
  const sameSiteValue = String(sameSite).toLowerCase();
  if (sameSiteValue !== "lax" && sameSiteValue !== "strict" && sameSiteValue !== "none") {
    throw new SessionConfigError(`sessionkit: cookie sameSite must be "lax", "strict" or "none", not ${JSON.stringify(sameSite)}.`);
  }
  if (secure !== true && secure !== false && secure !== "auto") {
    throw new SessionConfigError(`sessionkit: cookie secure must be true, false or "auto".`);
  }
  const prefixed = name.startsWith("__Host-") ? "__Host-" : name.startsWith("__Secure-") ? "__Secure-" : undefined;
  const mustBeSecure = prefixed !== undefined || partitioned || sameSiteValue === "none";
  if (mustBeSecure && secure === false) {
    const why = prefixed ? `a ${prefixed} cookie` : partitioned ? "a Partitioned cookie" : "a SameSite=None cookie";
    throw new SessionConfigError(`sessionkit: ${why} must be Secure; browsers reject it otherwise. Remove \`secure: false\`.`);
  }
  if (prefixed === "__Host-" && (domain !== undefined || path !== "/")) {
    throw new SessionConfigError(
      `sessionkit: a __Host- cookie must have Path=/ and no Domain (RFC 6265bis §4.1.3.2). Remove \`domain\` and use \`path: "/"\`, or drop the prefix.`,
    );
  }
  if (partitioned && sameSiteValue !== "none") {
    throw new SessionConfigError(
      `sessionkit: a Partitioned cookie only makes sense in a third-party context, which needs SameSite=None. Set \`sameSite: "none"\`.`,
    );
  }
  const sameSiteAttr = sameSiteValue === "lax" ? "Lax" : sameSiteValue === "strict" ? "Strict" : "None";
  const base = `${domain ? `; Domain=${domain}` : ""}; Path=${path}; HttpOnly; SameSite=${sameSiteAttr}`;
  const https = `${base}; Secure${partitioned ? "; Partitioned" : ""}`;
  const alwaysSecure = mustBeSecure || secure === true;
  return {
    name,
    autoSecure: !alwaysSecure && secure === "auto",
    attributes: { http: alwaysSecure ? https : base, https: secure === false ? base : https },
  };
}

/** A `Set-Cookie` value; `maxAge` in seconds, `undefined` for a browser-session cookie. */
export function serializeCookie(name: string, value: string, attributes: string, maxAge: number | undefined): string {
  const age = maxAge === undefined ? "" : `; Max-Age=${Math.max(0, Math.min(MAX_AGE_CAP, Math.floor(maxAge)))}`;
  return `${name}=${value}${age}${attributes}`;
}

/** A `Set-Cookie` value that deletes the cookie. */
export function expireCookie(name: string, attributes: string): string {
  return `${name}=${EXPIRED}${attributes}`;
}

/**
 * The value of cookie `name` in a `Cookie` header (the first one, as browsers send the most
 * specific path first), or `undefined`. Scans without building a map of every cookie, in time
 * linear in the header: each segment is looked at only where it starts (is it `name=`?) and
 * skipped with one `indexOf(";")`; a run of empty segments (a hostile `;;;;…`) is skipped whole.
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  const length = header.length;
  let at = 0;
  while (at < length) {
    let code = header.charCodeAt(at);
    while (code === 32 || code === 9) code = header.charCodeAt(++at);
    if (code === 59 /* ; */) {
      // An empty segment: jump past every segment before the next "=" (none of them can be
      // `name=`) with two native searches instead of a step per segment.
      const eq = header.indexOf("=", at);
      if (eq === -1) return undefined;
      at = header.lastIndexOf(";", eq - 1) + 1;
      continue;
    }
    let end = header.indexOf(";", at);
    if (end === -1) end = length;
    const eq = at + name.length;
    if (eq < end && header.charCodeAt(eq) === 61 /* = */ && header.startsWith(name, at)) {
      let value = header.slice(eq + 1, end).trim();
      if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) value = value.slice(1, -1);
      return value;
    }
    at = end + 1;
  }
  return undefined;
}

/** Whether `name` is a valid header name (RFC 9110 token). */
export function isHeaderName(name: string): boolean {
  return TOKEN.test(name);
}
