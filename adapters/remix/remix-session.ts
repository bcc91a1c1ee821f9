// The Remix / React Router shaped session: sync reads over data loaded once, writes recorded into the core session.
import type { Session, SessionData } from "../../src/index";

/** Flash keys as Remix names them in `session.data`. */
type FlashKey<K extends string> = `__flash_${K}__`;

/**
 * The session Remix's and React Router's loaders and actions work with (their `Session`
 * interface, which their `isSession` accepts). Reads are synchronous over the data
 * `getSession` loaded; writes go into the sessionkit session that `commitSession` commits.
 */
export interface RemixSession<D extends SessionData = Record<string, any>> {
  /** The session id, or `""` for a session that has not been written yet. */
  readonly id: string;
  /** All values, flashed ones under Remix's `__flash_<key>__` names. */
  readonly data: Partial<D> & { [K in keyof D & string as FlashKey<K>]?: D[K] };
  /** Whether the key has a value or an unread flash. */
  has(name: keyof D & string): boolean;
  /** The value; for a flashed key, the value once (then it is gone, as in Remix). */
  get<K extends keyof D & string>(name: K): D[K] | undefined;
  /** Sets a value. */
  set<K extends keyof D & string>(name: K, value: D[K]): void;
  /** Sets a value that the next `get` returns once. */
  flash<K extends keyof D & string>(name: K, value: D[K]): void;
  /** Removes a value. */
  unset(name: keyof D & string): void;
  /** New id, same data, at the next commit; the old id stops working (call it on sign-in or a privilege change). */
  cycleId(): void;
  /** Indexes the session under `userId` for `sessions.listByOwner` / `revokeOwner`; `null` removes it from its owner. */
  setOwner(userId: string | null): void;
  /** "Remember me": a persistent cookie for `seconds`, or `null` for a browser-session cookie. */
  setExpiry(seconds: number | null): void;
}

/** A Remix-shaped session and the core reads it still owes before a commit. */
export interface RemixSessionBridge<D extends SessionData> {
  session: RemixSession<D>;
  /** Resolves once the core session has recorded every flash this object handed out. */
  settled(): Promise<void>;
  /** Marks the session committed: later writes throw instead of being lost. */
  close(): void;
}

/**
 * Builds the Remix-shaped session over `core`, whose data and unread flash were loaded as
 * `data` and `flash`. Remix semantics: `get` prefers a plain value over a flash of the same
 * key, and reading a flash consumes it (through the core's own `get`).
 */
export function createRemixSession<D extends SessionData>(core: Session<D>, data: SessionData, flash: SessionData): RemixSessionBridge<D> {
  const values = new Map(Object.entries(data));
  const flashes = new Map(Object.entries(flash));
  const reads: Promise<unknown>[] = [];
  let closed = false;
  const writable = () => {
    if (closed) {
      throw new TypeError("sessionkit: this session was already committed, so the change would be lost. Make every change before commitSession, or getSession again.");
    }
  };
  const session: RemixSession<any> = {
    get id() {
      return core.id ?? "";
    },
    get data() {
      const all: Record<string, unknown> = Object.fromEntries(values);
      for (const [key, value] of flashes) all[`__flash_${key}__`] = value;
      return all;
    },
    has: (name) => values.has(name) || flashes.has(name),
    get(name) {
      if (values.has(name)) return values.get(name);
      if (!flashes.has(name)) return undefined;
      const value = flashes.get(name);
      flashes.delete(name);
      reads.push(core.get(name)); // the core records the flash as read
      return value;
    },
    set(name, value) {
      writable();
      values.set(name, value);
      core.set(name, value);
    },
    flash(name, value) {
      writable();
      flashes.set(name, value);
      core.flash(name, value);
    },
    unset(name) {
      writable();
      values.delete(name);
      core.unset(name);
    },
    // Lifecycle calls go straight to the core session, with its semantics and its checks.
    cycleId() {
      writable();
      core.cycleId();
    },
    setOwner(userId) {
      writable();
      core.setOwner(userId);
    },
    setExpiry(seconds) {
      writable();
      core.setExpiry(seconds);
    },
  };
  return { session, settled: async () => void (await Promise.all(reads)), close: () => void (closed = true) };
}
