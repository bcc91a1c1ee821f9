import { replay } from "./changes";
import { splitChunks, MAX_CHUNKS } from "./transport/chunks";
import { replyTransports } from "./transport/reply";
import { COOKIE_SIZE_LIMIT, expireCookie, serializeCookie } from "./transport/cookie";
import type { SessionContext } from "./context";
import { utf8 } from "./token/encoding";
import { SessionCookieTooLargeError, SessionStorageError, SessionValidationError } from "./errors";
import { expiryReason, refreshDue, secondsLeft } from "./expiry";
import { editIndex, ownerKeyOf, revokeHandle } from "./owners";
import { decodeRecord, hasContent, isEmpty, type SessionRecord } from "./record";
import { validate } from "./schema";
import { seal } from "./token/seal";
import type { RequestSession } from "./session";
import type { RequestLike } from "./types";
import { createId } from "./token/random";
import { hashId, signToken } from "./token/token";

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

/**
 * Decides and performs the storage side of a commit, once per request: nothing, a delete
 * (`destroy`), a merge-and-write of the change list, or a refresh. Throws before any write
 * when validation or the cookie size fails; storage failures reject with `SessionStorageError`,
 * and so does a 500 response to a request whose session read failed.
 */
export async function performCommit(state: RequestSession, status: number): Promise<Outcome> {
  if (!state.touched) return UNTOUCHED;
  // A 500 after a failed read is that storage failure as a framework rendered it (Hono's default
  // onError, React Router's and SvelteKit's error pages): report it, so adapters answer 503.
  // Any other status means the app answered the failure itself, and it stands.
  if (status === 500 && state.readFailure) throw state.readFailure;
  const { ctx } = state;
  if (status >= 500 && !ctx.commitOnError) return { cookies: [], vary: state.loaded };
  if (state.destroyed) return destroy(state);
  const writes =
    state.changes.length > 0 || state.cycled || state.expiry !== undefined || state.owner !== undefined || state.clientChanged;
  if (!writes && !state.loaded) return { cookies: [], vary: false };
  if (!state.loaded) await state.load();
  const record = state.record;
  if (writes) return write(state);
  // The store may already have refreshed the record while reading it (Redis): then only the cookie is re-issued.
  if (record && (refreshDue(record, ctx.timeouts, ctx.now()) || state.storeTouched || state.tokenKeyIndex > 0)) return write(state);
  return { cookies: [], vary: true };
}

async function destroy(state: RequestSession): Promise<Outcome> {
  const { ctx } = state;
  const outcome: Outcome = { cookies: expireAll(state), vary: true };
  if (replyTransports(ctx, state.tokenSource).header && state.tokenPresent) outcome.token = ""; // no echo: see transport/reply.ts
  if (state.tokenId === undefined) return outcome;
  const handle = state.handle();
  if (ctx.mode === "server") {
    await revokeHandle(ctx, handle); // delete, unindex, notify: the same as a revocation
  } else {
    ctx.notifier.publish(handle, { type: "destroyed" });
    ctx.emit({ type: "destroyed" });
  }
  return outcome;
}

/** Most compare-and-set attempts before a commit gives up on a record that keeps changing. */
const MAX_SWAP_ATTEMPTS = 20;

/** Where a write must compare-and-set: the record's key and the value it was read as. */
interface Expected {
  key: string;
  stored: unknown;
}

/** A compare-and-set that lost: what the record holds now. */
interface Conflict {
  conflict: unknown;
}

/**
 * Merges the change list onto the freshest record and writes it: under the key's lock in this
 * process, and with an atomic compare-and-set where the store has one (Redis), replaying the
 * change list onto the newer record until it lands.
 */
