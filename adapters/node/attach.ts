// One request's session on a Node response: created on first use, committed before the headers go out.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Session, SessionData, SessionHandler, Sessions } from "../../src/index";
import type { HeaderOverlay } from "./header-overlay";
import { holdResponse, type HeldResponse } from "./hold-response";
import { requestOf } from "./request";

/**
 * Returns the request's session getter. The first call creates the session (no I/O) and holds
 * the response so that its commit lands on the headers, whatever sends them; a request that never
 * asks for its session is not held at all. `onFailure` answers a commit that rejected.
 */
export function attachSession<D extends SessionData>(
  sessions: Sessions<D>,
  req: IncomingMessage,
  res: ServerResponse,
  onFailure: (error: unknown, held: HeldResponse) => void,
): () => Session<D> {
  let handler: SessionHandler<D> | undefined;
  return function session() {
    if (handler) return handler.session;
    const created = sessions.createSessionHandler(requestOf(req));
    handler = created;
    // Asked for only after the headers went out (a logger, say): it still reads, but cannot commit.
    if (!res.headersSent) holdResponse(res, { commit: (status, headers) => commitOnto(created, status, headers), failed: onFailure });
    return created.session;
  };
}

/** Where a request keeps its session getter; `req.session` reads it. */
const SESSION = Symbol("sessionkit.session");

/**
 * `req.session`: one accessor shared by every request. A getter function of its own per request
 * gives each request object a hidden class of its own: ≈ 10 µs of GC a request on Node 20.
 */
const SESSION_PROPERTY: PropertyDescriptor = {
  get(this: { [SESSION]: () => Session<any> }) {
    return this[SESSION]();
  },
  configurable: true,
  enumerable: true,
};

/** Makes `target.session` the session `getter` returns (created on first read). */
export function exposeSession(target: object, getter: () => Session<any>): void {
  (target as { [SESSION]?: () => Session<any> })[SESSION] = getter;
  Object.defineProperty(target, "session", SESSION_PROPERTY);
}

/** Commits onto a `Response` view of the held response: its status, and its headers as an overlay. */
async function commitOnto(handler: SessionHandler<any>, status: number, headers: HeaderOverlay): Promise<void> {
  const view = { status, statusText: "", ok: status >= 200 && status < 300, headers, body: null, bodyUsed: false, redirected: false, type: "default", url: "" };
  const committed = await handler.commit(view as unknown as Response);
  // The core answers a copy when it cannot write a response's headers; the overlay never refuses, but stay correct.
  if (committed !== (view as unknown)) headers.copyFrom(committed.headers);
}

/** The plain-text 500 sent when a commit fails with anything but a storage failure and no framework can answer. */
export function internalError(): Response {
  return new Response("Internal Server Error\n", { status: 500, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}
