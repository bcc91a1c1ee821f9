/** Marks sessionkit's errors across copies of the package (ESM and CJS loaded side by side). */
const BRAND = Symbol.for("sessionkit.error");

/** Base class of every error sessionkit throws. Recognise one with {@link isSessionError}, not `instanceof`. */
export class SessionError extends Error {
  override name = "SessionError";
}
Object.defineProperty(SessionError.prototype, BRAND, { value: true });

/** Misconfiguration found by `defineSessions`; the message says how to fix it. */
export class SessionConfigError extends SessionError {
  override name = "SessionConfigError";
}

/** A storage call failed or timed out; `cause` holds the driver's error. No cookie was set. */
export class SessionStorageError extends SessionError {
  override name = "SessionStorageError";
  /** The storage operation that failed: `"read"`, `"write"`, `"remove"`, … */
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`sessionkit: storage ${operation} failed: ${message}`, options);
    this.operation = operation;
  }
}

/** One schema problem: where, and what kind — never the value. */
export interface SessionIssue {
  /** The key path, e.g. `"cart.0"`; `""` for the whole data. */
  readonly path: string;
  /** The validator's message with any quoted or received value removed. */
  readonly message: string;
}

/** The session data did not fit the schema at commit; nothing was written. */
export class SessionValidationError extends SessionError {
  override name = "SessionValidationError";
  /** The schema's issues: key paths and kinds of problem, without the values. */
  readonly issues: readonly SessionIssue[];
  constructor(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>) {
    const safe = safeIssues(issues);
    super(`sessionkit: session data does not match the schema (${summarize(safe)}). Fix the value you set, or the schema.`);
    this.issues = safe;
  }
}

/** A cookie would exceed the browsers' 4096-byte limit. */
export class SessionCookieTooLargeError extends SessionError {
  override name = "SessionCookieTooLargeError";
  /** The cookie's size in bytes, attributes included. */
  readonly size: number;
  /** The limit in bytes. */
  readonly limit: number;
  constructor(size: number, limit: number, hint: "cookie-storage" | "client-data" | "chunks" = "cookie-storage") {
    const fix =
      hint === "client-data"
        ? "Keep less in `session.client` (it rides in the cookie) and move the rest to server-side data with `session.set`."
        : hint === "chunks"
          ? 'Keep less data in "cookie" storage, or use server-side storage.'
          : 'Keep less data in "cookie" storage, turn on `chunk: true`, or use server-side storage.';
    super(`sessionkit: the session cookie would be ${size} bytes, over the ${limit}-byte browser limit. ${fix}`);
    this.size = size;
    this.limit = limit;
  }
}

/** Whether an error came from sessionkit (any copy of it: recognised by its brand, not `instanceof`). */
export function isSessionError(error: unknown): error is SessionError {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

/** Whether an error is a storage failure from any copy of sessionkit (adapters answer 503). */
export function isStorageError(error: unknown): error is SessionStorageError {
  return isSessionError(error) && error.name === "SessionStorageError";
}

/** Key paths and value-free messages of Standard Schema issues. */
export function safeIssues(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>): SessionIssue[] {
  return issues.map((issue) => ({
    path: (issue.path ?? [])
      .map((segment) => String(typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment))
      .join("."),
    message: withoutValues(String(issue.message)),
  }));
}

/** One line summarising issues: `path: message; …`, with no stored value in it. */
export function summarizeIssues(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>): string {
  return summarize(safeIssues(issues));
}

function summarize(issues: readonly SessionIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join("; ");
}

/**
 * A validator's message without the value it quotes: validators say what they expected and
 * then what they received (`Invalid type: Expected string but received "tok_…"`). Keep the
 * expectation, drop what was received and anything quoted.
 */
function withoutValues(message: string): string {
  const cut = message.search(/\b(but )?received\b/i);
  const head = (cut === -1 ? message : message.slice(0, cut)).replace(/"[^"]*"|'[^']*'|`[^`]*`/g, "…");
  return head.replace(/[\s,:;]+$/, "").slice(0, 200) || "invalid value";
}
