// `npm run bench` — in-process session benchmarks: sessionkit against its peers.
//
//   node bench/run.mjs                 every peer
//   node bench/run.mjs remix iron      only peers whose name or store contains one of the words
//
// Every peer is set up and asserted first (the read saw the value, the write incremented it, the
// tampered cookie was refused, the new session set a working cookie); only then is anything
// timed (SESSIONKIT_DIST=/path/to/dist/index.js times another build of sessionkit). sessionkit also runs a second time in a child process on its pure-JS crypto (rows
// "memory, pure JS" / "cookie, pure JS"). Then the cookie-parsing case: the read of sessionkit
// and Remix memory behind a normal Cookie header and behind 16 KB and 128 KB of empty segments.
// Env: BENCH_TIME (ms per task per round, default 200), BENCH_WARMUP (ms, default 100),
// BENCH_ROUNDS (default 5), REDIS_URL. Results: bench/results/run.json (not tracked).

import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveRatios, measure, measureTasks, printTables, writeResults } from "./harness.mjs";
import floors from "./floor.mjs";
import expressSession from "./peers/express-session.mjs";
import h3 from "./peers/h3.mjs";
import honoSessions from "./peers/hono-sessions.mjs";
import ironSession from "./peers/iron-session.mjs";
import reactRouter from "./peers/react-router.mjs";
import remix from "./peers/remix.mjs";
import sessionkit from "./peers/sessionkit.mjs";
import { webRequest } from "./scenarios.mjs";

/** @type {import("./scenarios.mjs").Peer[]} */
const PEERS = [...sessionkit, ...floors, ...remix, ...reactRouter, ...expressSession, ...ironSession, ...h3, ...honoSessions];
/** Set in the pure-JS child: where to write its rows. */
const CHILD_OUT = process.env.BENCH_PURE_JS_OUT;
/** The peers timed behind hostile Cookie headers. */
const COOKIE_PARSING = ["sessionkit (memory)", "remix (memory)"];
const COOKIE_PREFIXES = {
  normal: "_ga=GA1.2.1234567890.1700000000; theme=dark; ",
  "16 KB of ;": ";".repeat(16 * 1024),
  "128 KB of ;": ";".repeat(128 * 1024),
};

const options = {
  time: Number(process.env.BENCH_TIME ?? 200),
  warmupTime: Number(process.env.BENCH_WARMUP ?? 100),
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
};
const filters = process.argv.slice(2).map((f) => f.toLowerCase());
const label = (peer) => `${peer.name} (${peer.store})`;
const selected = PEERS.filter((peer) => filters.length === 0 || filters.some((f) => label(peer).toLowerCase().includes(f)));
if (selected.length === 0) {
  console.error(`no peer matches ${filters.join(", ")}; peers: ${PEERS.map(label).join(", ")}`);
  process.exit(2);
}

if (!CHILD_OUT) console.log(`node ${process.version}: ${options.rounds} shuffled rounds × ${options.time} ms per scenario, after ${options.warmupTime} ms warmup\n`);

let failed = false;
/** @type {{ peer: import("./scenarios.mjs").Peer, scenarios: import("./scenarios.mjs").Scenarios }[]} */
const ready = [];
for (const peer of selected) {
  /** @type {import("./scenarios.mjs").Scenarios | undefined} */
  let scenarios;
  try {
    const prepared = await peer.setup();
    if ("skip" in prepared) {
      console.log(`skip   ${label(peer)}: ${prepared.skip}`);
      continue;
    }
    scenarios = prepared;
    await scenarios.assert();
    if (!CHILD_OUT && COOKIE_PARSING.includes(label(peer))) {
      for (const prefix of Object.values(COOKIE_PREFIXES)) await scenarios.assertReadWith?.(prefix);
    }
    console.log(`ok     ${label(peer)} — ${peer.driven}`);
    ready.push({ peer, scenarios });
  } catch (error) {
    failed = true;
    console.error(`FAIL   ${label(peer)}: ${error instanceof Error ? error.stack : error}`);
    await scenarios?.teardown?.();
  }
}

