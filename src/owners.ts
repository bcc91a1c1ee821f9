import type { SessionContext } from "./context";
import { liveRecord } from "./record";
import { endSession, unindexSession } from "./revoke";
import { reportStorageError } from "./report";
import type { RecordStore } from "./store/types";
import type { OwnedSession } from "./types";

/** Default of `maxSessionsPerOwner`. */
export const DEFAULT_MAX_SESSIONS_PER_OWNER = 100;
/** Records read at once while listing an owner's sessions. */
const LIST_CONCURRENCY = 16;

/**
 * The stored names of an owner: HMAC-SHA256 of its id under a key derived from each secret
 * (the first names new entries; every one is looked under, so a rotation loses no entry). A
 * store dump plus a list of guessed user ids names no one without the secret.
 */
export function ownerKeysOf(ctx: SessionContext, ownerId: string): string[] {
  return ctx.keys.map((keys) => keys.ownerMac(ownerId));
}

/** The key a session is indexed under now: the first secret's. */
export function ownerKeyOf(ctx: SessionContext, ownerId: string): string {
  return ctx.keys[0]!.ownerMac(ownerId);
}

/**
 * Adds a session to its owner's index, then ends the owner's oldest sessions beyond
 * `maxSessionsPerOwner`. Each entry is its own key (or a member of an atomic set where the
 * store has one): concurrent sign-ins in any number of processes never drop each other's entry.
 */
export async function indexSession(ctx: SessionContext, ownerKey: string, handle: string, createdAt: number): Promise<void> {
  const store = await ctx.store();
  const index = ctx.ownerIndexKey(ownerKey);
  const ttl = ctx.timeouts.absoluteMs / 1000;
  if (store.index) await store.index.add(index, handle, createdAt, ttl);
  else await store.set(`${index}:${handle}`, { c: createdAt }, ttl);
  await enforceCap(ctx, store, ownerKey, handle);
}

/** Owners whose cap is being enforced right now, per configuration: concurrent sign-ins share one pass. */
const enforcing = new WeakMap<SessionContext, Map<string, Promise<void>>>();

/**
 * Ends the owner's oldest sessions beyond the cap. A failure here does not fail the sign-in
 * (its record and index entry are stored): it is reported, and the next sign-in tries again.
 */
async function enforceCap(ctx: SessionContext, store: RecordStore, ownerKey: string, keep: string): Promise<void> {
  let running = enforcing.get(ctx);
  if (!running) enforcing.set(ctx, (running = new Map()));
  const pending = running.get(ownerKey);
  if (pending) return pending;
  const pass = (async () => {
    const members = await membersOf(store, ctx.ownerIndexKey(ownerKey));
    if (members.length <= ctx.maxSessionsPerOwner) return;
    members.sort((a, b) => a[1] - b[1]);
    for (const [member] of members.slice(0, members.length - ctx.maxSessionsPerOwner)) {
      if (member === keep) continue;
      await endSession(ctx, member);
      await unindexSession(ctx, ownerKey, member);
    }
  })()
    .catch((error: unknown) => void reportStorageError(ctx, error))
    .finally(() => running!.delete(ownerKey));
  running.set(ownerKey, pass);
  return pass;
}

/** The owner's live sessions, newest activity first; entries whose session is over are pruned. */
export async function listOwned(ctx: SessionContext, ownerId: string, current: string | undefined): Promise<OwnedSession[]> {
  const store = await ctx.store();
  const alive: OwnedSession[] = [];
  for (const ownerKey of new Set(ownerKeysOf(ctx, ownerId))) {
    const members = await membersOf(store, ctx.ownerIndexKey(ownerKey));
    const dead: string[] = [];
    await forEachLimited(members, LIST_CONCURRENCY, async ([handle]) => {
      const record = liveRecord(await store.get(ctx.recordKey(handle)), ctx.timeouts, ctx.now());
      if (!record || record.o !== ownerKey) return void dead.push(handle);
      const entry: OwnedSession = { handle, createdAt: record.c, lastSeenAt: record.t, current: handle === current };
      if (record.od !== undefined) entry.device = record.od;
      alive.push(entry);
    });
    for (const handle of dead) await unindexSession(ctx, ownerKey, handle);
  }
  return alive.sort((a, b) => b.lastSeenAt - a.lastSeenAt);
}

/** The handles in an owner's index with their creation times. */
async function membersOf(store: RecordStore, index: string): Promise<Array<[string, number]>> {
  if (store.index) return store.index.members(index);
  const prefix = `${index}:`;
  const keys = await store.keys(prefix);
  const members: Array<[string, number]> = [];
  await forEachLimited(keys, LIST_CONCURRENCY, async (key) => {
    const handle = key.slice(key.lastIndexOf(":") + 1);
    const entry = (await store.get(key)) as { c?: unknown } | null;
    members.push([handle, typeof entry?.c === "number" ? entry.c : 0]);
  });
  return members;
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
