// hono-sessions 0.8: its MemoryStore behind an iron-sealed session id (`encryptionKey` — without
// it the cookie is the raw id, unauthenticated). The middleware unseals the id on every request
// and re-seals + re-sets the cookie on every request, reads included; an invalid cookie starts
// (and stores) a new session.
// Driven through real Hono apps with `app.fetch(Request)`, in-process. Its baseline is a Hono
// app with the same route and no session middleware.

import { Hono } from "hono";
import { MemoryStore, sessionMiddleware } from "hono-sessions";
import { SECRET, buildScenarios, webRequest } from "../scenarios.mjs";

/** The README's recommended options; expiry mirrors sessionkit's default idle timeout (7 days). */
const OPTIONS = {
  encryptionKey: SECRET,
  expireAfterSeconds: 7 * 24 * 3600,
  cookieOptions: { sameSite: "Lax", path: "/", httpOnly: true },
};

/** The app with sessions: one route per op. */
function createApp() {
  return new Hono()
    .use(sessionMiddleware({ store: new MemoryStore(), ...OPTIONS }))
    .get("/seed", (c) => {
      c.get("session").set("n", 1);
      c.get("session").set("user", "alice");
      return c.text("1");
    })
    .get("/new", (c) => {
      c.get("session").set("n", 1);
      return c.text("1");
    })
    .get("/read", (c) => c.text(String(c.get("session").get("n") ?? "")))
    .get("/write", (c) => {
      const n = c.get("session").get("n") + 1;
      c.get("session").set("n", n);
      return c.text(String(n));
    });
}

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "hono-sessions",
    store: "memory",
    driven: "Hono app + sessionMiddleware, app.fetch(Request) → Response",
    setup() {
      const app = createApp();
      const plain = new Hono().get("/baseline", (c) => c.text("1"));
      return buildScenarios({
        send: (op, cookie) => (op === "baseline" ? plain : app).fetch(webRequest(op, cookie)),
        ownBaseline: true,
      });
    },
  },
];
