import { replay } from "./changes";
import type { SessionContext } from "./context";
import { SessionStorageError } from "./errors";
import { refreshDue, secondsLeft } from "./expiry";
import { loadSession } from "./load";
import { indexSession, ownerKeyOf } from "./owners";
import { unindexSession } from "./revoke";
import { clientAfter } from "./client-data";
import { classify, encodeRecord, hasContent, isEmpty, type SessionRecord } from "./record";
import { ensureNewId, type RequestState } from "./request-state";
import { checkWrite } from "./schema";
import type { PendingWrite } from "./mode/types";
import { hashId } from "./token/token";
import { replyTransports } from "./transport/reply";
import { expiredCookies, tokenCookies } from "./transport/write";
import type { SessionData } from "./types";

/** What a commit does to the response: cookies to append, a header token, cache headers. */
export interface Outcome {
  cookies: string[];
  /** Token for the header transport; `""` tells the client to forget it. */
  token?: string;
  /** The response depended on the session: add `Vary` and `Cache-Control`. */
  vary: boolean;
}

/** Leave the response as it is. */
export const UNTOUCHED: Outcome = { cookies: [], vary: false };

/** Most compare-and-set attempts before a commit gives up on a record that keeps changing. */
const MAX_SWAP_ATTEMPTS = 20;

/**
 * Decides and performs the storage side of a commit, once per request: nothing, an end
 * (`destroy`), a merge-and-write of the intent, or a refresh. Throws (synchronously, or by
 * rejecting) before any write when validation or the cookie size fails; storage failures
 * reject with `SessionStorageError`, and so does a 500 response to a request whose session
 * read failed. Returns the outcome itself when nothing had to wait (see {@link saveNow}).
 */
export function performCommit(state: RequestState, status: number): Outcome | Promise<Outcome> {
  if (!state.token) return UNTOUCHED;
  // A 500 after a failed read is that storage failure as a framework rendered it (Hono's default
  // onError, React Router's and SvelteKit's error pages): report it, so adapters answer 503.
  // Any other status means the app answered the failure itself, and it stands.
  if (status === 500 && state.readFailure) throw state.readFailure;
  const { ctx } = state;
  if (status >= 500 && !ctx.commitOnError) return quiet(state);
  if (state.intent.destroy) return end(state);
  if (!state.writes && !state.loaded) return quiet(state);
  const loading = loadSession(state);
  return loading ? loading.then(() => afterLoad(state)) : afterLoad(state);
}

/** The commit once the record is loaded: a save when something is to be written or refreshed. */
function afterLoad(state: RequestState): Outcome | Promise<Outcome> {
  const { ctx } = state;
  const loaded = state.loaded!;
  if (state.writes) return save(state);
  const record = loaded.record;
  const due = record && !loaded.viaAlias && (refreshDue(record, ctx.timeouts, ctx.now()) || loaded.storeTouched || state.token!.keyIndex > 0);
  return due ? save(state) : { cookies: [], vary: true };
}

/** The response as it is, with cache headers if it depended on the session. */
function quiet(state: RequestState): Outcome {
  return { cookies: [], vary: state.dependsOnSession };
}

/** `destroy()`: the session ends server-side, and its cookie (and header token) are expired. */
async function end(state: RequestState): Promise<Outcome> {
  if (state.token!.id !== undefined) await state.ctx.mode.end(state);
  return ended(state);
}

/** The response of a session that is over: expired cookie and chunks, an empty header token. */
function ended(state: RequestState): Outcome {
  const { ctx } = state;
  const found = state.token!.found;
  const outcome: Outcome = { cookies: expiredCookies(ctx.cookies, state.request, found), vary: true };
  if (ctx.transport.header && found.via === "header") outcome.token = "";
  return outcome;
}

/**
 * Merges the intent onto the freshest record and writes it: at once where nothing has to wait
 * ({@link saveNow}); otherwise under the key's lock in this process, and with an atomic
 * compare-and-set where the store has one (Redis), replaying the change list onto the newer
 * record until it lands.
 */
