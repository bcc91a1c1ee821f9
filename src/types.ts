import type { StandardSchemaV1 } from "./standard-schema";
import type { DriverLike, StorageInstance } from "./storage-like";
import type { LegacySource } from "./legacy";
import type { SessionLogger } from "./store/watch";

/** Any session data: a plain object of JSON-serialisable values. */
export type SessionData = Record<string, unknown>;

/** Data of a session without a schema: any key, any JSON value. */
export type UntypedData = Record<string, any>;

/**
 * The data type a schema describes — its *input* type, because sessionkit stores and returns the
 * data as the app set it and lets the schema check it (see README, "Schemas") — or
 * {@link UntypedData} without one.
 */
export type InferData<S> = S extends StandardSchemaV1<infer I, any> ? (I extends SessionData ? I : UntypedData) : UntypedData;

/** Cookie attributes of the session cookie. */
export interface SessionCookieOptions {
  /** Cookie name; a `__Host-` or `__Secure-` prefix enforces its rules. @default "sid" */
  name?: string;
  /** `Domain` attribute; forbidden with `__Host-`. @default none (host-only) */
  domain?: string;
  /** `Path` attribute. @default "/" */
  path?: string;
  /** `SameSite` attribute. @default "lax" */
  sameSite?: "lax" | "strict" | "none";
  /** `Secure` attribute; `"auto"` sets it when the request URL is https. @default "auto" */
  secure?: boolean | "auto";
  /** `Partitioned` (CHIPS); needs `Secure` (any `sameSite`). @default false */
  partitioned?: boolean;
}

/**
 * A driver configuration: an unstorage driver by name (imported at run time from node_modules:
 * Node, Bun, Deno) or the driver factory itself (what a bundle such as a Worker needs).
 */
export interface DriverConfig {
  /**
   * unstorage driver name, e.g. `"fs"`, `"redis"`, `"memory"`; or its factory, e.g.
   * `cloudflareKVBinding` from `import cloudflareKVBinding from "unstorage/drivers/cloudflare-kv-binding"`.
   */
  driver: string | ((options: any) => DriverLike);
  /** The driver's own options (e.g. `base`, `url`). */
  [option: string]: unknown;
}

/** Where server-side records live. */
export type StorageOption = StorageInstance | DriverConfig | string;

/** Something that went on inside sessionkit; never carries an id or a token. */
export type SessionEvent =
  | { type: "invalid-token"; reason: "malformed" | "bad-signature" | "unknown-id" }
  | { type: "expired"; reason: "idle" | "absolute" }
  | { type: "schema-mismatch"; issues: string }
  | { type: "corrupt-record" }
  | { type: "storage-error"; operation: string; message: string }
  | { type: "unknown-keys"; keys: string[] }
  | { type: "created" }
  | { type: "destroyed" }
  | { type: "cycled" };

