import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { SessionContext } from "./context";
import { createCookieSpec, isHeaderName } from "./transport/cookie";
import { SessionConfigError } from "./errors";
import type { Timeouts } from "./expiry";
import { deriveKeys, instanceBinding } from "./token/keys";
import { createKeyLocks } from "./store/lock";
import { createNotifier } from "./live/notify";
import { createSessions } from "./sessions";
import { resolveStorage } from "./store/resolve";
import { createStoreOpener } from "./store/open";
import { createSealedOpener, createTokenVerifier } from "./token/cache";
import type { InferData, SessionEvent, Sessions, SessionsOptions } from "./types";

/** Default idle timeout: 7 days, in seconds. */
export const DEFAULT_IDLE_TIMEOUT = 7 * 24 * 60 * 60;
/** Default absolute timeout: 30 days, in seconds. */
export const DEFAULT_ABSOLUTE_TIMEOUT = 30 * 24 * 60 * 60;
/** Default bound of every storage call, in ms. */
export const DEFAULT_STORAGE_TIMEOUT = 2000;
/** Default storage key prefix. */
export const DEFAULT_PREFIX = "sessionkit";

let warnedMemoryInProduction = false;

/**
 * Validates the options once and returns the configured toolkit. Misconfiguration throws
 * `SessionConfigError` here, with a message that says how to fix it. The caller's options
 * object is never modified.
 */
export function defineSessions<S extends StandardSchemaV1 | undefined = undefined>(
  options: SessionsOptions<S>,
): Sessions<InferData<S>> {
  if (!options || typeof options !== "object") {
    throw new SessionConfigError("sessionkit: defineSessions needs an options object, e.g. `defineSessions({ secrets: [process.env.SESSION_SECRET] })`.");
  }
  const {
    secrets,
    storage,
    schema,
    cookie,
    header,
    idleTimeout = DEFAULT_IDLE_TIMEOUT,
    absoluteTimeout = DEFAULT_ABSOLUTE_TIMEOUT,
    touchInterval = idleTimeout / 10,
    storageTimeout = DEFAULT_STORAGE_TIMEOUT,
    cacheControl = true,
    commitOnError = false,
    chunk = false,
    broadcast,
    prefix = DEFAULT_PREFIX,
    name,
    onEvent,
    now = Date.now,
  } = options;

  positive("idleTimeout", idleTimeout, "seconds");
  positive("absoluteTimeout", absoluteTimeout, "seconds");
  positive("storageTimeout", storageTimeout, "milliseconds");
  if (!(Number.isFinite(touchInterval) && touchInterval >= 0)) {
    throw new SessionConfigError(`sessionkit: touchInterval must be a number of seconds ≥ 0, not ${String(touchInterval)}.`);
  }
  if (schema !== undefined && typeof (schema as StandardSchemaV1)?.["~standard"]?.validate !== "function") {
    throw new SessionConfigError("sessionkit: `schema` must be a Standard Schema (e.g. a valibot `v.object({...})`).");
  }
  if (header !== undefined && (typeof header !== "string" || !isHeaderName(header))) {
    throw new SessionConfigError(`sessionkit: \`header\` must be a valid header name like "x-session-id", not ${JSON.stringify(header)}.`);
  }
  if (cookie === false && header === undefined) {
    throw new SessionConfigError("sessionkit: `cookie: false` leaves no way to carry the session. Set `header: \"x-session-id\"` too.");
  }
  if (typeof prefix !== "string" || !/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new SessionConfigError(`sessionkit: \`prefix\` must be letters, digits, "_" or "-", not ${JSON.stringify(prefix)}.`);
  }
  if (broadcast !== undefined && !/^rediss?:\/\//.test(String(broadcast))) {
    throw new SessionConfigError('sessionkit: `broadcast` takes a Redis URL like "redis://127.0.0.1:6379".');
  }
  if (typeof now !== "function") throw new SessionConfigError("sessionkit: `now` must be a function returning milliseconds.");
  const cookieSpec = cookie === false ? undefined : createCookieSpec(cookie ?? {});
  const keys = deriveKeys(secrets, instanceBinding({ name, cookie: cookieSpec?.name, header }));
  const resolved = resolveStorage(storage, storageTimeout, now);
  if (chunk && resolved.mode !== "cookie") {
    throw new SessionConfigError('sessionkit: `chunk: true` only applies to `storage: "cookie"`; server-side storage keeps the cookie small.');
  }
  if (storage === undefined && isProduction() && !warnedMemoryInProduction) {
    warnedMemoryInProduction = true;
    console.warn(
      "sessionkit: no `storage` given, so sessions live in this process's memory: they vanish on restart and are not shared " +
        'between instances. Set `storage` (e.g. "redis://…" or "file:./.data/sessions") for production.',
    );
  }

  const timeouts: Timeouts = { idleMs: idleTimeout * 1000, absoluteMs: absoluteTimeout * 1000, touchMs: touchInterval * 1000 };
  const store = createStoreOpener(resolved);
  const emit = (event: SessionEvent) => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // an event listener must not break a request
    }
  };
  const ctx: SessionContext = {
    keys,
    verifyToken: createTokenVerifier(keys),
    openSealed: createSealedOpener(keys),
    mode: resolved.mode,
    store: store.open,
    openedStore: store.opened,
    schema,
    cookie: cookieSpec,
    header: header?.toLowerCase(),
    timeouts,
    cacheControl,
    commitOnError,
    chunk,
    recordKey: (handle) => `${prefix}:s:${handle}`,
    ownerIndexKey: (ownerKey) => `${prefix}:o:${ownerKey}`,
    emit,
    now,
    locks: createKeyLocks(),
    notifier: createNotifier(`${prefix}:changes`, broadcast),
  };
  return createSessions(ctx, store.dispose) as unknown as Sessions<InferData<S>>;
}

function positive(name: string, value: unknown, unit: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new SessionConfigError(`sessionkit: ${name} must be a positive number of ${unit}, not ${String(value)}.`);
  }
}

function isProduction(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === "production";
}

