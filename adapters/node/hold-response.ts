// Holding a ServerResponse's first bytes until the session is committed onto its headers.
import type { ServerResponse } from "node:http";
import { HeaderOverlay } from "./header-overlay";

type Method = (this: ServerResponse, ...args: any[]) => any;

/** What {@link holdResponse} needs from the adapter. */
export interface HoldHooks {
  /**
   * Called once, when the first of `writeHead`, `write`, `end` or `flushHeaders` is about to
   * send the headers, with the status about to go out. It commits the session onto `headers`;
   * `undefined` means there is nothing to commit, and the response goes out at once.
   */
  commit(status: number, headers: HeaderOverlay): Promise<void> | undefined;
  /**
   * The commit rejected. The held calls are dropped and `res` is clean again (no headers, nothing
   * sent): answer with `held.respond(response)`, or hand the error on (Express's `next(error)`).
   */
  failed(error: unknown, held: HeldResponse): void;
}

/** The response as it was held when its commit failed. */
export interface HeldResponse {
  /** The status the app was sending. */
  status: number;
  /** Whether the app had ended its response (`res.end`, `res.send`, …) or was still streaming. */
  ended: boolean;
  /** Sends `response` instead; later writes of the app are dropped. */
  respond(response: Response): void;
}

/**
 * Stands in for `_header` while the response is held: Node and Express then see the headers as
 * sent (`res.headersSent` is true, `setHeader` throws ERR_HTTP_HEADERS_SENT, compression and
 * on-headers do not render them twice), exactly as after a synchronous `writeHead`. Nothing ever
 * writes it: every path that would (`writeHead`, `write`, `end`, `flushHeaders`) is held.
 */
const HELD_HEADER = "HTTP/1.1 000 held by sessionkit\r\n\r\n";

/**
 * Wraps `res.writeHead`, `write`, `end` and `flushHeaders` so that the first of them starts the
 * commit, and it and every later call wait, in order, until the commit has put its headers on
 * `res`; then they run as called, so no byte is reordered. `write` while held returns `false`
 * past the high-water mark and `drain` follows, as Node's own buffering does.
 */
