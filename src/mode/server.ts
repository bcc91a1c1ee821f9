import type { SessionContext } from "../context";
import { classify, type RecordAlias, type RecordState } from "../record";
import type { LoadFacts } from "../request-state";
import type { RecordStore } from "../store/types";
import { createTokenVerifier } from "../token/cache";
import type { SecretKeys } from "../token/keys";
import { seal, unseal } from "../token/seal";
import { signToken, TOKEN_LENGTH } from "../token/token";
import { isEmpty } from "../record";
import { endSession } from "../revoke";
import type { SessionEvent } from "../types";
import { STORED, type ReadResult, type StorageMode } from "./types";

/**
 * Server storage: the cookie carries `id.mac` (plus sealed client data, bound to the id), the
 * record lives in the store under a hash of the id.
 *
 * Ended stays ended: stores that serialise writes themselves (`ordered`: the memory store, and
 * sessionkit's Redis store through compare-and-set) need nothing more. On every other store a
 * write checks, after it lands, for the marker that `revoke`/`destroy` leave before they delete
 * (store/… `endedKey`), and takes the write back if the session was ended meanwhile — one
 * extra read per write, none per read.
 */
export function createServerMode(keys: readonly SecretKeys[]): StorageMode {
  const verify = createTokenVerifier(keys);
  return {
    kind: "server",
    open(text) {
      const verified = verify(text.length > TOKEN_LENGTH ? text.slice(0, TOKEN_LENGTH) : text);
      if (typeof verified === "string") return verified;
      if (text.length === TOKEN_LENGTH) return verified;
      // Client data rides after the signed id; a token whose client part does not open is refused whole.
      if (text.charCodeAt(TOKEN_LENGTH) !== 46) return "malformed";
      const opened = unseal(text.slice(TOKEN_LENGTH + 1), keys, verified.id);
      if (!opened || typeof opened.value !== "object" || opened.value === null || Array.isArray(opened.value)) return "bad-signature";
      return { ...verified, client: opened.value as Record<string, unknown> };
    },
    read(state) {
      const { ctx } = state;
      const handle = state.token!.handle!;
      const key = ctx.recordKey(handle);
      const opened = ctx.openedStore();
      if (opened?.peek) {
        const mark = ctx.locks.mark();
        return resolve(ctx, opened, handle, opened.peek(key), mark, false);
      }
      return ctx.store().then(async (store) => {
        const mark = ctx.locks.mark();
        if (!store.readAndTouch) return resolve(ctx, store, handle, await store.get(key), mark, false);
        // One round trip: the store refreshes an alive record whose refresh is due as it reads it.
        const { value, touched } = await store.readAndTouch(key, ctx.now(), ctx.timeouts);
        return resolve(ctx, store, handle, value, mark, touched);
      });
    },
    clientOf(state) {
      return state.token?.client;
    },
    issue(id, _record, client) {
      return signToken(id, keys) + (isEmpty(client) ? "" : `.${seal(client, keys, id)}`);
    },
    async persist(ctx, write) {
      const store = ctx.openedStore() ?? (await ctx.store());
      const key = ctx.recordKey(write.handle);
      const expected = write.expected;
      if (write.dirty) {
        if (store.swap && expected && expected.key === key) {
          const swapped = await store.swap(key, expected.stored, write.record, write.ttl);
          if (!swapped.ok) return swapped;
        } else {
          await store.set(key, write.record, write.ttl, write.fresh);
        }
      }
      if (write.fromHandle !== undefined) {
        const retired = await retire(ctx, store, write.fromHandle, write.handle, expected);
        if (retired !== true) {
          await store.remove(key);
          return retired;
        }
      }
      if (!store.ordered && (await store.get(ctx.endedKey(write.fromHandle ?? write.handle))) !== null) {
        await store.remove(key); // ended while this write was in flight: take it back
        return { ok: "ended" };
      }
      return STORED;
    },
    persistsNow(ctx) {
      const store = ctx.openedStore();
      return store?.ordered === true && store.setNow !== undefined && store.peek !== undefined;
    },
    persistNow(ctx, write) {
      const store = ctx.openedStore();
      if (write.fromHandle !== undefined || !store?.setNow) return undefined;
      if (write.dirty) store.setNow(ctx.recordKey(write.handle), write.record, write.ttl, write.fresh);
      return STORED;
    },
    async end(state) {
      const handle = state.loaded?.handle ?? state.token?.handle;
      if (handle !== undefined) await endSession(state.ctx, handle);
      if (state.loaded?.viaAlias && state.token?.handle) await endSession(state.ctx, state.token.handle);
    },
  };
}

/**
 * After a rotation the old id's key holds an alias to the new record for `rotationGrace`
 * (requests already in flight with the old token neither fork the session nor lose writes),
 * or an alias that is already over when there is no grace. With compare-and-set the move
 * only happens if the old record is still what was merged from.
 */
async function retire(
  ctx: SessionContext,
  store: RecordStore,
  fromHandle: string,
  toHandle: string,
  expected: { key: string; stored: unknown } | undefined,
): Promise<true | { ok: false; current: unknown }> {
  const now = ctx.now();
  const alias: RecordAlias = { v: 1, a: toHandle, x: now + ctx.rotationGraceMs };
  const ttl = Math.max(1, Math.ceil(ctx.rotationGraceMs / 1000));
  const oldKey = ctx.recordKey(fromHandle);
  if (store.swap && expected?.key === oldKey) {
    const swapped = await store.swap(oldKey, expected.stored, alias, ttl);
    return swapped.ok ? true : swapped;
  }
  if (ctx.rotationGraceMs > 0) await store.set(oldKey, alias, ttl);
  else await store.remove(oldKey);
  return true;
}

/** Turns what the store returned into load facts: a live record, one reached through an alias, or why there is none. */
function resolve(
  ctx: SessionContext,
  store: RecordStore,
  handle: string,
  raw: unknown,
  mark: number,
  touched: boolean,
): ReadResult | Promise<ReadResult> {
  const found = classify(raw, ctx.timeouts, ctx.now());
  if (found.state !== "alias") return result(found, handle, raw, mark, touched, false);
  // Inside a rotation's grace window: the old id resolves to the record it moved to.
  const target = found.alias.a;
  const key = ctx.recordKey(target);
  if (store.peek) return followed(ctx, target, store.peek(key), mark);
  return store.get(key).then((value) => followed(ctx, target, value, mark));
}

function followed(ctx: SessionContext, handle: string, raw: unknown, mark: number): ReadResult {
  const found = classify(raw, ctx.timeouts, ctx.now());
  return result(found.state === "alias" ? { state: "absent" } : found, handle, raw, mark, false, true);
}

function result(found: RecordState, handle: string, raw: unknown, mark: number, touched: boolean, viaAlias: boolean): ReadResult {
  const facts: LoadFacts = { record: null, handle, viaAlias, stored: raw ?? null, mark, storeTouched: touched, migrated: false };
  if (found.state === "live") {
    facts.record = found.record;
    return { facts };
  }
  const dead: SessionEvent =
    found.state === "expired"
      ? { type: "expired", reason: found.reason }
      : found.state === "corrupt"
        ? { type: "corrupt-record" }
        : { type: "invalid-token", reason: "unknown-id" };
  return { facts, dead };
}

