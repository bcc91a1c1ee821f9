// The core's own cost per request, steadier than bench/run.mjs on a noisy machine: sessionkit
// alone, a warm memory session, 7 rounds of 20,000 requests each, the 2nd-best round reported.
// usage: node bench/core-micro.mjs [path/to/dist/index.js]   (default: this repo's dist)
const dist = process.argv[2] ?? new URL("../dist/index.js", import.meta.url).href;
const { defineSessions } = await import(dist);
const sessions = defineSessions({ secrets: "micro-bench-secret-0123456789-abcdefghijk", storage: "memory:" });
const first = sessions.createSessionHandler(new Request("http://x/"));
first.session.set("n", 1); first.session.set("cart", [1, 2, 3]); first.session.set("user", "ada");
const cookie = (await first.commit(new Response("ok"))).headers.getSetCookie()[0].split(";")[0];
const req = new Request("http://x/", { headers: { cookie } });
async function write() { const { session, commit } = sessions.createSessionHandler(req); session.update("n", (n) => n + 1); await commit(new Response(null)); }
async function read() { const { session, commit } = sessions.createSessionHandler(req); await session.get("n"); await commit(new Response(null)); }
async function fresh() { const { session, commit } = sessions.createSessionHandler(new Request("http://x/")); session.set("n", 1); await commit(new Response(null)); }
async function base() { await new Response(null); }
for (const [name, fn] of [["base", base], ["read", read], ["write", write], ["new", fresh]]) {
  const runs = [];
  for (let r = 0; r < 7; r++) { const N = 20000; const t = process.hrtime.bigint(); for (let i = 0; i < N; i++) await fn(); runs.push(Number(process.hrtime.bigint() - t) / N / 1000); }
  runs.sort((a, b) => a - b); console.log(name.padEnd(6), runs[1].toFixed(2), "µs (2nd best of 7)");
}
