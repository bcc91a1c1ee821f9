// Machine instructions per request, counted by valgrind's callgrind: unlike time, the count
// repeats within ~10 % from run to run whatever else the machine is doing, so small changes and
// ratios to the peers can be read off one run on a noisy machine. Each figure is
// (instructions of N₂ requests − instructions of N₁ requests) / (N₂ − N₁), which cancels
// start-up, setup and JIT warm-up, minus the same for the no-session baseline. Node runs with
// --single-threaded (no concurrent JIT or GC threads, whose work would vary by timing).
// Instructions are not time (a cache miss costs more than an add, native crypto fewer
// instructions per byte), so `npm run bench` stays the measure of time.
//
//   npm run bench:instructions                       sessionkit, floors and Remix (≈ 10 min)
//   node bench/instructions.mjs sessionkit:memory:write remix:memory:write   only these
//   SESSIONKIT_DIST=/path/to/dist/index.js node bench/instructions.mjs …      another build
//
// Needs valgrind (Debian: apt-get install valgrind). Results: bench/results/instructions.json.

import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./instructions/child.mjs", import.meta.url));
const [N1, N2] = [Number(process.env.INSTRUCTIONS_N1 ?? 5000), Number(process.env.INSTRUCTIONS_N2 ?? 15000)];
const DEFAULT = [
  ..."new read write reject".split(" ").flatMap((s) => [`sessionkit:memory:${s}`, `remix:memory:${s}`, `sessionkit:cookie:${s}`, `remix:cookie:${s}`]),
  "floor:map:new", "floor:map:read", "floor:map:write", "floor:map:reject", "floor:sealed:reject",
];
const wanted = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT;

/** Instructions callgrind counted for one child process running `count` requests. */
async function instructions(task, count) {
  const [peer, store, scenario] = task.split(":");
  const { stderr } = await run("valgrind", ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", CHILD, peer, store ?? "", scenario ?? "baseline", String(count)], {
    maxBuffer: 1 << 24,
    env: process.env,
  });
  const found = /Collected : (\d+)/.exec(stderr);
  if (!found) throw new Error(`${task}: no instruction count in callgrind's output:\n${stderr.slice(-2000)}`);
  return Number(found[1]);
}

/** Instructions per request of `task`, from two run lengths. */
async function perRequest(task) {
  const [a, b] = await Promise.all([instructions(task, N1), instructions(task, N2)]);
  return (b - a) / (N2 - N1);
}

try {
  await run("valgrind", ["--version"]);
} catch {
  console.error("bench/instructions.mjs needs valgrind (Debian: apt-get install valgrind)");
  process.exit(2);
}

const started = Date.now();
const baseline = await perRequest("baseline");
/** @type {Record<string, number>} */
const cost = {};
for (const task of wanted) {
  cost[task] = (await perRequest(task)) - baseline;
  process.stdout.write(`${task.padEnd(28)} ${Math.round(cost[task]).toLocaleString("en").padStart(9)} instructions per request over the baseline\n`);
}

const scenarios = ["new", "read", "write", "reject"];
const rows = [...new Set(wanted.map((task) => task.split(":").slice(0, 2).join(":")))];
console.log(`\nnode ${process.version}, callgrind, (N=${N2} − N=${N1}) / ${N2 - N1}; baseline ${Math.round(baseline).toLocaleString("en")} instructions per request (${Math.round((Date.now() - started) / 1000)} s)\n`);
console.log(`${"thousand instructions".padEnd(22)}${scenarios.map((s) => s.padStart(9)).join("")}`);
const k = (value) => (value === undefined ? "—" : (value / 1000).toFixed(1)).padStart(9);
for (const row of rows) console.log(`${row.replace(":", " ").padEnd(22)}${scenarios.map((s) => k(cost[`${row}:${s}`])).join("")}`);
console.log(`\n× Remix, same store`);
for (const store of ["memory", "cookie"]) {
  const ratios = scenarios.map((s) => {
    const ours = cost[`sessionkit:${store}:${s}`];
    const theirs = cost[`remix:${store}:${s}`];
    return (ours !== undefined && theirs ? `${(ours / theirs).toFixed(2)}×` : "—").padStart(9);
  });
  console.log(`${`sessionkit ${store}`.padEnd(22)}${ratios.join("")}`);
}
const dir = new URL("./results/", import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL("instructions.json", dir), JSON.stringify({ node: process.version, cpus: os.cpus().length, n: [N1, N2], baseline, cost }, null, 2));
