import type { Outcome } from "../commit";
import type { SessionContext } from "../context";

/** What every session-dependent response gets when the app set no `Cache-Control`. */
const PRIVATE = "private, must-revalidate";
/** CDN-targeted cache headers (RFC 9213 and the vendors' own): they override `Cache-Control` at the edge. */
const CDN_HEADERS = ["cdn-cache-control", "surrogate-control", "cloudflare-cdn-cache-control", "vercel-cdn-cache-control"] as const;

/**
 * Puts a commit's outcome on the response: appends its `Set-Cookie` lines (never replacing
 * others), the header token, and the cache headers. A response with immutable headers (from
 * `fetch` or `Response.redirect`) is copied first.
 */
export function applyOutcome(response: Response, outcome: Outcome, ctx: SessionContext): Response {
  const cache = ctx.cacheControl && (outcome.vary || outcome.cookies.length > 0 || outcome.token !== undefined);
  if (outcome.cookies.length === 0 && outcome.token === undefined && !cache) return response;
  try {
    writeHeaders(response.headers, outcome, ctx, cache);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    writeHeaders(copy.headers, outcome, ctx, cache);
    return copy;
  }
}

function writeHeaders(headers: Headers, outcome: Outcome, ctx: SessionContext, cache: boolean): void {
  const header = ctx.transport.header;
  const token = header !== undefined && outcome.token !== undefined;
  const seen = cache || token ? scan(headers) : undefined;
  for (const cookie of outcome.cookies) headers.append("set-cookie", cookie);
  if (token) {
    headers.set(header, outcome.token!);
    addListItem(headers, "access-control-expose-headers", seen!.expose, header);
  }
  if (!cache) return;
  let vary = seen!.vary;
  if (ctx.transport.cookieName) vary = addListItem(headers, "vary", vary, "Cookie");
  if (header) addListItem(headers, "vary", vary, header);
  const current = seen!.cacheControl;
  const next = current ? privateCacheControl(current) : PRIVATE;
  if (next !== current) headers.set("cache-control", next);
  if (seen!.cdn) for (const name of CDN_HEADERS) if (headers.has(name)) headers.set(name, "no-store");
}

/** The headers a commit merges into, as the response has them before it does. */
interface Seen {
  vary: string | null;
  cacheControl: string | null;
  expose: string | null;
  /** Whether any CDN-targeted cache header is present. */
  cdn: boolean;
}

const CDN_NAMES: ReadonlySet<string> = new Set(CDN_HEADERS);

/**
 * Reads the headers a commit merges into. A runtime's own `Headers` is walked once with
 * `forEach` (names come lower-cased): each `get`/`has` on it validates and lower-cases its
 * argument, and the six lookups cost several times one walk of a response's few headers.
 * Any other headers object (an adapter's view of a Node response) is asked by name.
 */
function scan(headers: Headers): Seen {
  if (typeof Headers === "function" && headers instanceof Headers) {
    const seen: Seen = { vary: null, cacheControl: null, expose: null, cdn: false };
    headers.forEach((value, name) => {
      if (name === "vary") seen.vary = value;
      else if (name === "cache-control") seen.cacheControl = value;
      else if (name === "access-control-expose-headers") seen.expose = value;
      else if (CDN_NAMES.has(name)) seen.cdn = true;
    });
    return seen;
  }
  return {
    vary: headers.get("vary"),
    cacheControl: headers.get("cache-control"),
    expose: headers.get("access-control-expose-headers"),
    cdn: CDN_HEADERS.some((name) => headers.has(name)),
  };
}

/**
 * `Cache-Control` made unstorable by shared caches (RFC 9111 §5.2.2): an unqualified
 * `private` or `no-store` already is, and stays; otherwise `private` leads, and `public`,
 * `s-maxage` and field-qualified `private="…"` (which leaves the body storable) are removed.
 * Quoted arguments are kept whole, commas inside them included.
 */
export function privateCacheControl(value: string): string {
  let isPrivate = false;
  let changed = false;
  const kept: string[] = [];
  for (const directive of splitDirectives(value)) {
    const eq = directive.indexOf("=");
    const name = (eq === -1 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    if (name === "public" || name === "s-maxage" || (name === "private" && eq !== -1)) {
      changed = true;
      continue;
    }
    if (name === "private" || name === "no-store") isPrivate = true;
    kept.push(directive);
  }
  if (!isPrivate) {
    kept.unshift("private");
    changed = true;
  }
  return changed ? kept.join(", ") : value;
}

/** Splits a header into its comma-separated directives, keeping quoted strings whole. */
function splitDirectives(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 34 /* " */) quoted = !quoted;
    else if (code === 92 /* \ */ && quoted) i++;
    else if (code === 44 /* , */ && !quoted) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/**
 * Adds `item` to a comma-separated header whose value is `current`, unless it (or `*`) is
 * already listed; returns the header's value after.
 */
function addListItem(headers: Headers, name: string, current: string | null, item: string): string {
  if (!current) {
    headers.set(name, item);
    return item;
  }
  const lower = item.toLowerCase();
  for (const entry of current.split(",")) {
    const value = entry.trim().toLowerCase();
    if (value === lower || value === "*") return current;
  }
  const next = `${current}, ${item}`;
  headers.set(name, next);
  return next;
}