function save(state: RequestState): Outcome | Promise<Outcome> {
  return saveNow(state) ?? saveAwaiting(state);
}

async function saveAwaiting(state: RequestState): Promise<Outcome> {
  const { ctx } = state;
  const loaded = state.loaded!;
  // Without an expected value nothing is compared, so nothing conflicts.
  if (ctx.mode.kind === "cookie" || !loaded.record) return (await writeOnce(state, loaded.record, undefined)) as Outcome;
  if (cyclesThroughAlias(state)) return (await writeOnce(state, null, undefined)) as Outcome;
  for (let hop = 0; ; hop++) {
    const result = await saveUnderLock(state);
    if (!("moved" in result)) return result;
    // Another request rotated the id since this one loaded it: follow it onto the new record.
    if (hop >= MAX_SWAP_ATTEMPTS) throw new SessionStorageError("write", `the session id moved ${MAX_SWAP_ATTEMPTS} times in a row; try again`);
    await followRotation(state, result.moved);
    if (!loaded.record || cyclesThroughAlias(state)) return (await writeOnce(state, null, undefined)) as Outcome;
  }
}

/**
 * The save without a single `await`, where it can be one: cookie storage or the memory store
 * (in-process, synchronous), no schema to run, and no owner change or id rotation (whose
 * index and alias writes are asynchronous). It needs no lock — nothing else runs between its
 * read of the record and its write — unless a commit that does hold the key's lock is in
 * flight: then, as when the id moved meanwhile, it steps back (`undefined`) for the awaiting path.
 */
function saveNow(state: RequestState): Outcome | undefined {
  const { ctx, intent } = state;
  if (ctx.schema || intent.owner !== undefined || intent.cycle || !ctx.mode.persistsNow(ctx)) return undefined;
  const loaded = state.loaded!;
  if (ctx.mode.kind === "cookie" || !loaded.record) return writeNow(state, loaded.record);
  const key = ctx.recordKey(loaded.handle!);
  if (ctx.locks.held(key)) return undefined;
  let base: SessionRecord | null = loaded.record;
  if (ctx.locks.changedSince(key, loaded.mark)) {
    // Another commit in this process wrote the record since this request read it: merge onto its result.
    const found = baseOf(ctx, ctx.openedStore()!.peek!(key));
    if ("moved" in found) return undefined;
    base = found.base;
  }
  const outcome = writeNow(state, base);
  if (outcome) ctx.locks.committed(key);
  return outcome;
}

/**
 * A `cycleId()` through a rotated-away id (inside its grace window) starts a new session
 * without the record's data: the grace window lets requests already in flight finish, but it
 * never turns an old token — perhaps one fixated on the user before sign-in — into a lasting
 * token for the session it moved to.
 */
function cyclesThroughAlias(state: RequestState): boolean {
  return state.loaded!.viaAlias && state.intent.cycle;
}

/** One save of the loaded record under its key's lock; `moved` when the key now holds a rotation alias. */
async function saveUnderLock(state: RequestState): Promise<Outcome | Moved> {
  const { ctx } = state;
  const loaded = state.loaded!;
  const key = ctx.recordKey(loaded.handle!);
  return ctx.locks.run(key, async () => {
    let base: SessionRecord | null = loaded.record;
    let stored = loaded.stored;
    if (ctx.locks.changedSince(key, loaded.mark)) {
      // Another commit in this process wrote the record since this request read it: merge onto its result.
      stored = await (await ctx.store()).get(key);
      const found = baseOf(ctx, stored);
      if ("moved" in found) return found;
      base = found.base;
    }
    for (let attempt = 1; ; attempt++) {
      const result = await writeOnce(state, base, { key, stored });
      if (!("conflict" in result)) return result;
      if (attempt >= MAX_SWAP_ATTEMPTS) {
        throw new SessionStorageError("write", `the record changed under ${MAX_SWAP_ATTEMPTS} attempts in a row; try again`);
      }
      stored = result.conflict;
      const found = baseOf(ctx, stored);
      if ("moved" in found) return found;
      base = found.base;
    }
  });
}

