/** Base class of every error sessionkit throws. */
export class SessionError extends Error {
  override name = "SessionError";
}

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

/** The session data did not fit the schema at commit; nothing was written. */
export class SessionValidationError extends SessionError {
  override name = "SessionValidationError";
  /** The schema's issues, as the Standard Schema reports them. */
  readonly issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>;
  constructor(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>) {
    super(`sessionkit: session data does not match the schema: ${summarizeIssues(issues)}`);
    this.issues = issues;
  }
}

/** A cookie would exceed the browsers' 4096-byte limit. */
export class SessionCookieTooLargeError extends SessionError {
  override name = "SessionCookieTooLargeError";
  /** The cookie's size in bytes, attributes included. */
  readonly size: number;
  /** The limit in bytes. */
  readonly limit: number;
  constructor(size: number, limit: number) {
    super(
      `sessionkit: the session cookie would be ${size} bytes, over the ${limit}-byte browser limit. ` +
        `Keep less data in "cookie" storage, turn on \`chunk: true\`, or use server-side storage.`,
    );
    this.size = size;
    this.limit = limit;
  }
}

/** One line summarising Standard Schema issues: `path: message; …`. */
export function summarizeIssues(issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<unknown> }>): string {
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => String(typeof segment === "object" && segment !== null && "key" in segment ? segment.key : segment))
        .join(".");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}
