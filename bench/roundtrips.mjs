// Redis round trips per request, counted by Redis itself (MONITOR: every command a client sent,
// scripts' inner commands marked apart), for each kind of request: untouched session, read, new,
// write, refresh, reject. Part of `npm run bench`.
//
//   node bench/roundtrips.mjs     (REDIS_URL, default redis://127.0.0.1:6379)

import Redis from "ioredis";
import { defineSessions } from "../dist/index.js";
import { startRedisMonitor } from "../test/helpers/redis-monitor.mjs";

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

// MONITOR reports each command a client sent, and each command a script ran inside Redis
// (source "lua"): only the former are round trips.
const monitor = await startRedisMonitor(url);
// Only this script's keys: other clients of the same Redis are not ours to count.
const ours = () =>
  monitor.commands
    .filter(({ args }) => args.some((arg) => arg.startsWith("sessionkit-roundtrips:")))
    .map(({ name, source }) => ({ command: name, inScript: source === "lua" }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function measure(name, run) {
  await settle();
  const before = ours().length;
  await run();
  await settle();
  const seen = ours().slice(before);
  const sent = seen.filter((entry) => !entry.inScript);
  const inner = seen.filter((entry) => entry.inScript);
  const list = (entries) => [...new Set(entries.map((e) => e.command))].map((c) => `${c}×${entries.filter((e) => e.command === c).length}`).join(" ");
  return { scenario: name, roundTrips: sent.length, commands: (list(sent) || "—") + (inner.length ? ` (inside scripts: ${list(inner)})` : "") };
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

console.log("\nRedis round trips per request (counted with MONITOR)");
console.table(rows);
await sessions.close();
monitor.stop();
const keys = await admin.keys("sessionkit-roundtrips:*");
if (keys.length) await admin.del(...keys);
admin.disconnect();
export default rows;
