import type { StandardSchemaV1 } from "./standard-schema";
import type { SessionContext } from "./context";
import { createCookieSpec, isHeaderName } from "./transport/cookie";
import { SessionConfigError } from "./errors";
import type { Timeouts } from "./expiry";
import { deriveKeys, instanceBinding } from "./token/keys";
import { createKeyLocks } from "./store/lock";
import { createNotifier } from "./live/notify";
import { createCookieMode } from "./mode/cookie";
import { createServerMode } from "./mode/server";
import { DEFAULT_MAX_SESSIONS_PER_OWNER } from "./owners";
import { SessionsToolkit } from "./sessions";
import { resolveStorage } from "./store/resolve";
import { createStoreOpener } from "./store/open";
import { loggerOf, warnOn } from "./store/watch";
import type { InferData, SessionEvent, Sessions, SessionsOptions } from "./types";

/** Default idle timeout: 7 days, in seconds. */
export const DEFAULT_IDLE_TIMEOUT = 7 * 24 * 60 * 60;
/** Default absolute timeout: 30 days, in seconds. */
export const DEFAULT_ABSOLUTE_TIMEOUT = 30 * 24 * 60 * 60;
/** Default bound of every storage call, in ms. */
export const DEFAULT_STORAGE_TIMEOUT = 2000;
/** Default storage key prefix. */
export const DEFAULT_PREFIX = "sessionkit";
/** Default rotation grace window, in seconds. */
export const DEFAULT_ROTATION_GRACE = 5;

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
    waitForReplicas = 1,
    cacheControl = true,
    commitOnError = false,
    chunk = false,
    broadcast,
    prefix = DEFAULT_PREFIX,
    name,
    onEvent,
    now = Date.now,
    rotationGrace = DEFAULT_ROTATION_GRACE,
    renewInterval = 0,
    maxSessionsPerOwner = DEFAULT_MAX_SESSIONS_PER_OWNER,
    migrate,
    legacy,
  } = options;

  positive("idleTimeout", idleTimeout, "seconds");
  positive("absoluteTimeout", absoluteTimeout, "seconds");
  positive("storageTimeout", storageTimeout, "milliseconds");
  if (!(Number.isInteger(waitForReplicas) && waitForReplicas >= 0)) {
    throw new SessionConfigError(`sessionkit: waitForReplicas must be a whole number ≥ 0 (replicas that confirm each Redis write), not ${String(waitForReplicas)}.`);
  }
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
  if (typeof now !== "function") throw new SessionConfigError("sessionkit: `now` must be a function returning milliseconds.");
  atLeastZero("rotationGrace", rotationGrace);
  atLeastZero("renewInterval", renewInterval);
  if (!(Number.isInteger(maxSessionsPerOwner) && maxSessionsPerOwner >= 1)) {
    throw new SessionConfigError(`sessionkit: maxSessionsPerOwner must be a whole number ≥ 1, not ${String(maxSessionsPerOwner)}.`);
  }
  if (migrate !== undefined && typeof migrate !== "function") {
    throw new SessionConfigError("sessionkit: `migrate` must be a function `(oldData) => newData`.");
  }
  if (migrate !== undefined && schema === undefined) {
    throw new SessionConfigError("sessionkit: `migrate` only runs on data that fails `schema`. Pass a `schema` too, or remove `migrate`.");
  }
  if (legacy !== undefined && typeof legacy?.read !== "function") {
    throw new SessionConfigError("sessionkit: `legacy` must be a session source such as `fromExpressSession({ … })` from sessionkit/node.");
  }
  const cookieSpec = cookie === false ? undefined : createCookieSpec(cookie ?? {});
  const keys = deriveKeys(secrets, instanceBinding({ name, cookie: cookieSpec?.name, header }));
  const { logger } = options;
  const warn = (message: string) => warnOn(loggerOf(logger), message);
  const resolved = resolveStorage(storage, { timeoutMs: storageTimeout, now, waitForReplicas, warn });
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
  const store = createStoreOpener(resolved, logger);
  const emit = (event: SessionEvent) => {
    if (!onEvent) return;
    try {
      onEvent(event);
    } catch {
      // an event listener must not break a request
    }
  };
  const cookieMode = resolved.mode === "cookie";
  const ctx: SessionContext = {
    keys,
    mode: cookieMode ? createCookieMode(keys) : createServerMode(keys),
    store: store.open,
    openedStore: store.opened,
    schema,
    migrate: migrate as SessionContext["migrate"],
    transport: { cookieName: cookieSpec?.name, header: header?.toLowerCase(), chunked: cookieMode && chunk },
    cookies: { spec: cookieSpec, chunked: cookieMode && chunk, tooLargeHint: cookieMode ? "cookie-storage" : "client-data" },
    timeouts,
    rotationGraceMs: rotationGrace * 1000,
    renewMs: renewInterval * 1000,
    maxSessionsPerOwner,
    cacheControl,
    commitOnError,
    recordKey: (handle) => `${prefix}:s:${handle}`,
    endedKey: (handle) => `${prefix}:x:${handle}`,
    ownerIndexKey: (ownerKey) => `${prefix}:o:${ownerKey}`,
    legacy,
    emit,
    now,
    locks: createKeyLocks(),
    notifier: createNotifier(`${prefix}:changes`, broadcast, { secrets: secrets!, timeoutMs: storageTimeout, emit }), // checks `broadcast`
  };
  return new SessionsToolkit(ctx, store.dispose) as unknown as Sessions<InferData<S>>;
}

function atLeastZero(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new SessionConfigError(`sessionkit: ${name} must be a number of seconds ≥ 0, not ${String(value)}.`);
  }
}

function positive(name: string, value: unknown, unit: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new SessionConfigError(`sessionkit: ${name} must be a positive number of ${unit}, not ${String(value)}.`);
  }
}

function isProduction(): boolean {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === "production";
  } catch {
    return false; // Deno without --allow-env=NODE_ENV throws NotCapable: no permission, no warning
  }
}

