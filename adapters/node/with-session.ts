// withSession: plain node:http handlers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../../src/index";
import { attachSession, internalError } from "./attach";

/**
 * Wraps a `node:http` request handler: `http.createServer(withSession(sessions, (req, res, session) => …))`.
 * The session is committed before the response's headers go out, whatever sends them, as with
 * {@link sessionMiddleware}. A storage failure — a read the handler does not catch, or the
 * commit — answers 503 with no cookie; a commit that fails otherwise answers 500. Any other
 * error the handler throws is rethrown (the returned promise rejects), as without sessionkit.
 *
 * @example
 * createServer(withSession(sessions, async (req, res, session) => {
 *   const count = ((await session.get("count")) ?? 0) + 1;
 *   session.set("count", count);
 *   res.end(`count: ${count}`);
 * })).listen(3000);
 */
export function withSession<D extends SessionData>(
  sessions: Sessions<D>,
  handler: (req: IncomingMessage, res: ServerResponse, session: Session<D>) => unknown,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async function sessionHandler(req, res) {
    const session = attachSession(sessions, req, res, (error, held) => held.respond(storageUnavailable(error) ?? internalError()));
    try {
      await handler(req, res, session());
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (!unavailable) throw error;
      if (!res.headersSent) return sendResponse(res, unavailable);
      if (!res.writableEnded) res.destroy();
    }
  };
}

/** Writes a web `Response` with a small body onto `res`. */
async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  if (res.headersSent) return;
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  const lines: string[] = [];
  for (const [name, value] of response.headers) lines.push(name, value);
  res.writeHead(response.status, lines);
  res.end(body);
}
