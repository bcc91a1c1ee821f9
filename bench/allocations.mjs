// Bytes allocated per request, by function: the V8 sampling heap profiler over a loop of one
// scenario, counting objects that garbage collection already freed (what a request leaves
// for the GC to do, which `npm run bench`'s medians do not see).
//
//   node bench/allocations.mjs <memory|cookie> <new|read|write|reject> [remix]
import inspector from "node:inspector/promises";
import { pathToFileURL } from "node:url";
import remixPeers from "./peers/remix.mjs";
import sessionkitPeers from "./peers/sessionkit.mjs";

const [store = "memory", scenario = "write", who = "sessionkit"] = process.argv.slice(2);
const peer = (who === "remix" ? remixPeers : sessionkitPeers).find((p) => p.store === store);
const scenarios = await peer.setup();
await scenarios.assert();
const run = scenarios[scenario];
for (let i = 0; i < 20_000; i++) await run();

const session = new inspector.Session();
session.connect();
const N = 50_000;
await session.post("HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (let i = 0; i < N; i++) await run();
const { profile } = await session.post("HeapProfiler.getSamplingProfile");
await session.post("HeapProfiler.stopSampling");

const bySite = new Map();
let total = 0;
const walk = (node, stack) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const here = `${functionName || "(anonymous)"} ${url.slice(url.lastIndexOf("/") + 1)}:${lineNumber + 1}`;
  const self = node.selfSize;
  if (self) {
    total += self;
    bySite.set(here, (bySite.get(here) ?? 0) + self);
  }
  for (const child of node.children) walk(child, stack);
};
walk(profile.head, []);
console.log(`${who} ${store} ${scenario}: ≈ ${(total / N).toFixed(0)} bytes allocated per request (sampled)`);
console.table([...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([site, bytes]) => ({ site, "B/req": Math.round(bytes / N) })));
await scenarios.teardown?.();
