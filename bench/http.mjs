// `npm run bench:http` — the same session work over real HTTP on 127.0.0.1: each target runs in
// its own Node process (bench/http/servers.mjs) and autocannon loads it from this one.
//
//   node bench/http.mjs                 every target
//   node bench/http.mjs sessionkit      only targets whose name contains one of the words
// Env: HTTP_SECONDS (per scenario, default 5), HTTP_CONNECTIONS (default 10), REDIS_URL.

import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";

const SECONDS = Number(process.env.HTTP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.HTTP_CONNECTIONS ?? 10);
const TARGETS = [
  "baseline (hono)",
  "sessionkit memory (hono)",
  "sessionkit cookie (hono)",
  "sessionkit redis (hono)",
  "remix memory (hono)",
  "hono-sessions memory",
  "baseline (node:http)",
  "express-session memory (node:http)",
];
const filters = process.argv.slice(2).map((word) => word.toLowerCase());
const selected = TARGETS.filter((t) => t.startsWith("baseline") || filters.length === 0 || filters.some((f) => t.includes(f)));

/** Starts a target's server process and resolves with its base URL and a stop function. */
function start(target) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL("./http/servers.mjs", import.meta.url).pathname, target], { stdio: ["ignore", "pipe", "inherit"] });
    child.once("exit", (code) => reject(new Error(`${target} exited with ${code}`)));
    child.stdout.on("data", (data) => {
      const match = /port=(\d+)/.exec(String(data));
      if (match) resolve({ url: `http://127.0.0.1:${match[1]}`, stop: () => child.kill("SIGTERM") });
    });
  });
}

/** One session cookie per connection, each seeded with n = 1. */
async function seedCookies(url) {
  const cookies = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const response = await fetch(`${url}/seed`);
    const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    cookies.push(cookie);
  }
  return cookies;
}

async function load(url, path, cookies) {
  let next = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length] }),
  });
  return { reqPerSec: Math.round(result.requests.average), p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

const rows = [];
for (const target of selected) {
  const server = await start(target);
  try {
    const cookies = await seedCookies(server.url);
    await autocannon({ url: `${server.url}/read`, connections: CONNECTIONS, duration: 1 }); // warm up the JIT, discarded
    for (const scenario of ["read", "write"]) {
      const measured = await load(server.url, `/${scenario}`, cookies);
      rows.push({ target, scenario, ...measured });
      console.log(`${target.padEnd(36)} ${scenario.padEnd(6)} ${String(measured.reqPerSec).padStart(7)} req/s  p99 ${measured.p99Ms} ms  errors ${measured.errors}  non-2xx ${measured.non2xx}`);
    }
  } finally {
    server.stop();
  }
}

// Each target against the baseline on the same server stack.
const baselineOf = (target) => (target.includes("node:http") ? "baseline (node:http)" : "baseline (hono)");
for (const row of rows) {
  const base = rows.find((r) => r.target === baselineOf(row.target) && r.scenario === row.scenario);
  row.ofBaseline = base ? Number((row.reqPerSec / base.reqPerSec).toFixed(2)) : null;
}
console.log(`\nreq/s as a share of the no-session server (${CONNECTIONS} connections, ${SECONDS} s each)`);
console.table(rows.map(({ target, scenario, reqPerSec, ofBaseline, p99Ms }) => ({ target, scenario, reqPerSec, ofBaseline, p99Ms })));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/http.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, connections: CONNECTIONS, seconds: SECONDS, rows }, null, 2)}\n`);
