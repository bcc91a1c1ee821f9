// One target of bench/node-cpu.mjs, run as a child process: a node:http server with the routes
//   GET /seed (a session holding n = 1), GET /read (reads n), GET /write (increments n).
// It answers its parent's "start" / "stop" messages with the CPU time it spent in between.
import { createServer } from "node:http";
import expressSession from "express-session";
import { defineSessions } from "../../dist/index.js";
import { sessionMiddleware } from "../../dist/adapters/node.js";

const SECRET = "bench-secret-bench-secret-bench-secret!!";
const target = process.argv[2];
const middlewares = {
  baseline: (req, _res, next) => ((req.session = {}), next()),
  "express-session": expressSession({ secret: SECRET, resave: false, saveUninitialized: false }),
  "sessionkit/node": sessionMiddleware(defineSessions({ secrets: [SECRET], storage: "memory:" })),
  "sessionkit/node untouched": sessionMiddleware(defineSessions({ secrets: [SECRET], storage: "memory:" })),
};
const middleware = middlewares[target];
const sessionkit = target === "sessionkit/node";

const server = createServer((req, res) =>
  middleware(req, res, async () => {
    if (target === "sessionkit/node untouched") return res.end("1");
    const path = req.url;
    if (!sessionkit) {
      const n = req.session.n ?? 0;
      if (path !== "/read") req.session.n = path === "/seed" ? 1 : n + 1;
      return res.end(String(req.session.n ?? n));
    }
    const n = path === "/seed" ? 0 : ((await req.session.get("n")) ?? 0);
    if (path !== "/read") req.session.set("n", n + 1);
    res.end(String(path === "/read" ? n : n + 1));
  }),
);

let since;
process.on("message", (message) => {
  if (message === "start") since = process.cpuUsage();
  if (message === "stop") {
    const used = process.cpuUsage(since);
    process.send({ cpuMicros: used.user + used.system });
    return;
  }
  process.send({ ok: true });
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
