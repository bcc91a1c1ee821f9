import { classify, decodeRecord, encodeRecord, type SessionRecord } from "../record";
import type { LoadFacts } from "../request-state";
import { createSealedOpener } from "../token/cache";
import type { SecretKeys } from "../token/keys";
import { seal } from "../token/seal";
import { hashId } from "../token/token";
import type { SessionData } from "../types";
import { STORED, type StorageMode } from "./types";

/**
 * `"cookie"` storage: the whole record — data, flash, times, the id and client data — sealed
 * (encrypted and authenticated) in the cookie. Nothing is stored server-side, so ending a
 * session means expiring its cookie; a copied cookie stays valid until its own timeouts.
 */
export function createCookieMode(keys: readonly SecretKeys[]): StorageMode {
  const openSealed = createSealedOpener(keys);
  return {
    kind: "cookie",
    open(text) {
      const opened = openSealed(text);
      const record = opened && decodeRecord(opened.value);
      if (!record || typeof record.i !== "string") return "bad-signature";
      return { id: record.i, sealed: record, keyIndex: opened.keyIndex };
    },
    read(state) {
      const sealed = state.token?.sealed;
      if (!sealed) return { facts: empty(null) };
      const found = classify(sealed, state.ctx.timeouts, state.ctx.now());
      if (found.state === "live") return { facts: empty(found.record) };
      return { facts: empty(null), dead: found.state === "expired" ? { type: "expired", reason: found.reason } : { type: "corrupt-record" } };
    },
    clientOf(state) {
      return state.loaded?.record?.k;
    },
    issue(id: string, record: SessionRecord, client: SessionData) {
      return seal(encodeRecord({ ...record, i: id, k: client }), keys);
    },
    async persist() {
      return STORED;
    },
    persistsNow: () => true,
    persistNow: () => STORED,
    async end(state) {
      const id = state.token?.id;
      if (id !== undefined && state.ctx.notifier.active()) state.ctx.notifier.publish(hashId(id), { type: "destroyed" });
      state.ctx.emit({ type: "destroyed" });
    },
  };
}

function empty(record: SessionRecord | null): LoadFacts {
  return { record, handle: undefined, viaAlias: false, stored: null, mark: 0, storeTouched: false, migrated: false };
}
