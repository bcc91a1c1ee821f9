// Where the microseconds go: runs one sessionkit scenario in a loop under the V8 CPU profiler
// and prints the self time per function and per module, heaviest first, and the inclusive time
// of sessionkit's own functions.
//
//   node bench/profile.mjs <memory|cookie> <new|read|write|reject> [seconds] [sessionkit|remix]
//   SESSIONKIT_DIST=/path/to/dist/index.js node bench/profile.mjs …   (profile another build)
//
// The profile itself is written to bench/results/profiles/<store>-<scenario>.cpuprofile (open it
// in Chrome DevTools or speedscope). Same requests as `npm run bench` (bench/scenarios.mjs).

import { mkdirSync, writeFileSync } from "node:fs";
import inspector from "node:inspector/promises";
import { heaviest, summarize } from "./profile-summary.mjs";
import remixPeers from "./peers/remix.mjs";
import sessionkitPeers from "./peers/sessionkit.mjs";

const [store = "memory", scenario = "reject", seconds = "3", who = "sessionkit"] = process.argv.slice(2);
// The peer exactly as `npm run bench` drives it (sessionkit honours SESSIONKIT_DIST there).
const peer = (who === "remix" ? remixPeers : sessionkitPeers).find((p) => p.store === store);
if (!peer) throw new Error(`no ${who} peer on ${store}`);
const scenarios = await peer.setup();
if ("skip" in scenarios) throw new Error(scenarios.skip);
await scenarios.assert();
const run = scenarios[scenario];
if (!run) throw new Error(`no scenario ${scenario}`);
for (let i = 0; i < 20_000; i++) await run(); // warm up the JIT before profiling

const session = new inspector.Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });
await session.post("Profiler.start");
let count = 0;
const until = performance.now() + Number(seconds) * 1000;
while (performance.now() < until) {
  for (let i = 0; i < 100; i++) await run();
  count += 100;
}
const { profile } = await session.post("Profiler.stop");
const dir = new URL("./results/profiles/", import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL(`${who === "remix" ? "remix-" : ""}${store}-${scenario}.cpuprofile`, dir), JSON.stringify(profile));

const { total, byFunction, byModule, inclusive } = summarize(profile);
const perOpUs = (Number(seconds) * 1e6) / count;
console.log(`${who} ${store} ${scenario}: ${count} requests in ${seconds} s, ${perOpUs.toFixed(1)} µs per request (whole request, profiler on)`);
console.table(heaviest(byModule, total, 12, perOpUs));
console.table(heaviest(byFunction, total, 20, perOpUs));
console.log("sessionkit functions, inclusive (self + callees):");
console.table(heaviest(inclusive, total, 16, perOpUs));
