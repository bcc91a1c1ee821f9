// `npm run bench` — in-process session benchmarks: sessionkit against its peers.
//
//   node bench/run.mjs                 every peer
//   node bench/run.mjs remix iron      only peers whose name or store contains one of the words
//
// Every peer is set up and asserted first (the read saw the value, the write incremented it, the
// tampered cookie was refused, the new session set a working cookie); only then is anything
// timed. Env: BENCH_TIME (ms per task per round, default 200), BENCH_WARMUP (ms, default 100),
// BENCH_ROUNDS (default 3), REDIS_URL.

import { deriveRatios, measure, printTables, writeResults } from "./harness.mjs";
import floor from "./floor.mjs";
import expressSession from "./peers/express-session.mjs";
import h3 from "./peers/h3.mjs";
import honoSessions from "./peers/hono-sessions.mjs";
import ironSession from "./peers/iron-session.mjs";
import reactRouter from "./peers/react-router.mjs";
import remix from "./peers/remix.mjs";
import sessionkit from "./peers/sessionkit.mjs";

/** @type {import("./scenarios.mjs").Peer[]} */
const PEERS = [...sessionkit, floor, ...remix, ...reactRouter, ...expressSession, ...ironSession, ...h3, ...honoSessions];

const options = {
  time: Number(process.env.BENCH_TIME ?? 200),
  warmupTime: Number(process.env.BENCH_WARMUP ?? 100),
  rounds: Number(process.env.BENCH_ROUNDS ?? 3),
};
const filters = process.argv.slice(2).map((f) => f.toLowerCase());
const label = (peer) => `${peer.name} (${peer.store})`;
const selected = PEERS.filter((peer) => filters.length === 0 || filters.some((f) => label(peer).toLowerCase().includes(f)));
if (selected.length === 0) {
  console.error(`no peer matches ${filters.join(", ")}; peers: ${PEERS.map(label).join(", ")}`);
  process.exit(2);
}

console.log(`node ${process.version}: ${options.rounds} rounds × ${options.time} ms per scenario, after ${options.warmupTime} ms warmup\n`);

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
    console.log(`ok     ${label(peer)} — ${peer.driven}`);
    ready.push({ peer, scenarios });
  } catch (error) {
    failed = true;
    console.error(`FAIL   ${label(peer)}: ${error instanceof Error ? error.stack : error}`);
    await scenarios?.teardown?.();
  }
}

/** @type {import("./harness.mjs").Row[]} */
const rows = [];
while (ready.length > 0) {
  // Taken off the list so that, once timed, a peer's stores can be collected: no peer's heap
  // should slow down the garbage collections of the ones after it.
  const { peer, scenarios } = /** @type {(typeof ready)[number]} */ (ready.shift());
  process.stdout.write(`\ntiming ${label(peer)} …`);
  const started = performance.now();
  rows.push({ name: peer.name, store: peer.store, driven: peer.driven, scenarios: await measure(scenarios, options) });
  process.stdout.write(` ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await scenarios.teardown?.();
}
console.log();

printTables(deriveRatios(rows));
const out = new URL("./results.json", import.meta.url);
await writeResults(out, rows, { ...options, filters });
console.log(`\nwrote ${out.pathname}`);
if (failed) {
  console.error("\nsome peers failed their asserts and were not timed");
  process.exitCode = 1;
}
