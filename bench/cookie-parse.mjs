// Cookie parsing under hostile headers: a normal header beside 16 KB (Node's default header
// limit) and 128 KB headers of `;`-only segments and of `=`-less pairs. Prints µs per parse and
// the ratio to the normal header of the same size class. A benchmark, never a test assertion.
import { Bench } from "tinybench";
import { defineSessions } from "../dist/index.js";

const sessions = defineSessions({ secrets: "bench-cookie-parse-secret-0123456789-abcdef" });
const normal = (size) => {
  const pairs = [];
  for (let i = 0; pairs.join("; ").length < size; i++) pairs.push(`c${i}=${"v".repeat(40)}`);
  return `${pairs.join("; ")}; sid=not-a-token`;
};
const headers = {
  "normal 16 KB": normal(16 * 1024),
  "semicolons 16 KB": ";".repeat(16 * 1024),
  "no '=' 16 KB": "a;".repeat(8 * 1024),
  "normal 128 KB": normal(128 * 1024),
  "semicolons 128 KB": ";".repeat(128 * 1024),
  "no '=' 128 KB": "a;".repeat(64 * 1024),
  "near-misses 128 KB": "xsid=".repeat(26 * 1024), // the name everywhere, never at a pair's start
};
const bench = new Bench({ time: 300, warmupTime: 100 });
for (const [name, cookie] of Object.entries(headers)) {
  const request = new Request("http://x/", { headers: { cookie } });
  bench.add(name, () => {
    // Reading `id` makes the core find and verify the token: the whole parse, no storage.
    void sessions.createSessionHandler(request).session.id;
  });
}
await bench.run();
const median = (task) => (task.result.latency?.p50 ?? task.result.period) * 1000;
const rows = bench.tasks.map((task) => [task.name, median(task)]);
const base = Object.fromEntries(rows.filter(([name]) => name.startsWith("normal")).map(([name, us]) => [name.split(" ").slice(1).join(" "), us]));
console.log("\nCookie parsing (median µs per request; ratio to a normal header of that size)");
for (const [name, us] of rows) {
  const size = name.split(" ").slice(-2).join(" ");
  console.log(`  ${name.padEnd(20)} ${us.toFixed(1).padStart(9)} µs  ${(us / base[size]).toFixed(2)}×`);
}
