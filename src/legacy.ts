// Adopting a session another library issued (e.g. express-session), so that moving an app over
// signs nobody out. The core calls two functions here: `adoptLegacy` when a request that carries
// no sessionkit session first loads, and `settleLegacy` once its commit has written the new record.
import type { Outcome } from "./commit";
import { SessionStorageError } from "./errors";
import { validate } from "./schema";
import type { RequestSession } from "./session";
import { createId } from "./token/random";
import { summarizeIssues } from "./errors";
import type { RequestLike } from "./types";

/** A session found in another library's cookie and store, ready to be adopted. */
export interface LegacySession {
  /** Its data, adopted as this request's writes into a new sessionkit session (fresh id). */
  data: Record<string, unknown>;
  /** `Set-Cookie` lines the response carries once the new session is saved (the old cookie expired). */
  cookies: string[];
  /** Removes the old record from the old store; called after the new record is written. */
  remove(): Promise<void>;
}

/**
 * Where sessions of another library come from (`defineSessions({ legacy })`), for example
 * `fromExpressSession(…)` from `sessionkit/node`. Asked only on a request that carries no valid
 * sessionkit token, and only when the session is used. `read` resolves `undefined` when the
 * request carries no valid old session (absent, tampered): nothing is adopted then. A rejection
 * is a storage failure (a 503), never an empty session.
 */
export interface LegacySource {
  read(request: RequestLike): Promise<LegacySession | undefined>;
}

/** Hook for the load of a request without a sessionkit token: adopts the old session, if any. */
export async function adoptLegacy(state: RequestSession): Promise<void> {
  const found = await readLegacy(state);
  if (!found) return;
  state.legacy = found;
  let data = found.data;
  if (state.ctx.schema) {
    const checked = await validate(state.ctx.schema, data);
    if (!checked.ok) {
      state.ctx.emit({ type: "schema-mismatch", issues: summarizeIssues(checked.issues) });
      data = {};
    }
  }
  const keys = Object.keys(data);
  if (keys.length === 0) return;
  // Before the app's own writes, so that they win; the first write draws the new id.
  state.changes.unshift(...keys.map((key) => ({ op: "set" as const, key, value: data[key] })));
  state.newId ??= createId();
}

/**
 * Hook after a commit succeeded: removes the old record and appends the old cookie's expiry.
 * A 5xx that commits nothing keeps both, so a later request adopts again. A `destroy()` on a
 * request that never loaded still finds and ends the old session (a sign-out must sign out).
 */
export async function settleLegacy(state: RequestSession, outcome: Outcome, status: number): Promise<Outcome> {
  const { ctx } = state;
  if (!ctx.legacy || (status >= 500 && !ctx.commitOnError)) return outcome;
  if (!state.legacy && state.destroyed && state.tokenId === undefined) state.legacy = await readLegacy(state);
  const legacy = state.legacy;
  if (!legacy) return outcome;
  try {
    await legacy.remove();
  } catch (error) {
    if (error instanceof SessionStorageError) throw error;
    throw new SessionStorageError("legacy-remove", "the old session store could not remove the old record", { cause: error });
  }
  // The expiry goes first: when the old cookie has the same name, the new one must win.
  return { ...outcome, cookies: [...legacy.cookies, ...outcome.cookies], vary: true };
}

async function readLegacy(state: RequestSession): Promise<LegacySession | undefined> {
  try {
    return await state.ctx.legacy!.read(state.request);
  } catch (error) {
    if (error instanceof SessionStorageError) throw error;
    throw new SessionStorageError("legacy-read", "the old session store did not answer", { cause: error });
  }
}
