// Redis round trips per request, counted by Redis itself (INFO commandstats), for each kind of
// request: untouched session, read, new, write, refresh, reject. Part of `npm run bench`.
//
//   node bench/roundtrips.mjs     (REDIS_URL, default redis://127.0.0.1:6379)

import Redis from "ioredis";
import { defineSessions } from "../dist/index.js";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  await admin.connect();
} catch {
  console.log(`roundtrips: no Redis at ${url}; skipped`);
  process.exit(0);
}

const HOUR = 3600_000;
let clock = Date.now();
const sessions = defineSessions({
  secrets: ["bench-secret-bench-secret-bench-secret!!"],
  storage: { driver: "redis", url, base: "sessionkit-roundtrips" },
  touchInterval: 3600,
  now: () => clock,
});

/** Runs one request and returns the Set-Cookie value it produced (if any). */
async function request(cookie, handler) {
  const { session, commit } = sessions.createSessionHandler(new Request("http://x/", { headers: cookie ? { cookie } : {} }));
  await handler(session);
  const response = await commit(new Response("ok"));
  return response.headers.getSetCookie()[0]?.split(";")[0];
}

/** Commands Redis executed, by name, excluding this script's own INFO/CONFIG calls. */
async function commandCounts() {
  const info = await admin.info("commandstats");
  const counts = {};
  for (const line of info.split("\n")) {
    const match = /^cmdstat_([a-z|]+):calls=(\d+)/.exec(line.trim());
    if (match && !/^(info|config)/.test(match[1])) counts[match[1]] = Number(match[2]);
  }
  return counts;
}

async function measure(name, run) {
  await admin.config("RESETSTAT");
  await run();
  const counts = await commandCounts();
  // commandstats also counts the GET and SET that the compare-and-set script runs inside Redis:
  // those are not round trips, so each EVALSHA stands for one round trip and hides one GET + SET.
  const scripts = counts.evalsha ?? 0;
  const sent = Object.values(counts).reduce((sum, n) => sum + n, 0) - 2 * scripts;
  const commands = Object.entries(counts).map(([c, n]) => `${c}×${n}`).join(" ") || "—";
  return { scenario: name, roundTrips: sent, commands: scripts ? `${commands} (incl. ${scripts} GET+SET inside EVALSHA)` : commands };
}

// Warm the connection and the script cache, then seed a session.
const cookie = await request(undefined, (s) => s.set("n", 1));
await request(cookie, (s) => s.update("n", (n) => n + 1));
const tampered = cookie.slice(0, -3) + (cookie.endsWith("AAA") ? "BBB" : "AAA");

const rows = [
  await measure("untouched", () => request(cookie, () => {})),
  await measure("read", () => request(cookie, (s) => s.get("n"))),
  await measure("new", () => request(undefined, (s) => s.set("n", 1))),
  await measure("write", () => request(cookie, async (s) => s.set("n", (await s.get("n")) + 1))),
  await measure("update (no read)", () => request(cookie, (s) => s.update("n", (n) => n + 1))),
  await measure("refresh", () => ((clock += 2 * HOUR), request(cookie, (s) => s.get("n")))),
  await measure("reject", () => request(tampered, (s) => s.get("n"))),
];

console.log("\nRedis round trips per request (INFO commandstats)");
console.table(rows);
await sessions.close();
const keys = await admin.keys("sessionkit-roundtrips:*");
if (keys.length) await admin.del(...keys);
admin.disconnect();
export default rows;
