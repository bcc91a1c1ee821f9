import type { SessionContext } from "../context";
import type { SessionRecord } from "../record";
import type { LoadFacts, RequestState } from "../request-state";
import type { SessionData, SessionEvent } from "../types";

/** What a token's text proved: the id, and what rides with it. */
export interface OpenedToken {
  readonly id: string;
  /** Storage handle of `id`, when the opener already knows it. */
  readonly handle?: string;
  /** Index of the secret that verified it. */
  readonly keyIndex: number;
  /** Cookie storage: the whole sealed record. */
  readonly sealed?: SessionRecord;
  /** Server storage: the client part. */
  readonly client?: SessionData;
}

/** What reading the record found, and the event to report when the token's session is over. */
export interface ReadResult {
  readonly facts: LoadFacts;
  readonly dead?: SessionEvent;
}

/** A merged record on its way to storage. */
export interface PendingWrite {
  readonly record: SessionRecord;
  /** Handle the record is stored under. */
  readonly handle: string;
  /** Handle of the record it was merged from, when the id moved (`cycleId`, renewal). */
  readonly fromHandle: string | undefined;
  /** The base's key and the value it was read as, for compare-and-set. */
  readonly expected: { key: string; stored: unknown } | undefined;
  /** Store TTL in seconds. */
  readonly ttl: number;
  /** Whether the record itself must be written (a refresh, a change, an owner). */
  readonly dirty: boolean;
  /** The handle is a just-drawn id's: nothing is stored under it yet. */
  readonly fresh: boolean;
}

/** How a save went: stored, lost a compare-and-set (with what the key holds now), or the session was ended meanwhile. */
export type PersistResult = { ok: true } | { ok: false; current: unknown } | { ok: "ended" };

/** The result of a save that landed (shared: nothing mutates it). */
export const STORED: PersistResult = Object.freeze({ ok: true });

/**
 * A storage strategy: server storage (a signed id in the cookie, the record in a store) or
 * `"cookie"` storage (the whole record sealed in the cookie). The request core (load.ts,
 * commit.ts) is the same for both; only these steps differ.
 */
export interface StorageMode {
  readonly kind: "server" | "cookie";
  /** Verifies a token's text; why it failed otherwise. Never throws. */
  open(text: string): OpenedToken | "malformed" | "bad-signature";
  /** Reads the record the request's token proved: synchronously when it can. */
  read(state: RequestState): ReadResult | Promise<ReadResult>;
  /** The client data a live session's token carried. */
  clientOf(state: RequestState): SessionData | undefined;
  /** The token that carries session `id` with this record and client data. */
  issue(id: string, record: SessionRecord, client: SessionData): string;
  /** Stores a merged record (a no-op for cookie storage). */
  persist(ctx: SessionContext, write: PendingWrite): Promise<PersistResult>;
  /**
   * Whether a commit can run start to end without yielding: cookie storage, or a store that is
   * open, in-process and synchronous (the memory store). Such a commit needs no lock: nothing
   * else runs between its read of the record and its write.
   */
  persistsNow(ctx: SessionContext): boolean;
  /** `persist`, synchronously, when {@link persistsNow}; `undefined` for a write it cannot do so (a rotation). */
  persistNow(ctx: SessionContext, write: PendingWrite): PersistResult | undefined;
  /** Ends the session the request proved, server-side. */
  end(state: RequestState): Promise<void>;
}
