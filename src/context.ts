import type { StandardSchemaV1 } from "./standard-schema";
import type { CookieSpec } from "./transport/cookie";
import type { Timeouts } from "./expiry";
import type { SecretKeys } from "./token/keys";
import type { KeyLocks } from "./store/lock";
import type { Notifier } from "./live/notify";
import type { RecordStore } from "./store/types";
import type { SealedOpener, TokenVerifier } from "./token/cache";
import type { SessionEvent } from "./types";

/** Everything a request's session needs from its `defineSessions`, computed once. */
export interface SessionContext {
  readonly keys: readonly SecretKeys[];
  /** Verifies server-mode tokens (`id.mac`), remembering recent ones. */
  readonly verifyToken: TokenVerifier;
  /** Opens sealed cookie-mode values, remembering recent ones. */
  readonly openSealed: SealedOpener;
  /** `"cookie"`: the whole session sealed in the cookie; `"server"`: a token and a stored record. */
  readonly mode: "server" | "cookie";
  /** The store (server mode), opened on first use. */
  readonly store: () => Promise<RecordStore>;
  /** The store if it is already open, for synchronous fast paths. */
  readonly openedStore: () => RecordStore | undefined;
  readonly schema: StandardSchemaV1 | undefined;
  /** Cookie transport, or `undefined` when `cookie: false`. */
  readonly cookie: CookieSpec | undefined;
  /** Header transport name (lower case), if any. */
  readonly header: string | undefined;
  readonly timeouts: Timeouts;
  readonly cacheControl: boolean;
  readonly commitOnError: boolean;
  readonly chunk: boolean;
  /** Storage key of a session record, from its id hash. */
  readonly recordKey: (handle: string) => string;
  /** Storage key of an owner's index, from the owner hash. */
  readonly ownerIndexKey: (ownerKey: string) => string;
  readonly emit: (event: SessionEvent) => void;
  readonly now: () => number;
  readonly locks: KeyLocks;
  readonly notifier: Notifier;
}
