import type { Outcome } from "../commit";
import type { SessionContext } from "../context";

/**
 * Puts a commit's outcome on the response: appends its `Set-Cookie` lines (never replacing
 * others), the header token, and the cache headers. A response with immutable headers (from
 * `fetch` or `Response.redirect`) is copied first.
 */
export function applyOutcome(response: Response, outcome: Outcome, ctx: SessionContext): Response {
  if (outcome.cookies.length === 0 && outcome.token === undefined && !(outcome.vary && ctx.cacheControl)) return response;
  try {
    writeHeaders(response.headers, outcome, ctx);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    writeHeaders(copy.headers, outcome, ctx);
    return copy;
  }
}

function writeHeaders(headers: Headers, outcome: Outcome, ctx: SessionContext): void {
  for (const cookie of outcome.cookies) headers.append("set-cookie", cookie);
  if (ctx.header && outcome.token !== undefined) {
    headers.set(ctx.header, outcome.token);
    addListItem(headers, "access-control-expose-headers", ctx.header);
  }
  if (!ctx.cacheControl || !(outcome.vary || outcome.cookies.length > 0 || outcome.token !== undefined)) return;
  if (ctx.cookie) addListItem(headers, "vary", "Cookie");
  if (ctx.header) addListItem(headers, "vary", ctx.header);
  const cacheControl = headers.get("cache-control");
  if (!cacheControl) headers.set("cache-control", "private, must-revalidate");
  else if (!/(^|[\s,])(private|no-store)([\s,=]|$)/i.test(cacheControl)) {
    const kept = cacheControl
      .split(",")
      .map((directive) => directive.trim())
      .filter((directive) => directive && !/^(public|s-maxage\s*=.*)$/i.test(directive));
    headers.set("cache-control", ["private", ...kept].join(", "));
  }
}

/** Adds `item` to a comma-separated header unless it (or `*`) is already listed. */
function addListItem(headers: Headers, name: string, item: string): void {
  const current = headers.get(name);
  if (!current) return headers.set(name, item);
  const lower = item.toLowerCase();
  for (const entry of current.split(",")) {
    const value = entry.trim().toLowerCase();
    if (value === lower || value === "*") return;
  }
  headers.set(name, `${current}, ${item}`);
}
