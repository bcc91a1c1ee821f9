import type { Change, SessionView } from "./changes";
import type { SessionContext } from "./context";
import type { SessionStorageError } from "./errors";
import type { SessionRecord } from "./record";
import { createId } from "./token/random";
import type { FoundToken } from "./transport/read";
import type { RequestLike, SessionData } from "./types";

/** What the request's token proved, once opened (see load.ts). */
export interface TokenFacts {
  /** Where the token was found, and how many cookie chunks came with it. */
  readonly found: FoundToken;
  /** The id the token proved, if it verified (before the record is checked). */
  readonly id?: string;
  /** Storage handle (hash) of `id`. */
  readonly handle?: string;
  /** Index of the secret that verified it; > 0 means re-issue under the first. */
  readonly keyIndex: number;
  /** Cookie storage: the whole sealed record. */
  readonly sealed?: SessionRecord;
  /** Server storage: client data sealed after the signed id (trusted only once the record is live). */
  readonly client?: SessionData;
}

/** What loading found. */
export interface LoadFacts {
  /** The live record, or `null` when there is none (no token, unknown, expired, corrupt, mismatched). */
  record: SessionRecord | null;
  /** Handle of the key the live record is stored under (differs from the token's inside a rotation grace window). */
  handle: string | undefined;
  /** The record was reached through a rotated-away id still inside its grace window. */
  viaAlias: boolean;
  /** The value exactly as the store returned it (for compare-and-set). */
  stored: unknown;
  /** `locks.mark()` when the record was read, to detect commits in between. */
  mark: number;
  /** The store already refreshed the record (TTL and `t`) while reading it. */
  storeTouched: boolean;
  /** Stored data was migrated to the schema (`migrate`): write it back. */
  migrated: boolean;
}

/** A request's intent: everything the app asked for, replayed at commit. */
export interface Intent {
  readonly changes: Change[];
  /** Client data writes, in order (`undefined` removes). */
  readonly client: Array<[key: string, value: unknown]>;
  destroy: boolean;
  cycle: boolean;
  /** `setExpiry` call, if any. */
  expiry?: { value: number | null };
  /** `setOwner` call, if any. */
  owner?: { value: string | null; device?: unknown };
  /** `markAuthenticated()` was called. */
  authenticated: boolean;
}

/**
 * The one owner of a request's session state: what the request carried, what loading found,
 * what the app intends, and whether the response depends on the session. It is reachable
 * only through the `#state` of the Session façade and the handler's `commit`; nothing here is
 * ever handed to the app.
 */
export class RequestState {
  /** Set once the token was read (on first use of the session). */
  token: TokenFacts | undefined;
  /** Set once the record was loaded. */
  loaded: LoadFacts | undefined;
  /** The load in flight, shared by concurrent reads. */
  loading: Promise<void> | undefined;
  /** The record's data and flash with this request's changes applied, once loaded. */
  view: SessionView | undefined;
  /** Whether `view` is still the loaded record's own objects (copied on the first write). */
  viewShared = false;
  /** Client data with this request's writes, once read (a live session's, else empty). */
  clientView: SessionData | undefined;
  readonly intent: Intent = { changes: [], client: [], destroy: false, cycle: false, authenticated: false };
  /** The id of a new or cycled session, drawn by {@link ensureNewId}. */
  newId: string | undefined;
  /** The response's content depended on the session (a read of data, client data or `id`). */
  dependsOnSession = false;
  /** The storage failure a read of this session met, if any (see commit.ts). */
  readFailure: SessionStorageError | undefined;
  /** A legacy session (e.g. express-session) adopted by this request: how to retire it after the commit. */
  legacy: { cookies: string[]; remove(): Promise<void> } | undefined;

  constructor(
    readonly request: RequestLike,
    readonly ctx: SessionContext,
  ) {}

  /** Whether the app asked for anything that must be written. */
  get writes(): boolean {
    const intent = this.intent;
    return (
      intent.changes.length > 0 ||
      intent.client.length > 0 ||
      intent.cycle ||
      intent.authenticated ||
      intent.expiry !== undefined ||
      intent.owner !== undefined ||
      this.loaded?.migrated === true
    );
  }

  /** Whether the request's token is known to point at no live session (checked, or nothing verified). */
  get tokenDead(): boolean {
    if (this.token?.id === undefined) return true;
    return this.loaded !== undefined && (this.loaded.record === null || this.loaded.viaAlias);
  }
}

/**
 * The session id as the app may see it: a new or cycled id once drawn, the token's id once the
 * load confirmed its record — never the id of a session that is over, and `undefined` while
 * it is not known yet. This is the one place that decides when a new id is drawn: as soon as
 * a write (or `cycleId`) is certain to create a session under a new id.
 */
export function currentId(state: RequestState): string | undefined {
  if (state.newId !== undefined) return state.newId;
  if (state.intent.cycle || (state.writes && state.tokenDead)) return ensureNewId(state);
  const loaded = state.loaded;
  return loaded?.record && !loaded.viaAlias ? state.token?.id : undefined;
}

/** Draws the request's new id once (≥ 128 random bits). */
export function ensureNewId(state: RequestState): string {
  return (state.newId ??= createId());
}
