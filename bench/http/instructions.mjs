// Instructions per request of a bench:http server, counted by callgrind: the server process
// runs under valgrind with instrumentation off (--instr-atstart=no: nothing is counted, and it
// runs faster), autocannon warms it up with WARM requests (the JIT compiles meanwhile),
// instrumentation is switched on (callgrind_control -i on), and it answers N
// more, each figure being that count / N. Unlike req/s on a shared 2-core machine, this repeats
// from run to run, so it shows what a target adds to its server stack per request in the
// steady state (the kernel's share is not counted).
//
//   npm run bench:http:instructions                  the Hono targets, read and write
//   node bench/http/instructions.mjs "sessionkit memory (hono)" …   only these (and the baseline)
// Env: INSTRUCTIONS_WARM (default 10000), INSTRUCTIONS_N (default 4000), SCENARIOS (default
// read,write). Needs valgrind (callgrind_control comes with it).
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { baselineOf } from "./baselines.mjs";
import { rotatingCookies, seedCookies } from "./cookies.mjs";
import { listeningUrl } from "./listening.mjs";

const [WARM, N] = [Number(process.env.INSTRUCTIONS_WARM ?? 10_000), Number(process.env.INSTRUCTIONS_N ?? 4000)];
const run = promisify(execFile);
const SERVERS = fileURLToPath(new URL("./servers.mjs", import.meta.url));
const DEFAULT = ["no-op middleware (hono)", "floor (hono)", "sessionkit memory (hono)", "sessionkit cookie (hono)", "remix memory (hono)"];
const wanted = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT;
const SCENARIOS = (process.env.SCENARIOS ?? "read,write").split(",");

/** Instructions per request callgrind counted in a server process answering `scenario`, after a warm-up. */
async function perRequest(target, scenario) {
  const child = spawn("valgrind", ["--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null", process.execPath, "--single-threaded", SERVERS, target], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (data) => (stderr += data));
  const url = await listeningUrl(child, target, () => stderr);
  const cookies = await seedCookies(url, 10);
  const load = async (amount) => {
    const result = await autocannon({ url: `${url}/${scenario}`, connections: 10, amount, timeout: 60, setupClient: rotatingCookies(cookies) });
    if (result.errors || result.non2xx) throw new Error(`${target} ${scenario}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  };
  await load(WARM);
  await run("callgrind_control", ["-i", "on", String(child.pid)]);
  await load(N);
  child.removeAllListeners("exit");
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  const found = /Collected : (\d+)/.exec(stderr);
  if (!found || found[1] === "0") throw new Error(`${target}: no instruction count in callgrind's output:\n${stderr.slice(-2000)}`);
  return Number(found[1]) / N;
}

const started = Date.now();
const k = (value) => `${(value / 1000).toFixed(1)} k`;
const baselines = {};
for (const target of wanted) {
  for (const scenario of SCENARIOS) {
    const base = baselineOf(target);
    const key = `${base}:${scenario}`;
    const [baseline, total] = await Promise.all([(baselines[key] ??= perRequest(base, scenario)), perRequest(target, scenario)]);
    const over = total - baseline;
    console.log(`${target.padEnd(32)} ${scenario.padEnd(6)} ${k(total).padStart(9)} per request, ${k(over).padStart(8)} over ${base} (${k(baseline)}); ratio of instructions ${(baseline / total).toFixed(2)}`);
  }
}
console.log(`\nnode ${process.version}, callgrind, ${N} requests after ${WARM} uncounted, 10 connections (${Math.round((Date.now() - started) / 1000)} s)`);
