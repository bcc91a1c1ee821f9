// The Bun.serve servers of `npm run bench:http`, run by the real Bun binary (the `bun` npm
// package): the same routes as bench/http/servers.mjs (/seed, /read, /write).
//   bun bench/http/bun-servers.mjs <target>   prints `port=<n>` when ready

import { defineSessions } from "../../dist/index.js";
import { withSession } from "../../dist/adapters/bun.js";

const SECRET = "bench-secret-bench-secret-bench-secret!!";

/** The three routes, reading and writing `n` through `read`/`write`. */
async function route(request, read, write) {
  const path = new URL(request.url).pathname;
  if (path === "/seed") return new Response(String(await write(1)));
  if (path === "/write") return new Response(String(await write((await read()) + 1)));
  return new Response(String(await read()));
}

function sessionkit(storage) {
  const sessions = defineSessions({ secrets: [SECRET], storage });
  return withSession(sessions, (request, session) =>
    route(request, async () => (await session.get("n")) ?? 0, (n) => (session.set("n", n), n)),
  );
}

const targets = {
  "baseline (bun)": () => (request) => route(request, async () => 1, async (n) => n),
  "sessionkit memory (bun)": () => sessionkit("memory:"),
  "sessionkit cookie (bun)": () => sessionkit("cookie"),
};

const name = process.argv[2];
if (!targets[name]) {
  console.error(`unknown target ${name}; targets: ${Object.keys(targets).join(", ")}`);
  process.exit(2);
}
const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: targets[name]() });
console.log(`port=${server.port}`);
process.on("SIGTERM", () => {
  server.stop(true);
  process.exit(0);
});
