// The adapter route contract (test/suites/adapter-routes.ts) written for Node's (req, res):
// once for Express 4 and 5, once for plain node:http and Connect handlers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Express, NextFunction, Request, Response } from "express";
import type { Session, Sessions } from "../../src/index";
import { sessionMiddleware } from "../../adapters/node";
import { home, login, parseSeconds } from "../suites/adapter-routes";

/** Express 4 does not catch a rejected handler: hand the error to `next`, as Express 4 apps do. */
const route = (handler: (req: Request, res: Response) => unknown) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve()
    .then(() => handler(req, res))
    .catch(next);
};

/** The contract as an Express app (4 or 5: the same code), with `sessionMiddleware`. */
export function expressContractApp(express: () => Express, sessions: Sessions<any>): Express {
  const app = express();
  app.use(sessionMiddleware(sessions));
  const key = (req: Request) => String(req.query.key);
  const ok = (res: Response) => res.json({ ok: true });
  app.get("/get", route(async (req, res) => res.json({ value: (await req.session.get(key(req))) ?? null })));
  app.post("/set", route((req, res) => (req.session.set(key(req), JSON.parse(String(req.query.value))), ok(res))));
  app.post("/unset", route((req, res) => (req.session.unset(key(req)), ok(res))));
  app.post("/cycle", route((req, res) => (req.session.cycleId(), ok(res))));
  app.post("/destroy", route((req, res) => (req.session.destroy(), ok(res))));
  app.post("/expiry", route((req, res) => (req.session.setExpiry(parseSeconds(String(req.query.seconds))), ok(res))));
  app.post("/login", route((req, res) => (login(req.session, String(req.query.name)), res.redirect("/"))));
  app.get("/", route(async (req, res) => res.json(await home(req.session))));
  app.post("/own-cookie", route((req, res) => (req.session.set("x", 1), res.cookie("own", "1", { path: "/" }), ok(res))));
  return app;
}

/** The contract as a plain `(req, res, session)` handler: node:http's `withSession`, and Connect. */
export async function nodeContractRoute(req: IncomingMessage, res: ServerResponse, session: Session<any>): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const param = (name: string) => url.searchParams.get(name) ?? "";
  const json = (value: unknown, status = 200) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const ok = () => json({ ok: true });
  switch (`${req.method} ${url.pathname}`) {
    case "GET /get":
      return json({ value: (await session.get(param("key"))) ?? null });
    case "POST /set":
      session.set(param("key"), JSON.parse(param("value")));
      return ok();
    case "POST /unset":
      return session.unset(param("key")), ok();
    case "POST /cycle":
      return session.cycleId(), ok();
    case "POST /destroy":
      return session.destroy(), ok();
    case "POST /expiry":
      return session.setExpiry(parseSeconds(param("seconds"))), ok();
    case "POST /login":
      login(session, param("name"));
      res.statusCode = 302;
      res.setHeader("location", "/");
      return void res.end();
    case "GET /":
      return json(await home(session));
    case "POST /own-cookie":
      session.set("x", 1);
      res.setHeader("set-cookie", "own=1; Path=/");
      return ok();
    default:
      res.statusCode = 404;
      res.end("Not Found");
  }
}

export { listen } from "./listen";
