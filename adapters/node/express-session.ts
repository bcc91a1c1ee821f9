// fromExpressSession: adopting express-session's sessions, so moving an app over signs nobody out.
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { SessionConfigError, SessionStorageError, type LegacySession, type LegacySource, type RequestLike } from "../../src/index";

/**
 * The part of an express-session store that the migration uses: any store written for
 * express-session (its `MemoryStore`, session-file-store, connect-redis, connect-mongo, …).
 */
export interface ExpressSessionStore {
  get(sid: string, callback: (error: unknown, session?: Record<string, unknown> | null) => void): unknown;
  destroy(sid: string, callback?: (error?: unknown) => void): unknown;
}

/** Options of {@link fromExpressSession}: the same values the express-session app was given. */
export interface ExpressSessionOptions {
  /** express-session's `secret`: a string, or an array whose every entry verifies. */
  secret: string | readonly string[];
  /** express-session's `store` instance (its `MemoryStore` only within the same process). */
  store: ExpressSessionStore;
  /** express-session's `name`, the cookie name. @default "connect.sid" */
  name?: string;
  /** Attributes of the old cookie, to expire it: express-session's `cookie.path`, `cookie.domain` and `cookie.secure`. @default { path: "/" } */
  cookie?: { path?: string; domain?: string; secure?: boolean };
  /** Upper bound in ms of each call to the old store. @default 2000 */
  timeout?: number;
}

/** express-session's default cookie name. */
export const EXPRESS_SESSION_COOKIE = "connect.sid";

/**
 * A `legacy` source for `defineSessions({ legacy })`: a request that carries a valid
 * express-session cookie (`s:` + id + `.` + HMAC-SHA256 signature, the cookie-signature format,
 * checked in constant time against every secret) and no sessionkit token gets that session's
 * data — without express-session's `cookie` field, nor session-file-store's `__lastAccess` —
 * adopted into a new sessionkit session with a fresh id; once it is saved, the old record is
 * destroyed in the old store and the old cookie expired.
 * A tampered cookie adopts nothing and never reaches the store; a signed one whose record is gone
 * (or past its `cookie.expires`) adopts nothing and is expired. express-session itself is not needed.
 *
 * @example
 * const sessions = defineSessions({
 *   secrets: [process.env.SESSION_SECRET],
 *   storage: "redis://127.0.0.1:6379",
 *   legacy: fromExpressSession({ secret: process.env.OLD_SECRET, store: new RedisStore({ client }) }),
 * });
 * @throws SessionConfigError when `secret`, `store` or `name` is unusable.
 */
export function fromExpressSession(options: ExpressSessionOptions): LegacySource {
  const { secret, store, name = EXPRESS_SESSION_COOKIE, cookie = {}, timeout = 2000 } = options ?? ({} as ExpressSessionOptions);
  const secrets = (typeof secret === "string" ? [secret] : Array.isArray(secret) ? [...secret] : []) as string[];
  if (secrets.length === 0 || secrets.some((entry) => typeof entry !== "string" || entry === "")) {
    throw new SessionConfigError("sessionkit: fromExpressSession needs `secret`: the express-session secret (a string or an array of them).");
  }
  if (!store || typeof store.get !== "function" || typeof store.destroy !== "function") {
    throw new SessionConfigError("sessionkit: fromExpressSession needs `store`: the express-session store instance the old app used.");
  }
  if (typeof name !== "string" || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw new SessionConfigError(`sessionkit: fromExpressSession's \`name\` must be a cookie name, not ${JSON.stringify(name)}.`);
  }
  if (!(Number.isFinite(timeout) && timeout > 0)) {
    throw new SessionConfigError("sessionkit: fromExpressSession's `timeout` must be a positive number of milliseconds.");
  }
  const keys = secrets.map((entry) => encoder.encode(entry));
  const expiry =
    `${name}=; Path=${cookie.path ?? "/"}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0` +
    (cookie.domain ? `; Domain=${cookie.domain}` : "") +
    (cookie.secure || /^__(Secure|Host)-/.test(name) ? "; Secure" : ""); // browsers drop a prefixed cookie without it
  // A failing or hanging old store is a storage failure (a 503), never an empty session.
  const call = <T>(what: "get" | "destroy", run: (done: (error: unknown, value?: T) => void) => unknown) =>
    bounded(what, timeout, run).catch((error: unknown) => {
      throw new SessionStorageError(`legacy-${what}`, `the express-session store's ${what} failed`, { cause: error });
    });

  return {
    async read(request: RequestLike): Promise<LegacySession | undefined> {
      const raw = findCookie(request.headers.get("cookie"), name);
      const sid = raw === undefined ? undefined : unsign(raw, keys);
      if (sid === undefined) return undefined;
      const stored = await call<Record<string, unknown> | null>("get", (done) => store.get(sid, notFoundIsEmpty(done)));
      const remove = () => call<void>("destroy", (done) => store.destroy(sid, notFoundIsEmpty(done)));
      return { data: stored && !expired(stored) ? dataOf(stored) : {}, cookies: [expiry], remove };
    },
  };
}