/** Options of {@link defineSessions}. */
export interface SessionsOptions<S extends StandardSchemaV1 | undefined = undefined> {
  /** Secrets (≥ 32 characters each): the first signs, all verify. Rotate by prepending. */
  secrets: string | readonly string[];
  /** Server-side storage: unstorage instance, driver config, URL or `"cookie"`. @default "memory:" */
  storage?: StorageOption;
  /** Optional Standard Schema (e.g. valibot) for the server-side data. */
  schema?: S;
  /** Session cookie attributes, or `false` for header-only transport. @default { name: "sid" } */
  cookie?: SessionCookieOptions | false;
  /** Request/response header that also carries the token, e.g. `"x-session-id"`. @default none */
  header?: string;
  /** Idle timeout in seconds. @default 604800 (7 days) */
  idleTimeout?: number;
  /** Absolute timeout in seconds from creation. @default 2592000 (30 days) */
  absoluteTimeout?: number;
  /** Minimum seconds between two refreshes of an active session. @default idleTimeout / 10 */
  touchInterval?: number;
  /** Upper bound in ms for every storage call. @default 2000 */
  storageTimeout?: number;
  /**
   * Redis (one server, Sentinel or Cluster): replicas that must confirm each record write
   * (`WAIT`, in the same round trip) before `commit` acknowledges it, so a failover cannot lose
   * it. Applies only where the key's master has replicas; a write they do not confirm within
   * ¾ of `storageTimeout` fails with `SessionStorageError` (503). `0` acknowledges on the
   * master's answer alone. @default 1
   */
  waitForReplicas?: number;
  /** Add `Vary: Cookie` and `Cache-Control: private, must-revalidate`. @default true */
  cacheControl?: boolean;
  /** Commit writes on 5xx responses too. @default false */
  commitOnError?: boolean;
  /** In `"cookie"` storage, split a large sealed value over `name.0`, `name.1`, … @default false */
  chunk?: boolean;
  /**
   * Redis for cross-process `subscribe` notifications, in any storage URL form: `redis://…`,
   * `redis+sentinel://s1:p1,…/mymaster`, `redis+cluster://h1:p1,…`. Messages are sealed and
   * authenticated under a key derived from `secrets`. @default none (in-process only)
   */
  broadcast?: string;
  /** Storage key prefix. @default "sessionkit" */
  prefix?: string;
  /**
   * Where storage outages are logged: once when one starts (driver, host, cause; never an id,
   * token or key) and once when it ends; also, once, a Redis user that may not run `INFO`
   * (its writes cannot wait for replicas). `null` silences it. @default console
   */
  logger?: SessionLogger | null;
  /**
   * Binds tokens, seals and client parts to this instance: another `defineSessions` with a
   * different `name` (or cookie name) refuses them, even under the same secret. @default none
   */
  name?: string;
  /** Receives events; never ids or tokens. @default none */
  onEvent?: (event: SessionEvent) => void;
  /** Clock in milliseconds, injectable for tests. @default Date.now */
  now?: () => number;
  /** After a rotation (`cycleId`, renewal), seconds the old id still resolves to the new record, so requests in flight neither fork the session nor lose writes. @default 5 */
  rotationGrace?: number;
  /** Rotate a live session's id automatically once this many seconds passed since its last rotation (OWASP renewal timeout). @default 0 (off) */
  renewInterval?: number;
  /** Most sessions one owner keeps; signing in beyond it ends the owner's oldest sessions. @default 100 */
  maxSessionsPerOwner?: number;
  /** Turns stored data that no longer fits `schema` into data that does (schema evolution); the result is written back. */
  migrate?: (data: Record<string, unknown>) => unknown;
  /** Adopt sessions of another library on requests without a sessionkit token (e.g. `fromExpressSession` from `sessionkit/node`). */
  legacy?: LegacySource;
}

/** Small data kept in the cookie itself, encrypted and authenticated. */
export interface ClientData<C extends SessionData = SessionData> {
  /** Value or `undefined`. */
  get<K extends keyof C & string>(key: K): Promise<C[K] | undefined>;
  /** Records a write. */
  set<K extends keyof C & string>(key: K, value: C[K]): void;
  /** Records a removal. */
  unset<K extends keyof C & string>(key: K): void;
}

/** One request's session. Reads are async (the session loads lazily, once), writes are sync. */
export interface Session<D extends SessionData = UntypedData> {
  /** The id of a live session: known once the load confirmed its record (after a read, or at commit), or once a write or `cycleId` created a new one; never the id of a session that is over. */
  readonly id: string | undefined;
  /** Value or `undefined`; sees this request's earlier writes; a flashed value is returned once. */
  get<K extends keyof D & string>(key: K): Promise<D[K] | undefined>;
  /** Whether the key has a value. */
  has<K extends keyof D & string>(key: K): Promise<boolean>;
  /** A snapshot of all server-side data, with this request's writes applied. */
  all(): Promise<Partial<D>>;
  /** A snapshot of the flashed values not yet read, without consuming them (for sync-read adapters such as Remix's). */
  peekFlash(): Promise<Partial<D>>;
  /** Records a write. */
  set<K extends keyof D & string>(key: K, value: D[K]): void;
  /** Records a removal. */
  unset<K extends keyof D & string>(key: K): void;
  /** Records `fn(current)`; at commit `fn` runs again against the freshest stored value. */
  update<K extends keyof D & string>(key: K, fn: (current: D[K] | undefined) => D[K]): void;
  /** A value the next `get` of that key returns once. */
  flash<K extends keyof D & string>(key: K, value: D[K]): void;
  /** Removes all server-side data; keeps the session and its id. */
  clear(): void;
  /** New id, same data; the old id stops working. Use on sign-in and privilege changes. */
  cycleId(): void;
  /** Deletes the server-side record and expires the cookie. */
  destroy(): void;
  /** A persistent cookie (and idle lifetime) of `seconds`, or `null` for a browser-session cookie. */
  setExpiry(seconds: number | null): void;
  /** Indexes the session under an owner (a user id) for listing and revocation, with what to show about the device; `null` removes it. */
  setOwner(ownerId: string | null, options?: OwnerOptions): void;
  /** Records that the user just proved who they are (password, passkey): "sudo mode" starts now. Kept across `cycleId`, gone with `destroy`. */
  markAuthenticated(): void;
  /** Whether the user authenticated (see `markAuthenticated`) within the last `seconds`: gate sensitive actions on it (ASVS V7.5). */
  authenticatedWithin(seconds: number): Promise<boolean>;
  /** Small data kept in the cookie itself, encrypted. */
  readonly client: ClientData;
}

