// The HTTP servers of `npm run bench:http`, one per target, all with the same routes:
//   GET /seed   starts a session holding { n: 1 } and returns its cookie
//   GET /read   reads n
//   GET /write  increments n
// Run as a child process: `node bench/http/servers.mjs <target>` prints `port=<n>` when ready.

import { createServer } from "node:http";
import { serve } from "@hono/node-server";
import { createMemorySessionStorage, createCookie } from "@remix-run/node";
import expressSession from "express-session";
import { Hono } from "hono";
import { MemoryStore, sessionMiddleware } from "hono-sessions";
import { defineSessions } from "../../dist/index.js";
import { session } from "../../dist/adapters/hono.js";
import { sessionMiddleware as sessionkitMiddleware } from "../../dist/adapters/node.js";
import { randomId, sign, verifiedId } from "../floor.mjs";

const SECRET = "bench-secret-bench-secret-bench-secret!!";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A Hono app with the three routes, reading and writing through `get`/`set` helpers. */
function honoApp(use, read, write) {
  const app = new Hono();
  if (use) app.use(use);
  app.get("/seed", async (c) => c.text(String(await write(c, 1))));
  app.get("/read", async (c) => c.text(String(await read(c))));
  app.get("/write", async (c) => c.text(String(await write(c, (await read(c)) + 1))));
  return app;
}

function sessionkit(storage) {
  const sessions = defineSessions({ secrets: [SECRET], storage });
  return honoApp(
    session(sessions),
    async (c) => (await c.get("session").get("n")) ?? 0,
    (c, n) => (c.get("session").set("n", n), n),
  );
}

function remix() {
  const storage = createMemorySessionStorage({ cookie: createCookie("__session", { secrets: [SECRET], httpOnly: true, sameSite: "lax", path: "/" }) });
  const read = async (c) => (await storage.getSession(c.req.header("cookie"))).get("n") ?? 0;
  return honoApp(undefined, read, async (c, n) => {
    const s = await storage.getSession(c.req.header("cookie"));
    s.set("n", n);
    c.header("set-cookie", await storage.commitSession(s));
    return n;
  });
}

function honoSessions() {
  const middleware = sessionMiddleware({ store: new MemoryStore(), encryptionKey: SECRET, expireAfterSeconds: 604800, cookieOptions: { path: "/", httpOnly: true, sameSite: "Lax" } });
  return honoApp(middleware, async (c) => c.get("session").get("n") ?? 0, (c, n) => (c.get("session").set("n", n), n));
}

/**
 * The floor on Hono: the least a session read or write can do, as bench/floor.mjs defines it for
 * `npm run bench` (one native HMAC verify of the cookie, Map.get, JSON.parse; a write adds
 * JSON.stringify + Map.set; both set Vary and Cache-Control; a new session adds its Set-Cookie),
 * with the same two shortcuts sessionkit's adapter takes on node-server: the Cookie header read
 * from node's parsed headers, the response headers written into node-server's plain record.
 * No expiry, locks, hashed ids or verify cache: sessionkit's reads undercut it only because
 * they skip the HMAC for a token already verified.
 */
function floor() {
  const records = new Map();
  let partsKey;
  const middleware = async (c, next) => {
    const id = verifiedId(c.env.incoming.headers.cookie ?? "");
    const json = id === undefined ? undefined : records.get(id);
    const state = json === undefined ? { record: { n: 0 }, id: undefined, dirty: false } : { record: JSON.parse(json), id, dirty: false };
    c.set("floor", state);
    await next();
    const headers = {};
    if (state.dirty) {
      if (!state.id) {
        state.id = randomId();
        headers["set-cookie"] = `sid=${state.id}.${sign(state.id)}; Path=/; HttpOnly; SameSite=Lax`;
      }
      records.set(state.id, JSON.stringify(state.record));
    }
    headers.vary = "Cookie";
    headers["cache-control"] = "private, must-revalidate";
    partsKey ??= Object.getOwnPropertySymbols(c.res).find((key) => key.description === "cache");
    const parts = c.res[partsKey];
    if (!parts) throw new Error("floor (hono): not a node-server lightweight response");
    parts[2] = Object.assign(parts[2] ?? { "content-type": "text/plain; charset=UTF-8" }, headers);
  };
  return honoApp(
    middleware,
    async (c) => c.get("floor").record.n,
    (c, n) => {
      const state = c.get("floor");
      state.record.n = n;
      state.dirty = true;
      return n;
    },
  );
}

/** express-session runs on node:http, so it gets a node:http baseline of its own. */
function nodeHttp(withSession) {
  const middleware = withSession ? expressSession({ secret: SECRET, resave: false, saveUninitialized: false }) : (req, res, next) => next();
  if (withSession === "sessionkit") return nodeHttpSessionkit();
  return createServer((req, res) => {
    if (!withSession) req.session = {}; // express-session skips requests that already have one
    middleware(req, res, () => {
      const read = () => req.session.n ?? 0;
      const path = req.url.split("?")[0];
      const value = path === "/seed" ? (req.session.n = 1) : path === "/write" ? (req.session.n = read() + 1) : read();
      res.end(String(value));
    });
  });
}

/** sessionkit's sessionMiddleware (sessionkit/node) on the same node:http server, memory storage. */
function nodeHttpSessionkit() {
  const middleware = sessionkitMiddleware(defineSessions({ secrets: [SECRET], storage: "memory:" }));
  return createServer((req, res) => {
    middleware(req, res, async () => {
      const read = async () => (await req.session.get("n")) ?? 0;
      const path = req.url.split("?")[0];
      const value = path === "/seed" ? 1 : path === "/write" ? (await read()) + 1 : await read();
      if (path !== "/read") req.session.set("n", value);
      res.end(String(value));
    });
  });
}

const targets = {
  "baseline (hono)": () => honoApp(undefined, async () => 1, async (_c, n) => n),
  // What one pass-through middleware alone costs on Hono (the session adapter is one).
  "no-op middleware (hono)": () => honoApp(async (_c, next) => void (await next()), async () => 1, async (_c, n) => n),
  "floor (hono)": floor,
  "sessionkit memory (hono)": () => sessionkit("memory:"),
  "sessionkit cookie (hono)": () => sessionkit("cookie"),
  "sessionkit redis (hono)": () => sessionkit({ driver: "redis", url: REDIS_URL, base: "sessionkit-http-bench" }),
  "remix memory (hono)": remix,
  "hono-sessions memory": honoSessions,
  "baseline (node:http)": () => nodeHttp(false),
  "express-session memory (node:http)": () => nodeHttp(true),
  "sessionkit memory (node:http)": () => nodeHttp("sessionkit"),
};

const name = process.argv[2];
if (!targets[name]) {
  console.error(`unknown target ${name}; targets: ${Object.keys(targets).join(", ")}`);
  process.exit(2);
}
const app = targets[name]();
if (app instanceof Hono) {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => console.log(`port=${info.port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  app.listen(0, "127.0.0.1", () => console.log(`port=${app.address().port}`));
  process.on("SIGTERM", () => app.close(() => process.exit(0)));
}
export { targets };
