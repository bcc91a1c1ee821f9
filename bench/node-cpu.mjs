// `node bench/node-cpu.mjs` (after `npm run build`) — CPU time a node:http server spends per
// request with no session, express-session and sessionkit/node (memory storage each). CPU time of
// the server process, not throughput: it stays comparable on a loaded, shared machine, where
// req/s swing by 2× from one run to the next.
// Env: CPU_REQUESTS (per scenario, default 40000), CPU_CONNECTIONS (default 10).
import { fork } from "node:child_process";
import { once } from "node:events";
import autocannon from "autocannon";

const REQUESTS = Number(process.env.CPU_REQUESTS ?? 40_000);
const CONNECTIONS = Number(process.env.CPU_CONNECTIONS ?? 10);
const TARGETS = ["baseline", "express-session", "sessionkit/node", "sessionkit/node untouched"];

async function ask(child, message) {
  child.send(message);
  const [answer] = await once(child, "message");
  return answer;
}

const rows = [];
for (const target of TARGETS) {
  const child = fork(new URL("./node-cpu/server.mjs", import.meta.url).pathname, [target]);
  const [{ port }] = await once(child, "message");
  const url = `http://127.0.0.1:${port}`;
  const cookies = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const response = await fetch(`${url}/seed`);
    cookies.push(response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; "));
  }
  for (const path of ["/read", "/write"]) {
    let next = 0;
    const setupClient = (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length] });
    await autocannon({ url: url + path, connections: CONNECTIONS, duration: 2, setupClient }); // JIT warm-up, discarded
    await ask(child, "start");
    const result = await autocannon({ url: url + path, connections: CONNECTIONS, amount: REQUESTS, setupClient });
    const { cpuMicros } = await ask(child, "stop");
    rows.push({ target, path, cpuMicrosPerRequest: Number((cpuMicros / result.requests.total).toFixed(1)), non2xx: result.non2xx });
  }
  child.kill();
}
console.table(rows);
