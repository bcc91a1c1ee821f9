// Response helpers shared by the framework adapters.
import { storageUnavailable, type SessionHandler } from "../../src/index";

/**
 * Whether `value` is a `Response`, by shape rather than `instanceof` (as Remix and React Router
 * check it), so a Response from any fetch implementation counts.
 */
export function isResponse(value: unknown): value is Response {
  const candidate = value as Response | null;
  return (
    candidate != null &&
    typeof candidate.status === "number" &&
    typeof candidate.statusText === "string" &&
    typeof candidate.headers === "object" &&
    typeof candidate.body !== "undefined"
  );
}

/**
 * Commits onto `response`; when storage fails, answers the core's 503 instead (no cookie).
 * Any other error (e.g. `SessionValidationError`) is rethrown.
 */
export async function commitOrUnavailable(handler: Pick<SessionHandler<any>, "commit">, response: Response): Promise<Response> {
  try {
    return await handler.commit(response);
  } catch (error) {
    const unavailable = storageUnavailable(error);
    if (unavailable) return unavailable;
    throw error;
  }
}

/** A `Headers` of an older fetch polyfill (node-fetch, @remix-run/web-fetch): `raw()` instead of `getSetCookie()`. */
interface LegacyHeaders {
  raw?(): Record<string, string[] | undefined>;
}

/**
 * Every `Set-Cookie` line of `headers`, one per cookie, never joined: `getSetCookie()` where the
 * fetch implementation has it, else `raw()` (the `Headers` that Remix v2's `installGlobals()`
 * installs has no `getSetCookie`), else the one `get()` value.
 */
export function setCookieLines(headers: Headers): string[] {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  const legacy = headers as unknown as LegacyHeaders;
  if (typeof legacy.raw === "function") return [...(legacy.raw()["set-cookie"] ?? [])];
  const only = headers.get("set-cookie");
  return only ? [only] : [];
}
