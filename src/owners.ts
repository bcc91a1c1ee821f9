import { sha256 } from "@noble/hashes/sha2";
import type { SessionContext } from "./context";
import { toBase64Url, utf8 } from "./token/encoding";
import { expiryReason } from "./expiry";
import { decodeRecord } from "./record";
import type { OwnedSession } from "./types";

/** The index of an owner's sessions: handle → expiry hint (ms). */
interface OwnerIndex {
  v: 1;
  s: Record<string, number>;
}

const HANDLE = /^[A-Za-z0-9_-]{43}$/;

/** The stored name of an owner: SHA-256 of its id, so the store holds no user ids in its keys. */
export function ownerKeyOf(ownerId: string): string {
  return toBase64Url(sha256(utf8(`owner:${ownerId}`)));
}

/** Whether a string has the shape of a session handle (so it can never address another key). */
export function isHandle(value: unknown): value is string {
  return typeof value === "string" && HANDLE.test(value);
}

async function readIndex(ctx: SessionContext, ownerKey: string): Promise<OwnerIndex> {
  const raw = (await (await ctx.store()).get(ctx.ownerIndexKey(ownerKey))) as OwnerIndex | null;
  return raw && typeof raw === "object" && raw.s && typeof raw.s === "object" ? raw : { v: 1, s: {} };
}

/** Adds and removes handles in an owner's index, under the owner's in-process lock. */
export async function editIndex(ctx: SessionContext, ownerKey: string, add: string | undefined, remove: readonly string[]): Promise<void> {
  const key = ctx.ownerIndexKey(ownerKey);
  await ctx.locks.run(key, async () => {
    const index = await readIndex(ctx, ownerKey);
    for (const handle of remove) delete index.s[handle];
    if (add) index.s[add] = ctx.now() + ctx.timeouts.absoluteMs;
    const store = await ctx.store();
    if (Object.keys(index.s).length === 0) await store.remove(key);
    else await store.set(key, index, ctx.timeouts.absoluteMs / 1000);
  });
}

/** The owner's alive sessions; dead entries are pruned from the index. */
export async function listOwned(ctx: SessionContext, ownerId: string, current: string | undefined): Promise<OwnedSession[]> {
  const ownerKey = ownerKeyOf(ownerId);
  const index = await readIndex(ctx, ownerKey);
  const store = await ctx.store();
  const now = ctx.now();
  const alive: OwnedSession[] = [];
  const dead: string[] = [];
  await Promise.all(
    Object.keys(index.s).map(async (handle) => {
      const record = decodeRecord(await store.get(ctx.recordKey(handle)));
      if (!record || record.o !== ownerKey || expiryReason(record, ctx.timeouts, now)) dead.push(handle);
      else alive.push({ handle, createdAt: record.c, lastSeenAt: record.t, current: handle === current });
    }),
  );
  if (dead.length > 0) await editIndex(ctx, ownerKey, undefined, dead);
  return alive.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

/** Deletes one session by handle and tells its subscribers; returns whether it existed. */
export async function revokeHandle(ctx: SessionContext, handle: string): Promise<boolean> {
  if (!isHandle(handle)) return false;
  const store = await ctx.store();
  const key = ctx.recordKey(handle);
  const record = await ctx.locks.run(key, async () => {
    const found = decodeRecord(await store.get(key));
    if (found) await store.remove(key);
    return found;
  });
  if (!record) return false;
  if (record.o) await editIndex(ctx, record.o, undefined, [handle]);
  ctx.notifier.publish(handle, { type: "destroyed" });
  ctx.emit({ type: "destroyed" });
  return true;
}
