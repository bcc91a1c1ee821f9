// `npm run bench:http` — the same session work over real HTTP on 127.0.0.1: each target runs in
// its own process (bench/http/servers.mjs on Node, bench/http/bun-servers.mjs on the real Bun
// binary) and autocannon loads it from this one. Every target is run HTTP_RUNS times, in a
// shuffled order each time, and each figure is the median of its runs; a target's ratio is to
// the no-session baseline on the same server stack (Hono on node-server, node:http, Bun.serve).
//
//   node bench/http.mjs                 every target
//   node bench/http.mjs sessionkit      only targets whose name contains one of the words
// Env: HTTP_SECONDS (per scenario, default 5), HTTP_WARM_UP (seconds per scenario before it,
// default 2), HTTP_CONNECTIONS (default 10), HTTP_RUNS
// (default 3), HTTP_PIN=1 (server on CPU 0, autocannon on the rest; needs taskset), REDIS_URL. Results: bench/results/http.json (not tracked).

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { baselineOf, isBun } from "./http/baselines.mjs";
import { rotatingCookies, seedCookies } from "./http/cookies.mjs";
import { listeningUrl } from "./http/listening.mjs";
import { shuffled } from "./harness.mjs";

const SECONDS = Number(process.env.HTTP_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.HTTP_CONNECTIONS ?? 10);
const RUNS = Number(process.env.HTTP_RUNS ?? 3);
const WARM_UP = Number(process.env.HTTP_WARM_UP ?? 2);
const PIN = process.env.HTTP_PIN === "1";
if (PIN) spawnSync("taskset", ["-pc", `1-${Math.max(1, os.cpus().length - 1)}`, String(process.pid)], { stdio: "ignore" });
const BUN = fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
const TARGETS = [
  "baseline (hono)",
  "no-op middleware (hono)",
  "floor (hono)",
  "sessionkit memory (hono)",
  "sessionkit cookie (hono)",
  "sessionkit redis (hono)",
  "remix memory (hono)",
  "hono-sessions memory",
  "baseline (node:http)",
  "express-session memory (node:http)",
  "sessionkit memory (node:http)",
  "baseline (bun)",
  "sessionkit memory (bun)",
  "sessionkit cookie (bun)",
];
const bunWorks = existsSync(BUN) && spawnSync(BUN, ["--version"], { timeout: 15_000 }).status === 0;
if (!bunWorks) console.log(`skip   Bun targets: ${BUN} does not run (the "bun" devDependency installs it)`);
const filters = process.argv.slice(2).map((word) => word.toLowerCase());
const selected = TARGETS.filter((t) => (t.startsWith("baseline") || filters.length === 0 || filters.some((f) => t.includes(f))) && (bunWorks || !isBun(t)));

/** Starts a target's server process and resolves with its base URL and a stop function. */
async function start(target) {
  const [command, script] = isBun(target) ? [BUN, "./http/bun-servers.mjs"] : [process.execPath, "./http/servers.mjs"];
  const args = [fileURLToPath(new URL(script, import.meta.url)), target];
  // HTTP_PIN=1: the server on CPU 0, this process (autocannon) on the others, so the load
  // generator never takes the server's core (Linux, util-linux's taskset).
  const child = PIN ? spawn("taskset", ["-c", "0", command, ...args], { stdio: ["ignore", "pipe", "inherit"] }) : spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await listeningUrl(child, target);
  return { url, stop: () => child.kill("SIGTERM") };
}

async function load(url, path, cookies, seconds = SECONDS) {
  const result = await autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: seconds, setupClient: rotatingCookies(cookies) });
  return { reqPerSec: Math.round(result.requests.average), p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** @type {Record<string, { reqPerSec: number, p99Ms: number, errors: number, non2xx: number }[]>} */
const runs = {};
for (let run = 1; run <= RUNS; run++) {
  for (const target of shuffled(selected)) {
    const server = await start(target);
    try {
      const cookies = await seedCookies(server.url, CONNECTIONS);
      for (const scenario of ["read", "write"]) {
        // Warm up each route the JIT will see (discarded): a route measured cold pays for its
        // compilation in the measured seconds, and a session target has more code to compile.
        await load(server.url, `/${scenario}`, cookies, WARM_UP);
        const measured = await load(server.url, `/${scenario}`, cookies);
        (runs[`${target}\u0000${scenario}`] ??= []).push(measured);
        console.log(`run ${run}/${RUNS}  ${target.padEnd(36)} ${scenario.padEnd(6)} ${String(measured.reqPerSec).padStart(7)} req/s  p99 ${measured.p99Ms} ms  errors ${measured.errors}  non-2xx ${measured.non2xx}`);
      }
    } finally {
      server.stop();
    }
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const rows = selected.flatMap((target) =>
  ["read", "write"].map((scenario) => {
    const list = runs[`${target}\u0000${scenario}`] ?? [];
    return {
      target,
      scenario,
      reqPerSec: Math.round(median(list.map((m) => m.reqPerSec))),
      p99Ms: median(list.map((m) => m.p99Ms)),
      errors: list.reduce((sum, m) => sum + m.errors, 0),
      non2xx: list.reduce((sum, m) => sum + m.non2xx, 0),
      runs: list.map((m) => m.reqPerSec),
    };
  }),
);
// Each target against the baseline on the same server stack.
for (const row of rows) {
  const base = rows.find((r) => r.target === baselineOf(row.target) && r.scenario === row.scenario);
  row.ofBaseline = base ? Number((row.reqPerSec / base.reqPerSec).toFixed(2)) : null;
  // The same ratio taken within each run (target and baseline minutes apart, not a run apart),
  // then the median: the machine's drift between runs cancels out of it.
  row.ofBaselinePerRun = base ? Number(median(row.runs.map((value, run) => value / base.runs[run])).toFixed(2)) : null;
}
console.log(`\nreq/s (median of ${RUNS} runs) as a share of the no-session server on the same stack (${CONNECTIONS} connections, ${SECONDS} s each)`);
console.log("ofBaseline: median req/s over the baseline's median; perRun: the median of the ratios within each run");
console.table(rows.map(({ target, scenario, reqPerSec, ofBaseline, ofBaselinePerRun, p99Ms, runs: each }) => ({ target, scenario, reqPerSec, ofBaseline, perRun: ofBaselinePerRun, p99Ms, runs: each.join(" / ") })));
const failures = rows.filter((row) => row.errors > 0 || row.non2xx > 0);
if (failures.length > 0) {
  console.error(`\nerrors or non-2xx answers in: ${failures.map((row) => `${row.target} ${row.scenario}`).join(", ")}`);
  process.exitCode = 1;
}
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/http.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, connections: CONNECTIONS, seconds: SECONDS, runs: RUNS, rows }, null, 2)}\n`);