/** The read behind each Cookie header, as session cost over building the same request alone. */
async function cookieParsing() {
  const parsers = ready.filter(({ peer }) => COOKIE_PARSING.includes(label(peer)));
  if (parsers.length === 0) return [];
  process.stdout.write("\ntiming cookie parsing …");
  const rows = [];
  for (const [header, prefix] of Object.entries(COOKIE_PREFIXES)) {
    /** @type {Record<string, () => Promise<unknown>>} */
    const tasks = {
      async baseline() {
        webRequest("read", `${prefix}sid=baseline`).headers.get("cookie");
        return new Response("1");
      },
    };
    for (const { peer, scenarios } of parsers) tasks[label(peer)] = () => /** @type {any} */ (scenarios.readWith)(prefix);
    const measured = await measureTasks(tasks, options);
    for (const { peer } of parsers) {
      const { costUs, costP50Us } = measured[label(peer)];
      rows.push({ header, bytes: prefix.length, peer: label(peer), costUs, costP50Us, baselineUs: measured.baseline.usPerOp });
    }
  }
  return rows;
}
const cookieRows = CHILD_OUT ? [] : await cookieParsing();

/** @type {import("./harness.mjs").Row[]} */
const rows = [];
while (ready.length > 0) {
  // Taken off the list so that, once timed, a peer's stores can be collected: no peer's heap
  // should slow down the garbage collections of the ones after it.
  const { peer, scenarios } = /** @type {(typeof ready)[number]} */ (ready.shift());
  process.stdout.write(`\ntiming ${label(peer)} …`);
  const started = performance.now();
  rows.push({ name: peer.name, store: CHILD_OUT ? `${peer.store}, pure JS` : peer.store, driven: peer.driven, scenarios: await measure(scenarios, options) });
  process.stdout.write(` ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await scenarios.teardown?.();
  if (!CHILD_OUT && peer.name === "sessionkit" && peer.store === "cookie") rows.push(...pureJsRows());
}
console.log();

/** sessionkit memory and cookie again, in a child process whose sessionkit runs on pure-JS crypto. */
function pureJsRows() {
  const out = join(tmpdir(), `sessionkit-bench-pure-js-${process.pid}.json`);
  process.stdout.write("\ntiming sessionkit on pure-JS crypto (child process) …");
  const child = spawnSync(process.execPath, ["--import", new URL("./pure-js.mjs", import.meta.url).href, new URL(import.meta.url).pathname, "sessionkit (memory)", "sessionkit (cookie)"], {
    env: { ...process.env, BENCH_PURE_JS_OUT: out },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    if (child.status !== 0) throw new Error(`exited with ${child.status}`);
    return JSON.parse(readFileSync(out, "utf8"));
  } catch (error) {
    failed = true;
    console.error(`FAIL   sessionkit pure JS: ${error instanceof Error ? error.message : error}`);
    return [];
  } finally {
    rmSync(out, { force: true });
  }
}

if (CHILD_OUT) {
  const { writeFileSync } = await import("node:fs");
  writeFileSync(CHILD_OUT, JSON.stringify(rows));
  process.exit(failed ? 1 : 0);
}

printTables(deriveRatios(rows));
if (cookieRows.length > 0) {
  console.log("\nCookie parsing: the read behind each Cookie header, µs of session cost over building that request alone");
  console.table(cookieRows.map(({ header, bytes, peer, costUs, costP50Us, baselineUs }) => ({ header, bytes, peer, "cost µs (means)": Number(costUs.toFixed(1)), "cost µs (medians)": Number(costP50Us.toFixed(1)), "request alone µs": Number(baselineUs.toFixed(1)) })));
}
const out = new URL("./results/run.json", import.meta.url);
await writeResults(out, rows, { ...options, filters }, { cookieParsing: cookieRows });
console.log(`\nwrote ${out.pathname}`);
if (failed) {
  console.error("\nsome peers failed their asserts and were not timed");
  process.exitCode = 1;
}
