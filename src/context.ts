import type { StandardSchemaV1 } from "./standard-schema";
import type { Timeouts } from "./expiry";
import type { LegacySource } from "./legacy";
import type { Notifier } from "./live/notify";
import type { StorageMode } from "./mode/types";
import type { KeyLocks } from "./store/lock";
import type { RecordStore } from "./store/types";
import type { SecretKeys } from "./token/keys";
import type { CookieWriter } from "./transport/write";
import type { TokenTransport } from "./transport/read";
import type { SessionData, SessionEvent } from "./types";

/** Everything a request's session needs from its `defineSessions`, computed once. Never handed to the app. */
export interface SessionContext {
  readonly keys: readonly SecretKeys[];
  /** Server storage or `"cookie"` storage: how tokens open, records load and saves happen. */
  readonly mode: StorageMode;
  /** The store (server storage), opened on first use. */
  readonly store: () => Promise<RecordStore>;
  /** The store if it is already open, for synchronous fast paths. */
  readonly openedStore: () => RecordStore | undefined;
  readonly schema: StandardSchemaV1 | undefined;
  /** Turns stored data that fails the schema into data that fits, before it is given up. */
  readonly migrate: ((data: SessionData) => unknown) | undefined;
  /** Where tokens come from. */
  readonly transport: TokenTransport;
  /** How tokens go out in cookies. */
  readonly cookies: CookieWriter;
  readonly timeouts: Timeouts;
  /** How long a rotated-away id still resolves to its new record, in ms (0: not at all). */
  readonly rotationGraceMs: number;
  /** Automatic id rotation interval, in ms (0: off). */
  readonly renewMs: number;
  /** Most sessions one owner keeps; the oldest are ended beyond it. */
  readonly maxSessionsPerOwner: number;
  readonly cacheControl: boolean;
  readonly commitOnError: boolean;
  /** Storage key of a session record, from its id hash. */
  readonly recordKey: (handle: string) => string;
  /** Storage key of the marker that says a session was ended (see mode/server.ts). */
  readonly endedKey: (handle: string) => string;
  /** Storage key of an owner's index, from the owner key. */
  readonly ownerIndexKey: (ownerKey: string) => string;
  /** A session source of another library to adopt from (migration), if configured. */
  readonly legacy: LegacySource | undefined;
  readonly emit: (event: SessionEvent) => void;
  readonly now: () => number;
  readonly locks: KeyLocks;
  readonly notifier: Notifier;
}