async function write(state: RequestSession): Promise<Outcome> {
  const { ctx } = state;
  const loaded = state.record;
  if (!loaded || ctx.mode === "cookie") return (await writeRecord(state, loaded)) as Outcome;
  const key = ctx.recordKey(state.handle());
  return ctx.locks.run(key, async () => {
    let base: SessionRecord | null = loaded;
    let stored = state.stored;
    if (ctx.locks.changedSince(key, state.loadMark)) {
      // Another commit in this process wrote the record since this request read it: merge onto its result.
      stored = await (await ctx.store()).get(key);
      base = aliveRecord(state, stored);
    }
    for (let attempt = 1; ; attempt++) {
      const result = await writeRecord(state, base, { key, stored });
      if (!("conflict" in result)) return result;
      if (attempt >= MAX_SWAP_ATTEMPTS) {
        throw new SessionStorageError("write", `the record changed under ${MAX_SWAP_ATTEMPTS} attempts in a row; try again`);
      }
      stored = result.conflict;
      base = aliveRecord(state, stored);
    }
  });
}

function aliveRecord(state: RequestSession, stored: unknown): SessionRecord | null {
  const record = decodeRecord(stored);
  return record && !expiryReason(record, state.ctx.timeouts, state.ctx.now()) ? record : null;
}

async function writeRecord(state: RequestSession, base: SessionRecord | null, expected?: Expected): Promise<Outcome | Conflict> {
  const { ctx } = state;
  const now = ctx.now();
  const { view, keys } = replay(base?.d, base?.f, state.changes);
  const clientData = state.readClient();
  const ownerKey = state.owner ? (state.owner.value === null ? undefined : ownerKeyOf(state.owner.value)) : base?.o;
  const isNew = !base;
  const refreshed = !base || state.cycled || state.expiry !== undefined || refreshDue(base, ctx.timeouts, now);
  // `t`, `c` and `e` lead the JSON: the Redis store's read-and-touch script reads them there.
  const record = { t: refreshed ? now : (base?.t ?? now), c: base?.c ?? now } as SessionRecord;
  const expiry = state.expiry ? state.expiry.value : base?.e;
  if (expiry !== undefined) record.e = expiry;
  record.v = 1;
  record.d = view.data;
  if (!isEmpty(view.flash)) record.f = view.flash;
  if (ownerKey !== undefined) record.o = ownerKey;
  if (ctx.mode === "cookie" && !isEmpty(clientData)) record.k = clientData;
  if (isNew && !hasContent(record) && isEmpty(clientData)) return { cookies: [], vary: state.loaded };

  if (ctx.schema) {
    const checked = await validate(ctx.schema, record.d);
    if (!checked.ok) throw new SessionValidationError(checked.issues);
    record.d = checked.value;
  }

  const id = isNew || state.cycled ? (state.newId ??= createId()) : state.tokenId!;
  const handle = id === state.tokenId ? state.handle() : hashId(id);
  const oldHandle = !isNew && state.cycled ? state.handle() : undefined;
  const ttl = secondsLeft(record, ctx.timeouts, now);
  const maxAge = record.e === null ? undefined : ttl;
  const reissue = refreshed || state.storeTouched || state.clientChanged || state.tokenKeyIndex > 0 || ctx.mode === "cookie";
  let token: string | undefined;
  if (ctx.mode === "cookie") {
    record.i = id;
    token = seal(record, ctx.keys);
  } else if (reissue) {
    token = signToken(id, ctx.keys) + (isEmpty(clientData) ? "" : `.${seal(clientData, ctx.keys, id)}`);
  }
  // The cookie is built (and its size checked) before anything is written.
  const reply = replyTransports(ctx, state.tokenSource); // no echo: see transport/reply.ts
  const cookies = token === undefined || !reply.cookie ? [] : cookieLines(state, token, maxAge);

  const dirty = refreshed || state.changes.length > 0 || state.owner !== undefined;
  if (ctx.mode === "server" && dirty) {
    const store = ctx.openedStore() ?? (await ctx.store());
    const recordKey = ctx.recordKey(handle);
    if (store.swap && expected && recordKey === expected.key) {
      const swapped = await store.swap(recordKey, expected.stored, record, ttl);
      if (!swapped.ok) return { conflict: swapped.current };
    } else {
      await store.set(recordKey, record, ttl);
    }
    if (oldHandle) await store.remove(ctx.recordKey(oldHandle));
    if (base?.o !== record.o || oldHandle) await updateOwnerIndex(state, base, record, handle, oldHandle);
  }

  if (oldHandle) ctx.notifier.publish(oldHandle, { type: "destroyed" });
  if ((state.changes.length > 0 || state.clientChanged) && ctx.notifier.wants(handle)) {
    ctx.notifier.publish(handle, { type: "changed", keys: [...keys] });
  }
  if (isNew) ctx.emit({ type: "created" });
  else if (state.cycled) ctx.emit({ type: "cycled" });
  const outcome: Outcome = { cookies, vary: true };
  if (reply.header && token !== undefined) outcome.token = token;
  return outcome;
}

