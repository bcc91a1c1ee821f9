import { applyChange, copyView, own, type Change, type SessionView } from "./changes";
import { loadSession, readToken } from "./load";
import { clientAfter } from "./client-data";
import { assignOwn } from "./record";
import { currentId, type RequestState } from "./request-state";
import type { ClientData, OwnerOptions, Session, SessionData } from "./types";

/** Reads a façade's `#state`; set by the class's static block, never exported. */
let readState: (session: unknown) => RequestState | undefined;

/**
 * The Session the app holds: its API and nothing else. The request's state lives in a
 * `#private` field, so `JSON.stringify`, `util.inspect`, spreading, `Object.keys` and
 * `structuredClone` of it show no key, token, id or data — only `{}`.
 */
export class RequestSession implements Session<SessionData> {
  readonly #state: RequestState;
  #client: SessionClient | undefined;

  constructor(state: RequestState) {
    this.#state = state;
  }

  static {
    // The only way to the state from outside the class, kept in this module: no static member
    // (reachable as `session.constructor.…`) hands it out.
    readState = (session) => (typeof session === "object" && session !== null && #state in session ? (session as RequestSession).#state : undefined);
  }

  /** The id of a live session: known once the load confirmed its record, or once a write created one. */
  get id(): string | undefined {
    const state = this.#state;
    readToken(state);
    state.dependsOnSession = true;
    return currentId(state);
  }

  get(key: string): Promise<any> {
    const state = this.#state;
    return withView(state, (view) => {
      if (Object.hasOwn(view.flash, key)) {
        const value = view.flash[key];
        write(state, { op: "consume", key });
        return value;
      }
      return own(view.data, key);
    });
  }

  has(key: string): Promise<boolean> {
    return withView(this.#state, (view) => Object.hasOwn(view.data, key) || Object.hasOwn(view.flash, key));
  }

  all(): Promise<SessionData> {
    return withView(this.#state, (view) => ({ ...view.data }));
  }

  peekFlash(): Promise<SessionData> {
    return withView(this.#state, (view) => ({ ...view.flash }));
  }

  set(key: string, value: unknown): void {
    write(this.#state, { op: "set", key: keyName(key), value });
  }

  unset(key: string): void {
    write(this.#state, { op: "unset", key: keyName(key) });
  }

  update(key: string, fn: (current: any) => unknown): void {
    if (typeof fn !== "function") throw new TypeError("sessionkit: update(key, fn) takes a function that returns the new value.");
    write(this.#state, { op: "update", key: keyName(key), fn });
  }

  flash(key: string, value: unknown): void {
    write(this.#state, { op: "flash", key: keyName(key), value });
  }

  clear(): void {
    write(this.#state, { op: "clear" });
  }

  cycleId(): void {
    readToken(this.#state);
    this.#state.intent.cycle = true;
    this.#state.intent.renew = false;
  }

  destroy(): void {
    readToken(this.#state);
    this.#state.intent.destroy = true;
  }

  setExpiry(seconds: number | null): void {
    if (seconds !== null && !(typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0)) {
      throw new TypeError(`sessionkit: setExpiry takes a positive number of seconds or null, not ${String(seconds)}.`);
    }
    readToken(this.#state);
    this.#state.intent.expiry = { value: seconds === null ? null : Math.ceil(seconds) };
  }

  setOwner(ownerId: string | null, options?: OwnerOptions): void {
    if (ownerId !== null && (typeof ownerId !== "string" || ownerId === "")) {
      throw new TypeError("sessionkit: setOwner takes a non-empty string (a user id) or null.");
    }
    const state = this.#state;
    if (state.ctx.mode.kind === "cookie") {
      throw new TypeError('sessionkit: setOwner needs server-side storage; "cookie" storage cannot list or revoke sessions. Set `storage` to a store.');
    }
    readToken(state);
    state.intent.owner = { value: ownerId, device: ownerId === null ? undefined : options?.device };
  }

  markAuthenticated(): void {
    readToken(this.#state);
    this.#state.intent.authenticated = true;
  }

  async authenticatedWithin(seconds: number): Promise<boolean> {
    if (!(typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0)) {
      throw new TypeError(`sessionkit: authenticatedWithin takes a number of seconds ≥ 0, not ${String(seconds)}.`);
    }
    const state = this.#state;
    await viewOf(state);
    const now = state.ctx.now();
    const at = state.intent.authenticated ? now : state.loaded?.viaAlias ? undefined : state.loaded?.record?.au;
    return at !== undefined && now - at <= seconds * 1000;
  }

  get client(): ClientData {
    return (this.#client ??= new SessionClient(this.#state));
  }
}

/**
 * `session.client`: small data that rides in the cookie, encrypted. Reading it waits for the
 * session's load, because it counts only while the session it came with is live: a copy of
 * an ended session's token yields no client data.
 */
class SessionClient implements ClientData {
  readonly #state: RequestState;

  constructor(state: RequestState) {
    this.#state = state;
  }

  async get(key: string): Promise<any> {
    const state = this.#state;
    await viewOf(state);
    return own(clientView(state), key);
  }

  set(key: string, value: unknown): void {
    writeClient(this.#state, keyName(key), value);
  }

  unset(key: string): void {
    writeClient(this.#state, keyName(key), undefined);
  }
}

/** The request state behind a Session this package made, if it is one (for the toolkit's `handleOf`). */
export function stateOf(session: unknown): RequestState | undefined {
  return readState(session);
}

/**
 * `read` of the session's view, once it is loaded: without a promise hop when the load is
 * synchronous (the memory store, cookie storage) or done. Always a promise, never a throw.
 */
function withView<T>(state: RequestState, read: (view: SessionView) => T): Promise<T> {
  try {
    state.dependsOnSession = true;
    const loading = state.view ? undefined : loadSession(state);
    if (loading) return loading.then(() => read(state.view!));
    return Promise.resolve(read(state.view!));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The session's view, loading it first (once); the response now depends on the session. */
function viewOf(state: RequestState): Promise<SessionView> {
  return withView(state, (view) => view);
}

/** Records a change and applies it to the view, copying the loaded record's objects on the first write. */
function write(state: RequestState, change: Change): void {
  readToken(state);
  state.intent.changes.push(change);
  const view = state.view;
  if (!view) return;
  if (state.viewShared) {
    // The record stays as loaded: commit replays the change list onto it.
    state.view = copyView(view.data, view.flash);
    state.viewShared = false;
  }
  applyChange(state.view!, change);
}

/** Client data of a live session with this request's writes (only after the load). */
function clientView(state: RequestState): SessionData {
  if (state.clientView) return state.clientView;
  const loaded = state.loaded;
  return (state.clientView = clientAfter(state, loaded?.record != null && !loaded.viaAlias));
}

function writeClient(state: RequestState, key: string, value: unknown): void {
  readToken(state);
  state.intent.client.push([key, value]);
  if (state.clientView) assignOwn(state.clientView, key, value);
}

/** Keys are strings; anything else is a mistake worth a clear error. */
function keyName(key: unknown): string {
  if (typeof key !== "string") throw new TypeError(`sessionkit: session keys are strings, not ${typeof key}.`);
  return key;
}
