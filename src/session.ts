import { applyChange, copyView, type Change, type DataView } from "./changes";
import type { SessionContext } from "./context";
import { expiryReason } from "./expiry";
import { createId } from "./token/random";
import { decodeRecord, type SessionRecord } from "./record";
import { validate } from "./schema";
import { readRequestToken } from "./transport/read";
import { hashId } from "./token/token";
import type { ClientData, RequestLike, Session, SessionData } from "./types";
import { SessionStorageError, summarizeIssues } from "./errors";
import { reportStorageError } from "./report";
import { adoptLegacy, type LegacySession } from "./legacy";

/**
 * One request's session: what the request carried, what it has read, and the change list it
 * will commit. Parsing the token is synchronous and happens on first use; the record loads
 * once, on the first read (concurrent reads share the same load).
 */
export class RequestSession implements Session<SessionData> {
  /** Whether anything (read, write, id) touched the session. */
  touched = false;
  /** A token (cookie or header) came with the request. */
  tokenPresent = false;
  /** The id the request's token proved (before the record is checked). */
  tokenId: string | undefined;
  /** Storage handle (hash) of `tokenId`; see {@link handle}. */
  private tokenHandle: string | undefined;
  /** Index of the secret that verified the token; > 0 means re-issue under the first. */
  tokenKeyIndex = 0;
  /** How many cookie chunks the request carried (cookie mode with `chunk`). */
  requestChunks = 0;
  /** The token's id turned out dead (unknown, expired, corrupt, mismatched): never adopted. */
  tokenDead = false;
  /** The id of a new or cycled session, drawn on the first write / `cycleId()`. */
  newId: string | undefined;
  /** The alive record as loaded, or `null` for none. */
  record: SessionRecord | null = null;
  loaded = false;
  /** The store refreshed the record (TTL and `t`) while reading it: re-issue the cookie only. */
  storeTouched = false;
  /** The value exactly as the store returned it (for compare-and-set). */
  stored: unknown = null;
  /** `locks.mark()` when the record was read, to detect commits in between. */
  loadMark = 0;
  readonly changes: Change[] = [];
  destroyed = false;
  cycled = false;
  /** `setExpiry` call, if any. */
  expiry: { value: number | null } | undefined;
  /** `setOwner` call, if any. */
  owner: { value: string | null } | undefined;
  /** Client data with this request's writes, once read or written. */
  clientData: SessionData | undefined;
  clientChanged = false;
  /** The storage failure a read of this session met, if any (see `performCommit`). */
  readFailure: SessionStorageError | undefined;
  /** A session of another library adopted by this request (`legacy` option). */
  legacy: LegacySession | undefined;

  private parsed = false;
  private sealedRecord: SessionRecord | undefined;
  private loading: Promise<void> | undefined;
  private view: DataView | undefined;
  /** Whether `view` is still the loaded record's own objects (no write yet). */
  private viewShared = false;
  private clientFacade: ClientData | undefined;

  constructor(
    readonly request: RequestLike,
    readonly ctx: SessionContext,
  ) {}

  get id(): string | undefined {
    this.parse();
    return this.newId ?? (this.tokenDead ? undefined : this.tokenId);
  }

  async get(key: string): Promise<any> {
    const view = this.view ?? (await this.load());
    if (key in view.flash) {
      const value = view.flash[key];
      this.write({ op: "consume", key });
      return value;
    }
    return view.data[key];
  }

  async has(key: string): Promise<boolean> {
    const view = this.view ?? (await this.load());
    return key in view.data || key in view.flash;
  }

  async all(): Promise<SessionData> {
    const view = this.view ?? (await this.load());
    return { ...view.data };
  }

  async peekFlash(): Promise<SessionData> {
    const view = this.view ?? (await this.load());
    return { ...view.flash };
  }

  set(key: string, value: unknown): void {
    this.write({ op: "set", key, value });
  }

  unset(key: string): void {
    this.write({ op: "unset", key });
  }

  update(key: string, fn: (current: any) => unknown): void {
    this.write({ op: "update", key, fn });
  }

  flash(key: string, value: unknown): void {
    this.write({ op: "flash", key, value });
  }

  clear(): void {
    this.write({ op: "clear" });
  }

  cycleId(): void {
    this.touch();
    this.cycled = true;
    this.newId = createId();
  }

  destroy(): void {
    this.touch();
    this.destroyed = true;
  }

  setExpiry(seconds: number | null): void {
    if (seconds !== null && !(Number.isFinite(seconds) && seconds > 0)) {
      throw new TypeError(`sessionkit: setExpiry takes a positive number of seconds or null, not ${String(seconds)}.`);
    }
    this.touch();
    this.expiry = { value: seconds === null ? null : Math.ceil(seconds) };
  }

  setOwner(ownerId: string | null): void {
    if (ownerId !== null && (typeof ownerId !== "string" || ownerId === "")) {
      throw new TypeError("sessionkit: setOwner takes a non-empty string (a user id) or null.");
    }
    if (this.ctx.mode === "cookie") {
      throw new TypeError('sessionkit: setOwner needs server-side storage; "cookie" storage cannot list or revoke sessions.');
    }
    this.touch();
    this.owner = { value: ownerId };
    // An owner alone starts a session (it is stored content), so the id exists from here, as after a write.
    if (ownerId !== null && !this.newId && (this.tokenId === undefined || this.tokenDead)) this.newId = createId();
  }

  get client(): ClientData {
    return (this.clientFacade ??= {
      get: async (key: string) => this.readClient()[key] as any,
      set: (key: string, value: unknown) => this.writeClient(key, value),
      unset: (key: string) => this.writeClient(key, undefined),
    });
  }