/** Moves the session between owner indexes; called only when its owner changed or its id moved. */
async function updateOwnerIndex(
  state: RequestSession,
  base: SessionRecord | null,
  record: SessionRecord,
  handle: string,
  oldHandle: string | undefined,
): Promise<void> {
  const before = base?.o;
  const after = record.o;
  if (before) await editIndex(state.ctx, before, undefined, [oldHandle ?? handle]);
  if (after) await editIndex(state.ctx, after, handle, []);
}

/** The Set-Cookie lines that carry `token`: one cookie, or chunks plus the removal of stale ones. */
function cookieLines(state: RequestSession, token: string, maxAge: number | undefined): string[] {
  const { ctx } = state;
  const spec = ctx.cookie;
  if (!spec) return [];
  const attributes = isHttps(state.request) ? spec.attributes.https : spec.attributes.http;
  const line = serializeCookie(spec.name, token, attributes, maxAge);
  const size = byteLength(line);
  if (size <= COOKIE_SIZE_LIMIT) {
    const lines = [line];
    for (let index = 0; index < state.requestChunks; index++) lines.push(expireCookie(`${spec.name}.${index}`, attributes));
    return lines;
  }
  if (!(ctx.mode === "cookie" && ctx.chunk)) throw new SessionCookieTooLargeError(size, COOKIE_SIZE_LIMIT);
  const parts = splitChunks(token, COOKIE_SIZE_LIMIT, (name, value) => serializeCookie(name, value, attributes, maxAge).length, spec.name);
  if (parts.length > MAX_CHUNKS) throw new SessionCookieTooLargeError(size, COOKIE_SIZE_LIMIT * MAX_CHUNKS);
  const lines = parts.map((part, index) => serializeCookie(`${spec.name}.${index}`, part, attributes, maxAge));
  for (let index = parts.length; index < state.requestChunks; index++) lines.push(expireCookie(`${spec.name}.${index}`, attributes));
  if (state.tokenPresent && state.requestChunks === 0) lines.push(expireCookie(spec.name, attributes));
  return lines;
}

/** Set-Cookie lines that expire the session cookie and any chunks the request carried. */
function expireAll(state: RequestSession): string[] {
  const spec = state.ctx.cookie;
  if (!spec || !state.tokenPresent || state.tokenSource === "header") return [];
  const attributes = isHttps(state.request) ? spec.attributes.https : spec.attributes.http;
  if (state.requestChunks === 0) return [expireCookie(spec.name, attributes)];
  return Array.from({ length: state.requestChunks }, (_, index) => expireCookie(`${spec.name}.${index}`, attributes));
}

/** Whether the request came over https (its URL, or a proxy's `X-Forwarded-Proto`). */
function isHttps(request: RequestLike): boolean {
  if (request.url.startsWith("https:")) return true;
  const forwarded = request.headers.get("x-forwarded-proto");
  return forwarded !== null && forwarded.trimStart().toLowerCase().startsWith("https");
}

/** UTF-8 size of a string; tokens and attributes are ASCII, so usually its length. */
function byteLength(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return utf8(text).length;
  return text.length;
}