/** The id a request loaded was rotated away meanwhile (`cycleId`, renewal): the handle it resolves to now. */
interface Moved {
  moved: string;
}

/** What a re-read value means for a save: the record to merge onto (`null`: none alive), or where the id moved. */
function baseOf(ctx: SessionContext, stored: unknown): Moved | { base: SessionRecord | null } {
  const found = classify(stored, ctx.timeouts, ctx.now());
  if (found.state === "alias") return { moved: found.alias.a };
  return { base: found.state === "live" ? found.record : null };
}

/**
 * Re-bases a request whose id was rotated away while it was in flight onto the record the id
 * moved to, as if it had loaded through the alias: its writes land there, and it re-issues no
 * token (the rotating response did). A renewal this request wanted is dropped: the id was just
 * renewed, and a second rotation would hand the browser a token that dies with the grace window.
 */
async function followRotation(state: RequestState, handle: string): Promise<void> {
  const { ctx } = state;
  const loaded = state.loaded!;
  const mark = ctx.locks.mark();
  const stored = await (await ctx.store()).get(ctx.recordKey(handle));
  const found = classify(stored, ctx.timeouts, ctx.now());
  loaded.handle = handle;
  loaded.viaAlias = true;
  loaded.stored = stored ?? null;
  loaded.mark = mark;
  loaded.storeTouched = false;
  loaded.record = found.state === "live" ? found.record : null;
  if (state.intent.renew) state.intent.cycle = state.intent.renew = false;
}

/** A compare-and-set that lost: what the record holds now. */
interface Conflict {
  conflict: unknown;
}

/** A merged record ready to be stored, and what the response gets once it is. */
interface Plan {
  write: PendingWrite;
  /** The data keys the change list touched (for change notifications). */
  keys: Iterable<string>;
  /** The id the record is stored under, when this response (re)issues or keeps it. */
  id: string | undefined;
  isNew: boolean;
  /** The token issued, if one is. */
  issued: string | undefined;
  header: boolean;
  cookies: string[];
}

/** One write through the awaiting path: the schema check, the store, the owner index. */
async function writeOnce(state: RequestState, base: SessionRecord | null, expected: PendingWrite["expected"]): Promise<Outcome | Conflict> {
  const { ctx } = state;
  const merged = replay(base?.d, base?.f, state.intent.changes);
  const plan = planWrite(state, base, merged, await checkWrite(ctx, merged.view.data), expected);
  if (!("write" in plan)) return plan;
  const persisted = await ctx.mode.persist(ctx, plan.write);
  if (persisted.ok === false) return { conflict: persisted.current };
  // Ended by a revocation while this write was in flight (the write was taken back): say so.
  if (persisted.ok === "ended") return ended(state);
  if (ctx.mode.kind === "server") await reindex(ctx, base, plan.write.record, plan.write.handle, plan.write.fromHandle);
  return settle(state, plan);
}

/** One write without awaiting (see {@link saveNow}); `undefined` when the storage cannot take it so. */
function writeNow(state: RequestState, base: SessionRecord | null): Outcome | undefined {
  const { ctx } = state;
  const merged = replay(base?.d, base?.f, state.intent.changes);
  const plan = planWrite(state, base, merged, merged.view.data, undefined);
  if (!("write" in plan)) return plan;
  const persisted = ctx.mode.persistNow(ctx, plan.write);
  if (persisted === undefined || persisted.ok === false) return undefined;
  if (persisted.ok === "ended") return ended(state);
  return settle(state, plan);
}

/**
 * The record a write stores — the intent merged onto `base` (`null`: a new session), with
 * `data` its checked data — under which id and handle, and the token and cookies of the
 * response. The cookie is built (and its size checked) here, before anything is written.
 * A new session with nothing in it gives the quiet outcome instead: nothing is stored.
 */