  /** The record's data and flash with this request's changes applied; loads once. */
  load(): Promise<DataView> {
    if (this.view) return Promise.resolve(this.view);
    this.touch();
    if (!this.loading) {
      if (this.loadNow()) {
        this.finishLoad();
        return Promise.resolve(this.view!);
      }
      this.loading = this.loadRecord().then(
        () => this.finishLoad(),
        (error: unknown) => {
          if (error instanceof SessionStorageError) this.readFailure = error;
          throw reportStorageError(this.ctx, error);
        },
      );
    }
    return this.loading.then(() => this.view!);
  }

  private finishLoad(): void {
    this.loaded = true;
    if (this.changes.length === 0) {
      // Read-only so far: look at the record itself (a fresh parse, never shared); copied on the first write.
      this.view = { data: this.record?.d ?? {}, flash: this.record?.f ?? {} };
      this.viewShared = true;
      return;
    }
    const view = copyView(this.record?.d, this.record?.f);
    for (const change of this.changes) applyChange(view, change);
    this.view = view;
  }

  /** The storage handle (SHA-256) of the token's id, computed once. */
  handle(): string {
    return (this.tokenHandle ??= hashId(this.tokenId!));
  }

  /** Reads the request's token once: verifies its signature (or opens its seal). Never throws. */
  parse(): void {
    if (this.parsed) return;
    this.parsed = true;
    this.touched = true;
    const token = readRequestToken(this.request, this.ctx);
    this.tokenPresent = token.present;
    this.requestChunks = token.chunks;
    this.tokenId = token.id;
    this.tokenHandle = token.handle;
    this.tokenKeyIndex = token.keyIndex;
    this.sealedRecord = token.sealedRecord;
    this.clientData = token.clientData;
  }

  private touch(): void {
    if (!this.parsed) this.parse();
  }

  private write(change: Change): void {
    this.touch();
    this.changes.push(change);
    if (this.view) {
      if (this.viewShared) {
        // The record stays as loaded: commit replays the change list onto it.
        this.view = copyView(this.view.data, this.view.flash);
        this.viewShared = false;
      }
      applyChange(this.view, change);
    }
    if (!this.newId && (this.tokenId === undefined || this.tokenDead)) this.newId = createId();
  }

  /**
   * Loads synchronously when nothing needs waiting for (no token, cookie storage, or the
   * memory store already open — and no schema, whose validation may be async). Returns whether
   * it did; the hot path of a read then costs no promise hops.
   */
  private loadNow(): boolean {
    const { ctx } = this;
    if (this.tokenId === undefined) return !ctx.legacy;
    if (ctx.schema) return false;
    if (ctx.mode === "cookie") {
      this.record = this.alive(this.sealedRecord!) ?? null;
      return true;
    }
    const store = ctx.openedStore();
    if (!store?.peek) return false;
    this.loadMark = ctx.locks.mark();
    this.record = this.receive(store.peek(ctx.recordKey(this.handle()))) ?? null;
    return true;
  }

  private async loadRecord(): Promise<void> {
    const { ctx } = this;
    if (this.tokenId === undefined) return adoptLegacy(this);
    let record: SessionRecord | undefined;
    if (ctx.mode === "cookie") {
      record = this.alive(this.sealedRecord!);
    } else {
      const store = await ctx.store();
      this.loadMark = ctx.locks.mark();
      const key = ctx.recordKey(this.handle());
      if (store.readAndTouch) {
        // One round trip: the store refreshes an alive record whose refresh is due as it reads it.
        const { value, touched } = await store.readAndTouch(key, ctx.now(), ctx.timeouts);
        this.storeTouched = touched;
        record = this.receive(value);
      } else {
        record = this.receive(await store.get(key));
      }
    }
    if (!record) return;
    if (!ctx.schema) {
      this.record = record;
      return;
    }
    const checked = await validate(ctx.schema, record.d);
    if (!checked.ok) return this.dead({ type: "schema-mismatch", issues: summarizeIssues(checked.issues) });
    this.record = { ...record, d: checked.value };
  }

  /** A stored value as a live record, or `undefined` (unknown, corrupt or expired: reported). */
  private receive(raw: unknown): SessionRecord | undefined {
    this.stored = raw ?? null;
    if (raw === null || raw === undefined) return this.dead({ type: "invalid-token", reason: "unknown-id" });
    const record = decodeRecord(raw);
    if (!record) return this.dead({ type: "corrupt-record" });
    return this.alive(record);
  }

  /** The record if it has not expired, otherwise `undefined` (reported). */
  private alive(record: SessionRecord): SessionRecord | undefined {
    const reason = expiryReason(record, this.ctx.timeouts, this.ctx.now());
    return reason ? this.dead({ type: "expired", reason }) : record;
  }

  private dead(event: Parameters<SessionContext["emit"]>[0]): undefined {
    this.tokenDead = true;
    this.ctx.emit(event);
    if (!this.newId && this.changes.length > 0) this.newId = createId();
  }

  /** Client data (opened from the token once) with this request's writes. */
  readClient(): SessionData {
    this.touch();
    if (this.clientData) return this.clientData;
    let data: SessionData = {};
    if (this.ctx.mode === "cookie") {
      const record = this.sealedRecord;
      if (record && !expiryReason(record, this.ctx.timeouts, this.ctx.now())) data = { ...record.k };
    }
    return (this.clientData = data);
  }

  private writeClient(key: string, value: unknown): void {
    const data = this.readClient();
    if (value === undefined) delete data[key];
    else data[key] = value;
    this.clientChanged = true;
    if (!this.newId && (this.tokenId === undefined || this.tokenDead)) this.newId = createId();
  }
}
