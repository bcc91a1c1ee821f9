// The app `npm run stress` loads: one counter per session, Hono + sessionkit/hono, storage from
// SESSION_STORAGE (e.g. redis://127.0.0.1:6379). Listens on 127.0.0.1, port 0, and prints
// `{"port":…}` on its first stdout line. Run by stress/load.mjs as a child process, so the load
// generator and the server do not share one event loop.
//
//   POST /inc  update("n", n => n + 1)      → {"n": the value this request committed}
//   GET  /n    get("n")                      → {"n": …}
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { defineSessions } from "sessionkit";
import { session } from "sessionkit/hono";

const sessions = defineSessions({
  secrets: [process.env.SESSION_SECRET ?? "stress-secret-stress-secret-stress-secret"],
  storage: process.env.SESSION_STORAGE ?? "memory:",
});

const app = new Hono();
app.onError((error, c) => {
  console.error(error);
  return c.text("Internal Server Error", 500);
});
app.use(session(sessions));
app.post("/inc", async (c) => {
  c.var.session.update("n", (n) => (n ?? 0) + 1);
  // One connection per session: nothing else writes it, so the value read here is the one committed.
  return c.json({ n: await c.var.session.get("n") });
});
app.get("/n", async (c) => c.json({ n: (await c.var.session.get("n")) ?? 0 }));

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});

const shutdown = () => {
  server.close(async () => {
    await sessions.close();
    process.exit(0);
  });
  server.closeAllConnections?.();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
