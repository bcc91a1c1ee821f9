import { performCommit, type Outcome } from "./commit";
import type { SessionContext } from "./context";
import { SessionConfigError } from "./errors";
import { settleLegacy } from "./legacy";
import { listOwned } from "./owners";
import { classify } from "./record";
import { reportStorageError } from "./report";
import { currentId, RequestState } from "./request-state";
import { endSession, isHandle } from "./revoke";
import { RequestSession, stateOf } from "./session";
import { readToken } from "./load";
import { hashId } from "./token/token";
import { applyOutcome } from "./transport/headers";
import type { OwnedSession, RequestLike, Session, SessionChange, SessionHandler, Sessions, Unsubscribe } from "./types";

/**
 * The `Sessions` object `defineSessions` returns: every operation as a method, bound (so
 * `const { createSessionHandler } = sessions` works) and non-enumerable. The context — keys,
 * store, secrets — sits in a `#private` field: `JSON.stringify`, `util.inspect`, spreading and
 * `structuredClone` of it show `{}`.
 */
export class SessionsToolkit {
  readonly #ctx: SessionContext;
  readonly #disposeStore: () => Promise<void>;

  constructor(ctx: SessionContext, disposeStore: () => Promise<void>) {
    this.#ctx = ctx;
    this.#disposeStore = disposeStore;
    for (const name of METHODS) {
      Object.defineProperty(this, name, { value: (this[name] as Function).bind(this), enumerable: false, writable: true, configurable: true });
    }
  }

  /** Synchronous, no I/O: the session loads lazily on its first read. */
  createSessionHandler(request: RequestLike): SessionHandler<any> {
    const ctx = this.#ctx;
    const state = new RequestState(request, ctx);
    let outcome: Outcome | Promise<Outcome> | undefined;
    return {
      session: new RequestSession(state) as unknown as Session<any>,
      commit(response) {
        try {
          outcome ??= settled(ctx, state, response.status);
          if (outcome instanceof Promise) return outcome.then((done) => applyOutcome(response, done, ctx));
          // Most commits (memory and cookie storage) are decided without a promise hop.
          return Promise.resolve(applyOutcome(response, outcome, ctx));
        } catch (error) {
          return Promise.reject(error); // a promise either way, as from an async function
        }
      },
    };
  }

  /** Deletes expired records on drivers without native TTL; returns how many. */
  async sweep(): Promise<number> {
    const ctx = this.#ctx;
    if (ctx.mode.kind !== "server") return 0;
    const store = await ctx.store();
    if (store.sweep) return store.sweep();
    let removed = 0;
    const now = ctx.now();
    for (const key of await store.keys(ctx.recordKey(""))) {
      const raw = await store.get(key);
      const found = classify(raw, ctx.timeouts, now);
      // Expired records count; rotation aliases past their grace window go quietly.
      if (found.state === "expired" || (found.state === "absent" && raw !== null && raw !== undefined)) {
        await store.remove(key);
        if (found.state === "expired") removed++;
      }
    }
    for (const key of await store.keys(ctx.endedKey(""))) {
      const marker = (await store.get(key)) as { u?: unknown } | null;
      if (typeof marker?.u !== "number" || marker.u <= now) await store.remove(key);
    }
    return removed;
  }

  /** Sessions indexed under `ownerId`, newest activity first; `current` marks the given session. */
  async listByOwner(ownerId: string, options?: { current?: Session<any> | string }): Promise<OwnedSession[]> {
    this.#requireServer("listByOwner");
    return listOwned(this.#ctx, ownerKeyArgument(ownerId), this.handleOf(options?.current));
  }

  /** Ends one session by its handle. */
  async revoke(handle: string): Promise<void> {
    this.#requireServer("revoke");
    await endSession(this.#ctx, handle);
  }

  /** Ends all of an owner's sessions, except one if given; returns how many ended. */
  async revokeOwner(ownerId: string, options?: { except?: string | Session<any> }): Promise<number> {
    this.#requireServer("revokeOwner");
    const except = this.handleOf(options?.except);
    const owned = await listOwned(this.#ctx, ownerKeyArgument(ownerId), except);
    // Every listed session was live when listed and is over after this; one that a write in flight
    // took back on seeing the "ended" marker is no less ended, so the count is the listed ones.
    const ending = owned.filter((entry) => entry.handle !== except);
    await Promise.all(ending.map((entry) => endSession(this.#ctx, entry.handle)));
    return ending.length;
  }

  /** Listens to commits touching the session `id`; returns the unsubscribe function, which carries `ready`. */
  subscribe(id: string, listener: (change: SessionChange) => void): Unsubscribe {
    const handle = this.handleOf(id);
    if (!handle) throw new TypeError("sessionkit: subscribe needs a session id (session.id of a live session).");
    if (typeof listener !== "function") throw new TypeError("sessionkit: subscribe(id, listener) needs a listener function.");
    return this.#ctx.notifier.subscribe(handle, listener);
  }

  /** The opaque handle of a session or session id (the same as `listByOwner` reports). */
  handleOf(session: Session<any> | string | undefined): string | undefined {
    if (typeof session === "string") return session === "" ? undefined : isHandle(session) ? session : hashId(session);
    const state = stateOf(session);
    if (!state) return undefined;
    // A session whose load is still owed is named by its verified token (it proves the id; nothing is revealed).
    const id = currentId(state) ?? (state.loaded ? undefined : readToken(state).id);
    return id === undefined ? undefined : hashId(id);
  }

  /** Releases connections and timers. */
  async close(): Promise<void> {
    await this.#ctx.notifier.close();
    await this.#disposeStore();
  }

  #requireServer(what: string): void {
    if (this.#ctx.mode.kind !== "server") {
      throw new SessionConfigError(`sessionkit: ${what} needs server-side storage; "cookie" storage cannot list or revoke sessions. Set \`storage\` to a store.`);
    }
  }
}

const METHODS = ["createSessionHandler", "sweep", "listByOwner", "revoke", "revokeOwner", "subscribe", "handleOf", "close"] as const;

function ownerKeyArgument(ownerId: unknown): string {
  if (typeof ownerId !== "string" || ownerId === "") throw new TypeError("sessionkit: an owner id is a non-empty string (a user id).");
  return ownerId;
}

/**
 * The request's commit outcome (see commit.ts), with a legacy session settled after it and
 * every failure reported (as a rejection: this never throws). The outcome itself when nothing
 * had to wait.
 */
function settled(ctx: SessionContext, state: RequestState, status: number): Outcome | Promise<Outcome> {
  const report = (error: unknown) => {
    throw reportStorageError(ctx, error);
  };
  let done: Outcome | Promise<Outcome>;
  try {
    done = performCommit(state, status);
  } catch (error) {
    return Promise.reject(reportStorageError(ctx, error));
  }
  if (ctx.legacy) return Promise.resolve(done).then((outcome) => settleLegacy(state, outcome, status)).catch(report);
  return done instanceof Promise ? done.catch(report) : done;
}

/** The public type of the toolkit. */
export type { Sessions };
