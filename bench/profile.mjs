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
import { pathToFileURL } from "node:url";
import { SECRET, buildScenarios, webRequest } from "./scenarios.mjs";

const [store = "memory", scenario = "reject", seconds = "3", who = "sessionkit"] = process.argv.slice(2);
const dist = process.env.SESSIONKIT_DIST ? pathToFileURL(process.env.SESSIONKIT_DIST).href : new URL("../dist/index.js", import.meta.url).href;
const scenarios = who === "remix" ? await remixPeer(store) : await sessionkitScenarios(store);

/** The Remix peer of `npm run bench` on `store`, for the same profile of the peer. */
async function remixPeer(name) {
  const { default: peers } = await import("./peers/remix.mjs");
  return peers.find((peer) => peer.store === name).setup();
}

async function sessionkitScenarios(name) {
  const { defineSessions } = await import(dist);
  const sessions = defineSessions({ secrets: [SECRET], storage: name === "cookie" ? "cookie" : "memory:" });
  const handlers = {
    seed: (s) => (s.set("n", 1), s.set("user", "alice"), "1"),
    new: (s) => (s.set("n", 1), "1"),
    read: async (s) => String((await s.get("n")) ?? ""),
    write: async (s) => {
      const n = (await s.get("n")) + 1;
      s.set("n", n);
      return String(n);
    },
  };
  return buildScenarios({
    async send(op, cookie) {
      const { session, commit } = sessions.createSessionHandler(webRequest(op, cookie));
      return commit(new Response(await handlers[op](session)));
    },
  });
}
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

// Self time per node, then grouped by function and by module.
const total = profile.samples.length;
const selfCount = new Map();
for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
const byFunction = new Map();
const byModule = new Map();
for (const node of profile.nodes) {
  const n = selfCount.get(node.id) ?? 0;
  if (!n) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const module = moduleOf(url, functionName);
  const fn = `${functionName || "(anonymous)"} ${module}${url ? `:${lineNumber + 1}` : ""}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
  byModule.set(module, (byModule.get(module) ?? 0) + n);
}
// Inclusive time of sessionkit's own functions (self time plus everything they call).
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
const inclusive = new Map();
for (const [id, n] of selfCount) {
  const seen = new Set();
  for (let node = nodeById.get(id); node; node = parentOf.get(node.id)) {
    const { functionName, url } = node.callFrame;
    if (!url.includes("/dist/") || !functionName) continue;
    if (seen.has(functionName)) continue; // recursion or a name met twice counts once per sample
    seen.add(functionName);
    inclusive.set(functionName, (inclusive.get(functionName) ?? 0) + n);
  }
}
const perOpUs = (Number(seconds) * 1e6) / count;
const top = (map, limit) => [...map].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([name, n]) => ({ name, "%": Number(((n / total) * 100).toFixed(1)), "µs/op": Number(((n / total) * perOpUs).toFixed(2)) }));
console.log(`${who} ${store} ${scenario}: ${count} requests in ${seconds} s, ${perOpUs.toFixed(1)} µs per request (whole request, profiler on)`);
console.table(top(byModule, 12));
console.table(top(byFunction, 20));
console.log("sessionkit functions, inclusive (self + callees):");
console.table(top(inclusive, 16));

/** A short module name for a script URL. */
function moduleOf(url, functionName) {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) return url.slice(nm + 13).split("/").slice(0, url.slice(nm + 13).startsWith("@") ? 2 : 1).join("/");
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  if (url.includes("/dist/")) return `sessionkit/${url.slice(url.lastIndexOf("/dist/") + 6)}`;
  return url.slice(url.lastIndexOf("/") + 1);
}
