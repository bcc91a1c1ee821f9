// Timing and reporting: runs each peer's scenarios with tinybench, derives the session cost
// (µs per request over the same handler without sessions, same run) and the ratio to
// sessionkit, prints tables and writes the results file.

import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { Bench } from "tinybench";
import { webBaseline } from "./scenarios.mjs";

/**
 * A full garbage collection, run before every task (warmup and timed run) so that no task pays
 * for the garbage of the one before it. Its own garbage it still collects while it runs.
 */
export const collectGarbage = (() => {
  v8.setFlagsFromString("--expose-gc");
  return /** @type {() => void} */ (vm.runInNewContext("gc"));
})();

/** Scenario names, in report order; "baseline" first. */
export const SCENARIOS = /** @type {const} */ (["baseline", "new", "read", "write", "reject"]);

/**
 * @typedef {object} Measurement
 * @property {number} opsPerSec median throughput (ops/s)
 * @property {number} usPerOp mean latency (µs)
 * @property {number} p50Us median latency (µs), for judging how much the mean is skewed by GC
 * @property {number} samples iterations measured, all rounds
 * @property {number | null} costUs usPerOp − baseline usPerOp (null for the baseline itself)
 * @property {number | null} costP50Us the same from median latencies: less sensitive to
 *   preemption on a busy machine, blind to GC pauses (results.json only)
 * @property {number | null} [ratio] costUs / sessionkit's costUs for the same scenario and store
 */

/**
 * @typedef {object} Row
 * @property {string} name
 * @property {string} store
 * @property {string} driven
 * @property {Record<string, Measurement>} scenarios
 * @property {string} [ratioTo] which sessionkit row the ratios are against
 */

/**
 * Times every scenario a peer offers (plus the shared web baseline when it has none of its own).
 *
 * The tasks run in `rounds` consecutive tinybench passes, each in a fresh random order (baseline
 * included), so the baseline is measured across the same stretch of time as the scenarios.
 * Each figure is the median over the rounds of that round's value, and the session cost of a
 * round is its scenario mean minus its baseline mean: a disturbance (GC of another task, a noisy
 * neighbour) that hits one round does not make the result.
 * @param {import("./scenarios.mjs").Scenarios} scenarios
 * @param {{ time: number, warmupTime: number, rounds: number }} options ms per task per round,
 *   ms of warmup per task (first round only), number of rounds
 * @returns {Promise<Record<string, Measurement>>}
 */
export async function measure(scenarios, { time, warmupTime, rounds }) {
  /** @type {Record<string, Measurement[]>} */
  const perRound = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      time, warmup: round === 0, warmupTime, warmupIterations: 16, iterations: 16, throws: true,
      setup: () => collectGarbage(),
    });
    // A new order every round: no scenario always runs right after the same neighbour (whose
    // garbage, JIT state or cache footprint would then always be its own).
    for (const name of shuffled(SCENARIOS)) {
      const fn = name === "baseline" ? (scenarios.baseline ?? webBaseline) : scenarios[name];
      // An async wrapper: tinybench calls a non-async function once at add() to sniff whether it
      // returns a promise; the wrapper costs the same in the baseline, so it cancels out.
      if (fn) bench.add(name, async () => fn());
    }
    await bench.run();
    const latency = (task) => /** @type {NonNullable<typeof task.result>} */ (task.result).latency;
    const baseline = latency(bench.getTask("baseline"));
    for (const task of bench.tasks) {
      const { mean, p50 = NaN } = latency(task);
      const isBaseline = task.name === "baseline";
      (perRound[task.name] ??= []).push({
        opsPerSec: /** @type {number} */ (task.result?.throughput.p50),
        usPerOp: mean * 1000,
        p50Us: p50 * 1000,
        samples: latency(task).samples.length,
        costUs: isBaseline ? null : (mean - baseline.mean) * 1000,
        costP50Us: isBaseline ? null : (p50 - /** @type {number} */ (baseline.p50)) * 1000,
      });
    }
  }
  return Object.fromEntries(
    Object.entries(perRound).map(([name, list]) => [name, {
      opsPerSec: median(list.map((m) => m.opsPerSec)),
      usPerOp: median(list.map((m) => m.usPerOp)),
      p50Us: median(list.map((m) => m.p50Us)),
      samples: list.reduce((sum, m) => sum + m.samples, 0),
      costUs: name === "baseline" ? null : median(list.map((m) => /** @type {number} */ (m.costUs))),
      costP50Us: name === "baseline" ? null : median(list.map((m) => /** @type {number} */ (m.costP50Us))),
    }]),
  );
}

/**
 * A copy of `list` in random order (Fisher–Yates).
 * @template T
 * @param {readonly T[]} list
 * @returns {T[]}
 */
export function shuffled(list) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Times named tasks against one baseline the same way {@link measure} does (shuffled rounds,
 * medians of per-round costs); for the extra cases (cookie parsing).
 * @param {Record<string, () => Promise<unknown>>} tasks must include "baseline"
 * @param {{ time: number, warmupTime: number, rounds: number }} options
 * @returns {Promise<Record<string, { usPerOp: number, costUs: number | null, costP50Us: number | null }>>}
 */
