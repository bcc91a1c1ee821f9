// The steady companion of `npm run bench`: the same peers and the same asserted scenarios, timed
// as fixed batches instead of tinybench's per-call samples, interleaved across peers so that a
// slow stretch of the machine hits every library alike. Each figure is the 2nd-best batch of
// `rounds` (µs per request) minus the 2nd-best no-session batch: the cost of the work itself,
// with preemption and GC pauses of a noisy machine mostly left out (the mean-based costs of
// `npm run bench` keep them in).
//
//   node bench/steady.mjs                      sessionkit, floors, Remix
//   node bench/steady.mjs sessionkit remix     only peers whose name or store contains a word
//   STEADY_BATCH=5000 STEADY_ROUNDS=9 node bench/steady.mjs
//
// Results: bench/results/steady.json (not tracked).

import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { collectGarbage, shuffled } from "./harness.mjs";
import floors from "./floor.mjs";
import remix from "./peers/remix.mjs";
import sessionkit from "./peers/sessionkit.mjs";
import { webBaseline } from "./scenarios.mjs";

const BATCH = Number(process.env.STEADY_BATCH ?? 4000);
const ROUNDS = Number(process.env.STEADY_ROUNDS ?? 9);
const SCENARIOS = (process.env.STEADY_SCENARIOS ?? "new,read,write,reject").split(",");

const peers = [...sessionkit, ...floors, ...remix].filter((peer) => peer.store !== "redis");
const filters = process.argv.slice(2).map((f) => f.toLowerCase());
const label = (peer) => `${peer.name} (${peer.store})`;
const selected = peers.filter((peer) => filters.length === 0 || filters.some((f) => label(peer).toLowerCase().includes(f)));

/** @type {{ label: string, scenarios: any }[]} */
const ready = [];
for (const peer of selected) {
  const scenarios = await peer.setup();
  if ("skip" in scenarios) {
    console.log(`skip   ${label(peer)}: ${scenarios.skip}`);
    continue;
  }
  await scenarios.assert(); // every scenario did the right thing before anything is timed
  ready.push({ label: label(peer), scenarios });
}

/** µs per call of `fn` over one batch. */
async function batch(fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) await fn();
  return Number(process.hrtime.bigint() - start) / BATCH / 1000;
}

/** Every (peer, scenario) task, the shared baseline included. */
const tasks = [{ key: "baseline", fn: webBaseline }];
for (const { label: name, scenarios } of ready) {
  for (const scenario of SCENARIOS) if (scenarios[scenario]) tasks.push({ key: `${name}\t${scenario}`, fn: scenarios[scenario] });
}
for (const task of tasks) await batch(task.fn); // warm-up: one batch each

/** @type {Map<string, number[]>} */
const times = new Map(tasks.map((task) => [task.key, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const task of shuffled(tasks)) {
    collectGarbage();
    times.get(task.key).push(await batch(task.fn));
  }
}
const secondBest = (list) => [...list].sort((a, b) => a - b)[Math.min(1, list.length - 1)];
const baseline = secondBest(times.get("baseline"));

/** @type {Record<string, Record<string, number>>} */
const costs = {};
for (const [key, list] of times) {
  if (key === "baseline") continue;
  const [name, scenario] = key.split("\t");
  (costs[name] ??= {})[scenario] = secondBest(list) - baseline;
}

console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}: ${ROUNDS} interleaved rounds × ${BATCH} requests per task; 2nd-best batch minus the baseline's (${baseline.toFixed(2)} µs)\n`);
const fmt = (value) => (value === undefined ? "—" : value.toFixed(1)).padStart(8);
console.log(`${"library (store)".padEnd(32)}${SCENARIOS.map((s) => `${s} µs`.padStart(8)).join("")}`);
for (const [name, row] of Object.entries(costs)) console.log(`${name.padEnd(32)}${SCENARIOS.map((s) => fmt(row[s])).join("")}`);

const ratioRows = [["sessionkit (memory)", "remix (memory)"], ["sessionkit (cookie)", "remix (cookie)"]];
console.log("\n× Remix (same store, same run)");
for (const [ours, theirs] of ratioRows) {
  if (!costs[ours] || !costs[theirs]) continue;
  console.log(`${ours.padEnd(32)}${SCENARIOS.map((s) => `${(costs[ours][s] / costs[theirs][s]).toFixed(2)}×`.padStart(8)).join("")}`);
}
const floorOf = { "sessionkit (memory)": "floor (map)", "sessionkit (cookie)": "floor (sealed)" };
console.log("\n× floor (reject; read against the map floor)");
for (const [ours, floor] of Object.entries(floorOf)) {
  if (!costs[ours] || !costs[floor]) continue;
  const read = costs["floor (map)"]?.read;
  console.log(`${ours.padEnd(32)}reject ${(costs[ours].reject / costs[floor].reject).toFixed(2)}×   read ${read ? (costs[ours].read / read).toFixed(2) : "—"}×`);
}

for (const { scenarios } of ready) await scenarios.teardown?.();
const dir = new URL("./results/", import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL("steady.json", dir), JSON.stringify({ node: process.version, batch: BATCH, rounds: ROUNDS, baselineUs: baseline, costs }, null, 2));
