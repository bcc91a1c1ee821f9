import { applyChange, copyView } from "./changes";
import { adoptLegacy } from "./legacy";
import { isStorageError } from "./errors";
import type { ReadResult } from "./mode/types";
import { plain } from "./record";
import type { LoadFacts, RequestState, TokenFacts } from "./request-state";
import { reportStorageError } from "./report";
import { checkStored } from "./schema";
import { hashId } from "./token/token";
import { findToken } from "./transport/read";

/**
 * Reads the request's token once, synchronously: finds it (header, cookie or chunks) and
 * verifies it (or opens its seal). A token that does not verify proves nothing and is
 * reported as an `invalid-token` event. Never throws.
 */
export function readToken(state: RequestState): TokenFacts {
  if (state.token) return state.token;
  const { ctx } = state;
  const found = findToken(state.request, ctx.transport);
  let facts: TokenFacts = { found, keyIndex: 0 };
  if (found.text !== undefined) {
    const opened = ctx.mode.open(found.text);
    if (typeof opened === "string") ctx.emit({ type: "invalid-token", reason: opened });
    else facts = { found, keyIndex: opened.keyIndex, id: opened.id, handle: opened.handle, sealed: opened.sealed, client: opened.client };
  }
  return (state.token = facts);
}

/**
 * Loads the session once: the record the token proved (through the storage strategy), checked
 * against its timeouts and the schema. Concurrent reads share one load. Resolves at once
 * (without a promise hop) when nothing needs waiting for — no token, cookie storage, or the
 * memory store already open and no schema.
 */
export function loadSession(state: RequestState): Promise<void> | undefined {
  if (state.loaded) return undefined;
  if (state.loading) return state.loading;
  const token = readToken(state);
  const { ctx } = state;
  if (token.id === undefined) {
    if (!ctx.legacy || token.found.text !== undefined) return void finish(state, NO_RECORD_FACTS());
    return track(state, adoptLegacy(state).then(() => finish(state, NO_RECORD_FACTS())));
  }
  if (ctx.mode.kind === "server" && token.handle === undefined) (token as { handle?: string }).handle = hashId(token.id);
  let read: ReadResult | Promise<ReadResult>;
  try {
    read = ctx.mode.read(state);
  } catch (error) {
    return track(state, Promise.reject(error));
  }
  if (!(read instanceof Promise) && !ctx.schema) return void accept(state, read);
  return track(
    state,
    Promise.resolve(read).then((result) => (ctx.schema ? validated(state, result) : result)).then((result) => accept(state, result)),
  );
}

function track(state: RequestState, pending: Promise<void>): Promise<void> {
  const loading = pending.catch((error: unknown) => {
    state.loading = undefined; // a later read may try again
    if (isStorageError(error)) state.readFailure = error;
    throw reportStorageError(state.ctx, error);
  });
  state.loading = loading;
  return loading;
}

/** Checks stored data against the schema; data that no longer fits is migrated or given up. */
async function validated(state: RequestState, result: ReadResult): Promise<ReadResult> {
  const record = result.facts.record;
  if (!record) return result;
  const checked = await checkStored(state.ctx, record.d);
  if (checked.ok) {
    record.d = checked.data;
    result.facts.migrated = checked.migrated;
    return result;
  }
  return { facts: { ...result.facts, record: null }, dead: { type: "schema-mismatch", issues: checked.issues } };
}

function accept(state: RequestState, result: ReadResult): void {
  if (result.dead) state.ctx.emit(result.dead);
  const facts = result.facts;
  const { ctx } = state;
  // Renewal: a live session whose id is older than `renewInterval` rotates on this request.
  if (ctx.renewMs > 0 && !state.intent.cycle && facts.record && !facts.viaAlias && ctx.now() - (facts.record.r ?? facts.record.c) >= ctx.renewMs) {
    state.intent.cycle = state.intent.renew = true;
  }
  finish(state, facts);
}

function finish(state: RequestState, facts: LoadFacts): void {
  state.loaded = facts;
  const record = facts.record;
  const changes = state.intent.changes;
  if (changes.length === 0) {
    // Read-only so far: look at the record itself (a fresh decode, never shared); copied on the first write.
    state.view = { data: record?.d ?? plain(undefined), flash: record?.f ?? plain(undefined) };
    state.viewShared = true;
    return;
  }
  const view = copyView(record?.d, record?.f);
  for (const change of changes) applyChange(view, change);
  state.view = view;
  state.viewShared = false;
}

const NO_RECORD_FACTS = (): LoadFacts => ({
  record: null,
  handle: undefined,
  viaAlias: false,
  stored: null,
  mark: 0,
  storeTouched: false,
  migrated: false,
});