export async function measureTasks(tasks, { time, warmupTime, rounds }) {
  /** @type {Record<string, { usPerOp: number, costUs: number | null, costP50Us: number | null }[]>} */
  const perRound = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time, warmup: round === 0, warmupTime, warmupIterations: 4, iterations: 4, throws: true, setup: () => collectGarbage() });
    for (const name of shuffled(Object.keys(tasks))) bench.add(name, async () => tasks[name]());
    await bench.run();
    const { mean: baseline, p50: baselineP50 } = /** @type {any} */ (bench.getTask("baseline")?.result).latency;
    for (const task of bench.tasks) {
      const { mean, p50 } = /** @type {any} */ (task.result).latency;
      const isBaseline = task.name === "baseline";
      (perRound[task.name] ??= []).push({ usPerOp: mean * 1000, costUs: isBaseline ? null : (mean - baseline) * 1000, costP50Us: isBaseline ? null : (p50 - baselineP50) * 1000 });
    }
  }
  return Object.fromEntries(Object.entries(perRound).map(([name, list]) => [name, {
    usPerOp: median(list.map((m) => m.usPerOp)),
    costUs: name === "baseline" ? null : median(list.map((m) => /** @type {number} */ (m.costUs))),
    costP50Us: name === "baseline" ? null : median(list.map((m) => /** @type {number} */ (m.costP50Us))),
  }]));
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Fills in the ratio to sessionkit: a peer's session cost over sessionkit's for the same
 * scenario, against the sessionkit row of the same store ("memory" with "memory", "cookie" with
 * "cookie"), else sessionkit memory. No ratio when sessionkit's cost is not above zero.
 * @param {Row[]} rows
 */
export function deriveRatios(rows) {
  const sessionkit = (store) => rows.find((r) => r.name === "sessionkit" && r.store === store);
  for (const row of rows) {
    const ref = sessionkit(row.store) ?? sessionkit("memory");
    if (ref) row.ratioTo = `sessionkit ${ref.store}`;
    for (const [name, m] of Object.entries(row.scenarios)) {
      const refCost = ref?.scenarios[name]?.costUs;
      m.ratio = m.costUs != null && refCost != null && refCost > 0 ? m.costUs / refCost : null;
    }
  }
  return rows;
}

const fmt = (value, digits = 1) => (value == null ? "—" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const pad = (cells, widths) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");

/**
 * Prints the per-scenario table and the compact session-cost summary.
 * @param {Row[]} rows
 */
export function printTables(rows) {
  const detail = [["library", "store", "scenario", "ops/s", "µs/op", "cost µs", "× sessionkit"]];
  for (const row of rows) {
    for (const name of SCENARIOS) {
      const m = row.scenarios[name];
      if (m) detail.push([row.name, row.store, name, fmt(m.opsPerSec, 0), fmt(m.usPerOp, 2), fmt(m.costUs, 2), m.ratio == null ? "—" : `${fmt(m.ratio, 1)}x`]);
    }
  }
  const summary = [["library", "store", "", ...SCENARIOS.slice(1).map((s) => `${s} µs`)]];
  for (const row of rows) summary.push([row.name, row.store, "", ...SCENARIOS.slice(1).map((s) => fmt(row.scenarios[s]?.costUs, 1))]);
  const medians = [["library", "store", "", ...SCENARIOS.slice(1).map((s) => `${s} µs`)]];
  for (const row of rows) medians.push([row.name, row.store, "", ...SCENARIOS.slice(1).map((s) => fmt(row.scenarios[s]?.costP50Us, 1))]);
  const titles = [
    "Per scenario (median of rounds; cost = µs/op − baseline µs/op of the same round)",
    "Session cost, µs per request (from mean latencies)",
    "Session cost from median latencies (blind to GC pauses, steadier on a busy machine)",
  ];
  for (const [title, table] of [[titles[0], detail], [titles[1], summary], [titles[2], medians]]) {
    const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
    console.log(`\n${title}\n${pad(table[0], widths)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
    for (const r of table.slice(1)) console.log(pad(r, widths));
  }
}

/**
 * Writes the machine description, options and rows as JSON.
 * @param {URL} path
 * @param {Row[]} rows
 * @param {Record<string, unknown>} options
 * @param {Record<string, unknown>} [extra] further sections (cookie parsing)
 */
export async function writeResults(path, rows, options, extra = {}) {
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
  const round = (v) => (v == null ? null : Math.round(v * 100) / 100);
  const results = rows.map(({ scenarios, ...rest }) => ({
    ...rest,
    scenarios: Object.fromEntries(
      Object.entries(scenarios).map(([name, m]) => [name, {
        opsPerSec: Math.round(m.opsPerSec), usPerOp: round(m.usPerOp), p50Us: round(m.p50Us), costUs: round(m.costUs), costP50Us: round(m.costP50Us), ratio: round(m.ratio), samples: m.samples,
      }]),
    ),
  }));
  await mkdir(new URL(".", path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ date: new Date().toISOString(), machine, options, results, ...extra }, null, 2)}\n`);
}
