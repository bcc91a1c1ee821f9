// `npm run stress` — sessionkit under load, and the memory store under a million sessions.
//
//   (a) autocannon against a Hono app (stress/server.mjs, a child process) on a private
//       redis-server: STRESS_CONNECTIONS (50) connections for STRESS_SECONDS (30) s, one session
//       per connection, alternating `update` increments and reads, with a ledger per session.
//   (b) STRESS_SESSIONS (1,000,000) sessions in the memory store, expired and swept: the heap
//       comes back within 10 %; and 200,000 sessions into `memory:?max=50000` stay ≤ 50,000.
//
// Prints a summary table, writes stress/results.json, exits 1 if any check fails.
// Env: STRESS_SECONDS, STRESS_CONNECTIONS, STRESS_SESSIONS, STRESS_BATCH, REDIS_URL (else a
// redis-server child of our own). Run through npm: node --expose-gc is needed for (b).
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { runLoad, startServer } from "./load.mjs";
import { lruBound, sweepMillion } from "./memory.mjs";
import { startRedis } from "./redis.mjs";

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const options = {
  seconds: env("STRESS_SECONDS", 30),
  connections: env("STRESS_CONNECTIONS", 50),
  sessions: env("STRESS_SESSIONS", 1_000_000),
  batch: env("STRESS_BATCH", 1000),
};
const machine = {
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: cpus()[0]?.model ?? "?",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 1024 ** 3),
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: Math.round(loadavg()[0] * 100) / 100,
};
console.log(`node ${machine.node}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, load average ${machine.loadAverage}\n`);

console.log(`(a) autocannon: ${options.connections} connections × ${options.seconds} s on Redis …`);
const redis = await startRedis();
let load;
try {
  const server = await startServer(redis.url);
  try {
    load = await runLoad({ url: server.url, connections: options.connections, seconds: options.seconds });
  } finally {
    const code = await server.stop();
    load && (load.serverExit = code);
  }
} finally {
  await redis.stop();
}
load.redis = redis.version;
console.log(load);

console.log(`\n(b) memory store: ${options.sessions.toLocaleString("en")} sessions, expired and swept …`);
const sweep = await sweepMillion({ total: options.sessions, batch: options.batch });
console.log(sweep);
console.log("\n(b) memory store bound: 200,000 sessions into memory:?max=50000 …");
const lru = await lruBound({ max: 50_000, total: 200_000, batch: options.batch });
console.log(lru);

const checks = {
  "load: 0 errors": load.errors === 0 && load.timeouts === 0,
  "load: 0 non-2xx": load.non2xx === 0,
  "load: 0 lost increments": load.lostIncrements === 0,
  "load: every answer matched the ledger": load.ledgerMismatches === 0 && load.unexplainedFinals === 0,
  "sweep: every session swept": sweep.swept === options.sessions && sweep.readableBeforeExpiry && sweep.goneAfterSweep,
  "sweep: heap back within 10 %": sweep.withinTenPercent,
  "max: records ≤ max, oldest evicted, newest kept": lru.bounded,
};

const rows = [
  ["scenario", "req/s", "p99 ms", "errors", "non-2xx", "lost increments", "heap before / peak / after (MiB)"],
  [
    `HTTP, Redis: ${load.connections} conns × ${load.seconds} s, ${load.sessions} sessions`,
    String(Math.round(load.reqPerSec)),
    String(load.latencyP99Ms),
    String(load.errors + load.timeouts),
    String(load.non2xx),
    `${load.lostIncrements} of ${load.acknowledgedIncrements}`,
    "—",
  ],
  [
    `memory: ${sweep.sessions.toLocaleString("en")} sessions, expired, sweep()`,
    `${sweep.commitsPerSec} commits/s`,
    "—",
    "0",
    "—",
    "—",
    `${sweep.heapBeforeMiB} / ${sweep.heapPeakMiB} / ${sweep.heapAfterMiB}`,
  ],
  [
    `memory:?max=${lru.max}: ${lru.created.toLocaleString("en")} sessions → ${lru.recordsHeld.toLocaleString("en")} held`,
    "—",
    "—",
    "0",
    "—",
    "—",
    `${lru.heapBeforeMiB} / ${lru.heapAtTotalMiB} at ${lru.created / 1000}k (${lru.heapAtMaxMiB} at ${lru.max / 1000}k)`,
  ],
];
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
console.log(`\n${line(rows[0])}\n| ${widths.map((w) => "-".repeat(w)).join(" | ")} |\n${rows.slice(1).map(line).join("\n")}\n`);
for (const [name, ok] of Object.entries(checks)) console.log(`${ok ? "ok  " : "FAIL"} ${name}`);

const results = { date: new Date().toISOString(), machine, options, load, memorySweep: sweep, memoryBound: lru, checks };
await writeFile(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwrote stress/results.json");
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