/** What {@link Sessions.createSessionHandler} returns. */
export interface SessionHandler<D extends SessionData = UntypedData> {
  /** The request's session. */
  session: Session<D>;
  /** Writes storage if needed and sets the headers on the response (or a copy of it). */
  commit(response: Response): Promise<Response>;
}

/** A session of an owner, as listed by {@link Sessions.listByOwner}. */
export interface OwnedSession {
  /** Opaque, non-secret reference for {@link Sessions.revoke}; never a token. */
  handle: string;
  /** Creation time, ms since epoch. */
  createdAt: number;
  /** Last recorded activity, ms since epoch (recorded at most once per `touchInterval`). */
  lastSeenAt: number;
  /** Whether this is the session passed as `current`. */
  current: boolean;
  /** What the app recorded with `setOwner(id, { device })`, if anything. */
  device?: unknown;
}

/** Options of `session.setOwner`. */
export interface OwnerOptions {
  /** What to show about this device in `listByOwner` (user agent, a coarse place, …): JSON-serialisable, not secret. */
  device?: unknown;
}

/**
 * What sessionkit reads from a request: its URL (for `secure: "auto"`) and header lookup.
 * Any `Request` — Node's, Bun's, undici's — is one; adapters may pass a lighter view.
 */
export interface RequestLike {
  readonly url: string;
  readonly headers: { get(name: string): string | null };
}

/** A change notification from {@link Sessions.subscribe}; carries no data or token. */
export type SessionChange = { type: "changed"; keys: string[] } | { type: "destroyed" };

/** What {@link Sessions.subscribe} returns: call it to stop listening. */
export interface Unsubscribe {
  (): void;
  /**
   * Resolves once changes committed by other processes can arrive: when the Redis SUBSCRIBE
   * is confirmed with `broadcast`, at once without it. Rejects when the broadcast Redis cannot
   * be reached (in-process delivery still works). Awaiting it is optional.
   */
  readonly ready: Promise<void>;
}

/** The configured session toolkit returned by {@link defineSessions}. */
export interface Sessions<D extends SessionData = UntypedData> {
  /** Synchronous, no I/O: the session loads lazily on first read. */
  createSessionHandler(request: RequestLike): SessionHandler<D>;
  /** Deletes expired records on drivers without native TTL; returns how many. */
  sweep(): Promise<number>;
  /** Sessions indexed under `ownerId`; `current` marks the given session. */
  listByOwner(ownerId: string, options?: { current?: Session<any> | string }): Promise<OwnedSession[]>;
  /** Ends one session by its handle. */
  revoke(handle: string): Promise<void>;
  /** Ends all of an owner's sessions, except one handle if given; returns how many ended. */
  revokeOwner(ownerId: string, options?: { except?: string | Session<any> }): Promise<number>;
  /** Listens to commits touching the session `id`; returns the unsubscribe function, which carries `ready`. */
  subscribe(id: string, listener: (change: SessionChange) => void): Unsubscribe;
  /** The opaque handle of a session id (the same as `listByOwner` reports). */
  handleOf(session: Session<any> | string): string | undefined;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