const encoder = new TextEncoder();

/** The session id of a signed express-session cookie value, or `undefined` when it does not verify. */
function unsign(raw: string, keys: Uint8Array[]): string | undefined {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!value.startsWith("s:")) return undefined;
  const dot = value.lastIndexOf(".");
  if (dot < 3) return undefined;
  const sid = value.slice(2, dot);
  const mac = value.slice(dot + 1);
  const message = encoder.encode(sid);
  let valid = false;
  for (const key of keys) valid = equalInConstantTime(base64(hmac(sha256, key, message)), mac) || valid;
  return valid ? sid : undefined;
}

/** Standard base64 without padding, as cookie-signature writes its signatures. */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, "");
}

/** Compares two strings without an early exit; only the (public) length can end it sooner. */
function equalInConstantTime(expected: string, actual: string): boolean {
  if (expected.length !== actual.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ actual.charCodeAt(i);
  return difference === 0;
}

/** The first cookie called `name` in a Cookie header, as express-session's parser picks it. */
function findCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length > 1 ? value.slice(1, -1) : value;
  }
  return undefined;
}

/** Whether the stored session is past its cookie's `expires` (stores check this too; this is a second guard). */
function expired(stored: Record<string, unknown>): boolean {
  const expires = (stored.cookie as { expires?: unknown } | undefined)?.expires;
  if (expires === undefined || expires === null || expires === false) return false;
  const at = new Date(expires as string).getTime();
  return Number.isFinite(at) && at <= Date.now();
}

/** Fields that are express-session's or a store's bookkeeping, not the app's data. */
const BOOKKEEPING = new Set([
  "cookie", // express-session's cookie settings
  "__lastAccess", // session-file-store's reaping time
]);

/** The session's own data: everything but the bookkeeping fields. */
function dataOf(stored: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(stored)) if (!BOOKKEEPING.has(key)) data[key] = stored[key];
  return data;
}

/** express-session's convention: a store error with code `ENOENT` means "no such session" (session-file-store). */
function notFoundIsEmpty<T>(done: (error: unknown, value?: T) => void): (error: unknown, value?: T) => void {
  return (error, value) => ((error as { code?: unknown } | null)?.code === "ENOENT" ? done(null, undefined) : done(error, value));
}

/** Runs one callback-style store call, settled once, within `timeout` ms. */
function bounded<T>(what: string, timeout: number, run: (done: (error: unknown, value?: T) => void) => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`the old store's ${what} took over ${timeout} ms`)), timeout);
    function finish(error: unknown, value?: T): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value as T);
    }
    try {
      const returned = run(finish);
      // Promise-returning stores (connect-redis) also call back; a rejection without a callback still counts.
      if (returned && typeof (returned as Promise<unknown>).then === "function") (returned as Promise<unknown>).then(undefined, (error) => finish(error));
    } catch (error) {
      finish(error);
    }
  });
}
