/** One request a {@link LedgerClient} made, as the ledger keeps it. */
export interface LedgerEntry {
  status: number | "network-error";
  /** Milliseconds from sending to the whole body read. */
  ms: number;
  /** The session Set-Cookie lines the response carried. */
  sessionCookies: string[];
  /** `n` as the server answered it, on a 200. */
  n?: number;
  /** `Date.now()` when the request was sent. */
  sentAt: number;
}

/**
 * A virtual browser that increments its own session's counter over real HTTP, one request at a
 * time, and keeps a ledger of what the server acknowledged: `POST {base}/inc` answers
 * `{ n }` with 200 when the write was committed, 503 when session storage is down.
 */
export class LedgerClient {
  readonly entries: LedgerEntry[] = [];
  /** Increments the server answered with 200 (committed). */
  acknowledged = 0;
  /** Increments answered with anything else: each may or may not have landed. */
  failed = 0;
  /** The highest `n` a 200 answered. */
  lastAcknowledged = 0;
  private cookie: string | undefined;

  constructor(
    readonly base: string,
    readonly cookieName = "sid",
  ) {}

  /** Sends one increment and records it. Never throws. */
  async increment(): Promise<LedgerEntry> {
    const sentAt = Date.now();
    let entry: LedgerEntry;
    try {
      const response = await fetch(`${this.base}/inc`, {
        method: "POST",
        headers: this.cookie ? { cookie: `${this.cookieName}=${this.cookie}` } : {},
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.text();
      const sessionCookies = response.headers.getSetCookie().filter((line) => line.startsWith(`${this.cookieName}=`));
      entry = { status: response.status, ms: Date.now() - sentAt, sessionCookies, sentAt };
      if (response.status === 200) entry.n = (JSON.parse(body) as { n: number }).n;
      for (const line of sessionCookies) this.cookie = line.slice(this.cookieName.length + 1).split(";")[0];
    } catch {
      entry = { status: "network-error", ms: Date.now() - sentAt, sessionCookies: [], sentAt };
    }
    if (entry.status === 200) {
      this.acknowledged++;
      this.lastAcknowledged = Math.max(this.lastAcknowledged, entry.n!);
    } else if (this.cookie !== undefined) {
      this.failed++;
    }
    this.entries.push(entry);
    return entry;
  }

  /** Reads the counter back (`GET {base}/n`); throws unless the server answers 200. */
  async readBack(): Promise<number> {
    const response = await fetch(`${this.base}/n`, {
      headers: this.cookie ? { cookie: `${this.cookieName}=${this.cookie}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) throw new Error(`read back answered ${response.status}`);
    return ((await response.json()) as { n: number }).n;
  }

  /** Whether the client holds a session (a committed first increment gave it a cookie). */
  get hasSession(): boolean {
    return this.cookie !== undefined;
  }
}
