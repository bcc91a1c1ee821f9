// Where an HTTP server's CPU goes under load: one bench:http target in its own process under
// the CPU profiler, loaded by autocannon from this one; prints self time by module and function.
//
//   node bench/http/profile.mjs "sessionkit memory (hono)" [read|write] [seconds]
//   HTTP_PIN=1 …   the server on CPU 0, autocannon on the others (taskset)
//
// The profile is written to bench/results/profiles/http-<target>-<scenario>.cpuprofile.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { heaviest, summarize } from "../profile-summary.mjs";
import { rotatingCookies, seedCookies } from "./cookies.mjs";
import { listeningUrl } from "./listening.mjs";

const [target = "sessionkit memory (hono)", scenario = "read", seconds = "5"] = process.argv.slice(2);
const pin = process.env.HTTP_PIN === "1";
const dir = fileURLToPath(new URL("../results/profiles/", import.meta.url));
mkdirSync(dir, { recursive: true });
const out = `${dir}http-${target.replace(/[^a-z0-9]+/gi, "-")}-${scenario}.cpuprofile`;
const script = fileURLToPath(new URL("./profiled-server.mjs", import.meta.url));
const child = pin
  ? spawn("taskset", ["-c", "0", process.execPath, script, target, out], { stdio: ["ignore", "pipe", "inherit"] })
  : spawn(process.execPath, [script, target, out], { stdio: ["ignore", "pipe", "inherit"] });
const url = await listeningUrl(child, target);
const cookies = await seedCookies(url, 10);
const load = (duration) => autocannon({ url: `${url}/${scenario}`, connections: 10, duration, setupClient: rotatingCookies(cookies) });
await load(2); // warm-up, not profiled
child.kill("SIGUSR2");
await new Promise((resolve) => setTimeout(resolve, 200));
const result = await load(Number(seconds));
child.removeAllListeners("exit");
const exited = new Promise((resolve) => child.once("exit", resolve));
child.kill("SIGHUP");
await exited;
console.log(`${target} ${scenario}: ${Math.round(result.requests.average)} req/s, errors ${result.errors}, non-2xx ${result.non2xx}`);

const { total, byFunction, byModule, inclusive } = summarize(JSON.parse(readFileSync(out, "utf8")));
console.table(heaviest(byModule, total, 14));
console.table(heaviest(byFunction, total, 25));
console.log("sessionkit functions, inclusive (self + callees):");
console.table(heaviest(inclusive, total, 16));
