// sessionMiddleware: Express 4 and 5, Connect.
import type { IncomingMessage, ServerResponse } from "node:http";
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../../src/index";
import { attachSession, exposeSession, internalError } from "./attach";

/** Marks a request whose session a `sessionMiddleware` of that `sessions` already attached. */
const ATTACHED = Symbol("sessionkit.attached");

/** A Connect / Express middleware: `(req, res, next)`. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Express 4 / 5 and Connect middleware: `app.use(sessionMiddleware(sessions))`, then
 * `req.session` is the request's `Session` (type it with declaration merging, see docs/express.md).
 *
 * The session is created on first use of `req.session` and committed before the response's
 * headers go out, whatever sends them (`res.send`, `json`, `redirect`, `end`, streaming `write`,
 * `writeHead`): those calls wait, in order, for the commit; `res.headersSent` is true from the
 * first of them, as usual. `Set-Cookie` lines are appended to the app's own.
 *
 * When the commit fails after the app answered, its response is dropped: a storage failure
 * becomes a 503 with no cookie — handed to the app's error handler through `next(error)` when
 * Express has one (`(err, req, res, next)`), sent directly otherwise (Connect, or a response that
 * was still streaming). A storage failure inside a handler that reaches the framework's 500 is
 * answered with the 503 too.
 *
 * @example
 * const app = express();
 * app.use(sessionMiddleware(sessions));
 * app.post("/count", async (req, res) => {
 *   req.session.set("count", ((await req.session.get("count")) ?? 0) + 1);
 *   res.redirect("/");
 * });
 */
export function sessionMiddleware<D extends SessionData>(sessions: Sessions<D>): NodeMiddleware {
  return function sessionkitMiddleware(req, res, next) {
    // Mounted twice on one path (app.use at two levels): the first one holds the session.
    const marked = req as IncomingMessage & { [ATTACHED]?: Sessions<any> };
    if (marked[ATTACHED] === sessions) return next();
    marked[ATTACHED] = sessions;
    const session = attachSession(sessions, req, res, (error, held) => {
      const unavailable = storageUnavailable(error);
      // After a finished response the framework can render the error; a 5xx already was its rendering.
      if (held.ended && held.status < 500 && (!unavailable || hasErrorHandler(req))) {
        res.statusCode = unavailable ? 503 : 500;
        return next(error);
      }
      held.respond(unavailable ?? internalError());
    });
    exposeSession(req, session);
    next();
  };
}

/** The request as `sessionMiddleware` leaves it. */
export type SessionRequest<D extends SessionData = Record<string, any>> = IncomingMessage & { readonly session: Session<D> };

/** Layers of an Express router: each holds its handler, and nested routers hold their own stack. */
interface Layer {
  handle?: ((...args: unknown[]) => unknown) & { stack?: Layer[] };
}

/** Whether the Express app serving `req` has an error-handling middleware (four parameters). */
function hasErrorHandler(req: IncomingMessage): boolean {
  const app = (req as { app?: { _router?: { stack?: Layer[] }; router?: { stack?: Layer[] } } }).app;
  if (!app) return false;
  // Express 4 keeps its router in `_router` (its `app.router` getter throws); Express 5 in `router`.
  const stack = app._router ? app._router.stack : app.router?.stack;
  return containsErrorHandler(stack, 0);
}

function containsErrorHandler(stack: Layer[] | undefined, depth: number): boolean {
  if (!Array.isArray(stack) || depth > 4) return false;
  return stack.some((layer) => layer.handle?.length === 4 || containsErrorHandler(layer.handle?.stack, depth + 1));
}