export function holdResponse(res: ServerResponse, hooks: HoldHooks): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders } as Record<
    "writeHead" | "write" | "end" | "flushHeaders",
    Method
  >;
  let phase: "open" | "held" | "released" | "discarding" = "open";
  let queue: { fn: Method; args: unknown[] }[] = [];
  let status = 200;
  let queuedBytes = 0;
  let owesDrain = false;
  const internals = res as unknown as { _header: string | null };

  /** Starts the commit and holds `first`; `false` when there was nothing to commit. */
  function hold(code: number, first: { fn: Method; args: unknown[] }): boolean {
    const overlay = new HeaderOverlay(res);
    let pending: Promise<void> | undefined;
    try {
      pending = hooks.commit(code, overlay);
    } catch (error) {
      pending = Promise.reject(error);
    }
    if (!pending) {
      phase = "released";
      return false;
    }
    phase = "held";
    status = code;
    queue.push(first);
    internals._header = HELD_HEADER;
    pending.then(
      () => release(overlay),
      (error: unknown) => fail(error),
    );
    return true;
  }

  function release(overlay: HeaderOverlay): void {
    internals._header = null;
    try {
      overlay.applyTo(res);
    } catch (error) {
      return fail(error);
    }
    phase = "released";
    const calls = queue;
    queue = [];
    try {
      for (const call of calls) call.fn.apply(res, call.args);
    } catch (error) {
      // What Node would have thrown at the app's own call: the response cannot be completed.
      res.destroy(error as Error);
      return;
    }
    if (owesDrain && !res.writableNeedDrain) res.emit("drain");
  }

  function fail(error: unknown): void {
    const dropped = queue;
    queue = [];
    internals._header = null;
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    phase = "released";
    for (const call of dropped) {
      const callback = call.args.find((arg) => typeof arg === "function") as ((error?: Error) => void) | undefined;
      if (!callback) continue;
      if (call.fn === original.end) res.once("finish", callback);
      else queueMicrotask(() => callback(new Error("sessionkit: this write was dropped: the session could not be committed.")));
    }
    const held: HeldResponse = {
      status,
      ended: dropped.some((call) => call.fn === original.end),
      respond(response) {
        phase = "discarding";
        void response.arrayBuffer().then((body) => {
          if (res.headersSent || res.destroyed) return;
          const lines: string[] = [];
          for (const [name, value] of response.headers) if (name !== "set-cookie") lines.push(name, value);
          original.writeHead.call(res, response.status, lines);
          original.end.call(res, new Uint8Array(body));
        });
      },
    };
    try {
      hooks.failed(error, held);
    } catch (thrown) {
      res.destroy(thrown as Error); // nobody is left to answer: end the exchange rather than leave it hanging
    }
  }

  res.writeHead = function writeHead(this: ServerResponse, ...args: any[]) {
    if (phase === "released") return original.writeHead.apply(this, args);
    if (phase === "discarding") return this;
    if (phase === "held") throw headersSentError();
    const code = args[0];
    if (typeof code !== "number" || (code | 0) < 100 || (code | 0) > 999) return original.writeHead.apply(this, args);
    const reason = typeof args[1] === "string" ? args[1] : undefined;
    foldHeaders(this, reason === undefined ? args[1] : args[2]);
    this.statusCode = code | 0;
    if (reason !== undefined) this.statusMessage = reason;
    const replay = reason === undefined ? [code] : [code, reason];
    if (!hold(code | 0, { fn: original.writeHead, args: replay })) return original.writeHead.apply(this, replay);
    return this;
  } as ServerResponse["writeHead"];

  res.write = function write(this: ServerResponse, ...args: any[]) {
    if (phase === "released") return original.write.apply(this, args);
    if (phase === "discarding") return dropWrite(args);
    checkChunk(args[0]);
    if (phase === "open") {
      if (!hold(this.statusCode, { fn: original.write, args })) return original.write.apply(this, args);
    } else {
      queue.push({ fn: original.write, args });
    }
    queuedBytes += chunkSize(args[0]);
    if (queuedBytes < this.writableHighWaterMark) return true;
    owesDrain = true;
    return false;
  } as ServerResponse["write"];

  res.end = function end(this: ServerResponse, ...args: any[]) {
    if (phase === "released") return original.end.apply(this, args);
    if (phase === "discarding") {
      const callback = args.find((arg) => typeof arg === "function");
      if (callback) res.once("finish", callback);
      return this;
    }
    if (typeof args[0] !== "function" && args[0] != null) checkChunk(args[0]);
    if (phase === "open") {
      if (!hold(this.statusCode, { fn: original.end, args })) return original.end.apply(this, args);
    } else {
      queue.push({ fn: original.end, args });
    }
    return this;
  } as ServerResponse["end"];

  res.flushHeaders = function flushHeaders(this: ServerResponse) {
    if (phase === "released") return original.flushHeaders.call(this);
    if (phase === "discarding") return;
    if (phase === "open") {
      if (!hold(this.statusCode, { fn: original.flushHeaders, args: [] })) return original.flushHeaders.call(this);
    } else {
      queue.push({ fn: original.flushHeaders, args: [] });
    }
  };
}

/**
 * Puts the headers given to `writeHead(status, headers)` on `res` first, with Node's own
 * precedence (they override `setHeader`'s; a raw `[name, value, …]` array keeps duplicates),
 * so that the commit sees them and appends to them.
 */
function foldHeaders(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    if (headers.length % 2 !== 0) return; // Node rejects it when the call is replayed
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]));
    for (let i = 0; i < headers.length; i += 2) if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1]);
  } else if (headers && typeof headers === "object") {
    for (const [name, value] of Object.entries(headers)) if (name) res.setHeader(name, value as string);
  }
}

/** Node's check of a chunk, made at the app's own call rather than at the later replay. */
function checkChunk(chunk: unknown): void {
  if (chunk === undefined || typeof chunk === "string" || chunk instanceof Uint8Array) return;
  const error = new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array.') as TypeError & { code: string };
  error.code = "ERR_INVALID_ARG_TYPE";
  throw error;
}

function chunkSize(chunk: unknown): number {
  return typeof chunk === "string" ? chunk.length : chunk instanceof Uint8Array ? chunk.byteLength : 0;
}

function dropWrite(args: unknown[]): boolean {
  const callback = args.find((arg) => typeof arg === "function") as ((error?: Error) => void) | undefined;
  if (callback) queueMicrotask(() => callback(new Error("sessionkit: this write was dropped: the response was replaced.")));
  return false;
}

function headersSentError(): Error {
  const error = new Error("Cannot write headers after they are sent to the client") as Error & { code: string };
  error.code = "ERR_HTTP_HEADERS_SENT";
  return error;
}
