import type { Change } from "./changes";
import type { Outcome } from "./commit";
import { isStorageError, SessionStorageError, summarizeIssues } from "./errors";
import type { RequestState } from "./request-state";
import { validate } from "./schema";
import type { RequestLike, SessionData } from "./types";

/** A session found in another library's cookie and store, to be adopted into a new sessionkit session. */
export interface LegacySession {
  /** The data to adopt (without the other library's bookkeeping). */
  readonly data: SessionData;
  /** Set-Cookie lines that retire the other library's cookie. */
  readonly cookies: readonly string[];
  /** Removes the old record; called once the new session is stored. */
  remove(): Promise<void>;
}

/**
 * Where `defineSessions({ legacy })` finds sessions of the library an app moves away from
 * (e.g. `fromExpressSession` in `sessionkit/node`). Consulted only for requests that carry no
 * sessionkit token; `undefined` means nothing to adopt (no cookie, a forged one, or no record).
 */
export interface LegacySource {
  read(request: RequestLike): Promise<LegacySession | undefined>;
}

/**
 * Load hook for a request that carries no sessionkit token: reads the old session, if any, and
 * records its data as this request's first writes (the app's own writes come after and win).
 * Data that does not fit the schema is reported and not adopted; the old session is still
 * retired after the commit.
 */
export async function adoptLegacy(state: RequestState): Promise<void> {
  const found = await readLegacy(state);
  if (!found) return;
  state.legacy = { cookies: [...found.cookies], remove: () => found.remove() };
  let data = found.data;
  if (state.ctx.schema) {
    const checked = await validate(state.ctx.schema, data);
    if (!checked.ok) {
      state.ctx.emit({ type: "schema-mismatch", issues: summarizeIssues(checked.issues) });
      data = {};
    }
  }
  const adopted: Change[] = Object.keys(data).map((key) => ({ op: "set", key, value: data[key] }));
  state.intent.changes.unshift(...adopted);
}

/**
 * Commit hook: once the commit succeeded, the old record is removed and the old cookie expired
 * — also when nothing was adopted (a forged-free cookie whose record is gone) and on a sign-out
 * that never loaded (a `destroy()` must end the old session too). A 5xx that commits nothing
 * keeps both, so a later request adopts again.
 */
export async function settleLegacy(state: RequestState, outcome: Outcome, status: number): Promise<Outcome> {
  const { ctx } = state;
  if (!ctx.legacy || (status >= 500 && !ctx.commitOnError)) return outcome;
  if (!state.legacy && state.intent.destroy && state.token?.id === undefined) {
    const found = await readLegacy(state);
    if (found) state.legacy = { cookies: [...found.cookies], remove: () => found.remove() };
  }
  const legacy = state.legacy;
  if (!legacy) return outcome;
  state.legacy = undefined; // once
  try {
    await legacy.remove();
  } catch (error) {
    if (isStorageError(error)) throw error;
    throw new SessionStorageError("legacy-remove", "the old session store could not remove the old record", { cause: error });
  }
  // The expiry goes first: when the old cookie has the same name, the new one must win.
  return { ...outcome, cookies: [...legacy.cookies, ...outcome.cookies], vary: true };
}

async function readLegacy(state: RequestState): Promise<LegacySession | undefined> {
  try {
    return await state.ctx.legacy!.read(state.request);
  } catch (error) {
    if (isStorageError(error)) throw error;
    throw new SessionStorageError("legacy-read", "the old session store did not answer", { cause: error });
  }
}