function planWrite(
  state: RequestState,
  base: SessionRecord | null,
  merged: ReturnType<typeof replay>,
  data: SessionData,
  expected: PendingWrite["expected"],
): Plan | Outcome {
  const { ctx, intent } = state;
  const token = state.token!;
  const loaded = state.loaded!;
  const now = ctx.now();
  const viaAlias = base !== null && loaded.viaAlias;
  const client = clientAfter(state, base !== null && !viaAlias);
  const isNew = base === null;
  const rotating = !isNew && intent.cycle;
  const refreshed = isNew || intent.cycle || intent.expiry !== undefined || refreshDue(base, ctx.timeouts, now);
  const owner = intent.owner;
  const record = encodeRecord({
    t: refreshed ? now : base.t,
    c: base?.c ?? now,
    e: intent.expiry ? intent.expiry.value : base?.e,
    d: data,
    f: merged.view.flash,
    o: owner ? (owner.value === null ? undefined : ownerKeyOf(ctx, owner.value)) : base?.o,
    od: owner ? (owner.value === null ? undefined : owner.device) : base?.od,
    r: rotating ? now : base?.r,
    au: intent.authenticated ? now : base?.au,
  });
  if (isNew && !hasContent(record) && isEmpty(client)) return quiet(state);

  // Which id the record is stored under: a new one for a new or rotated session, the token's
  // otherwise — and none to re-issue when the request came through a rotated-away id.
  const id = isNew || intent.cycle ? ensureNewId(state) : viaAlias ? undefined : token.id!;
  const handle =
    ctx.mode.kind === "cookie" ? "" : id === undefined ? loaded.handle! : id === token.id ? (token.handle ?? hashId(id)) : hashId(id);
  const fromHandle = rotating ? loaded.handle : undefined;
  const ttl = secondsLeft(record, ctx.timeouts, now);
  const reissue =
    id !== undefined &&
    (refreshed || loaded.storeTouched || intent.client.length > 0 || token.keyIndex > 0 || ctx.mode.kind === "cookie");
  const issued = reissue ? ctx.mode.issue(id, record, client) : undefined;
  const reply = replyTransports(ctx.transport, token.found); // no echo: see transport/reply.ts
  const cookies = issued === undefined || !reply.cookie ? [] : tokenCookies(ctx.cookies, state.request, token.found, issued, record.e === null ? undefined : ttl);

  const dirty = refreshed || intent.changes.length > 0 || owner !== undefined || intent.authenticated || loaded.migrated;
  const fresh = id !== undefined && id === state.newId;
  return {
    write: { record, handle, fromHandle, expected, ttl, dirty, fresh },
    keys: merged.keys,
    id,
    isNew,
    issued,
    header: reply.header,
    cookies,
  };
}

/** After a write landed: notifications, events, and the response's outcome. */
function settle(state: RequestState, plan: Plan): Outcome {
  const { ctx, intent } = state;
  const { handle, fromHandle } = plan.write;
  if (fromHandle) ctx.notifier.publish(fromHandle, { type: "destroyed" });
  if ((intent.changes.length > 0 || intent.client.length > 0) && ctx.notifier.active()) {
    ctx.notifier.publish(ctx.mode.kind === "server" ? handle : hashId(plan.id ?? state.token!.id!), { type: "changed", keys: [...plan.keys] });
  }
  if (plan.isNew) ctx.emit({ type: "created" });
  else if (intent.cycle) ctx.emit({ type: "cycled" });
  const outcome: Outcome = { cookies: plan.cookies, vary: true };
  // A token that arrived in the (HttpOnly) cookie never goes out in a script-readable header.
  if (plan.issued !== undefined && plan.header) outcome.token = plan.issued;
  return outcome;
}

/** Moves the session between owner indexes when its owner changed or its id moved. */
async function reindex(ctx: SessionContext, base: SessionRecord | null, record: SessionRecord, handle: string, fromHandle: string | undefined): Promise<void> {
  const before = base?.o;
  const after = record.o;
  if (before === after && fromHandle === undefined) return;
  if (before) await unindexSession(ctx, before, fromHandle ?? handle);
  if (after) await indexSession(ctx, after, handle, record.c);
}
