// Part (a) of `npm run stress`: autocannon against stress/server.mjs on Redis, one session per
// connection, half `update` increments and half reads, with a client-side ledger per session.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon from "autocannon";

/**
 * Starts stress/server.mjs as a child process with `SESSION_STORAGE=storage`.
 * @returns {Promise<{ url: string, stop: () => Promise<number | null> }>}
 */
export async function startServer(storage) {
  const child = spawn(process.execPath, [new URL("./server.mjs", import.meta.url).pathname], {
    env: { ...process.env, SESSION_STORAGE: storage },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const first = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`stress server exited with ${code} before listening`)));
  });
  const { port } = JSON.parse(first);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill("SIGTERM");
    });
  return { url: `http://127.0.0.1:${port}`, stop };
}

/** The session cookie (`sid=…`) among a response's Set-Cookie header value(s), if any. */
function sessionCookie(setCookie) {
  for (const line of [setCookie ?? []].flat()) if (line.startsWith("sid=")) return line.split(";")[0];
  return undefined;
}

/**
 * Runs autocannon: `connections` connections for `seconds` seconds, each its own session
 * (its cookie captured from the first response through `setupClient` → `client.setRequests`,
 * whose closures hold that connection's ledger). Then reads every session back and checks the
 * ledger: each read and each increment answered `n === acknowledged increments so far`, and the
 * final value equals the acknowledged count (+1 only when an increment was still in flight when
 * autocannon stopped: sent, maybe committed, never answered).
 */
export async function runLoad({ url, connections, seconds }) {
  /** @type {{ cookie?: string, acknowledged: number, mismatches: number, pending?: string }[]} */
  const ledgers = [];
  const setupClient = (client) => {
    const ledger = { cookie: undefined, acknowledged: 0, mismatches: 0, pending: undefined };
    ledgers.push(ledger);
    const request = (method, path, kind) => ({
      method,
      path,
      setupRequest(req) {
        ledger.pending = kind;
        return ledger.cookie ? { ...req, headers: { ...req.headers, cookie: ledger.cookie } } : req;
      },
      onResponse(status, body, _context, headers) {
        ledger.pending = undefined;
        ledger.cookie = sessionCookie(headers["set-cookie"] ?? headers["Set-Cookie"]) ?? ledger.cookie;
        if (status !== 200) return;
        if (kind === "inc") ledger.acknowledged++;
        if (JSON.parse(body).n !== ledger.acknowledged) ledger.mismatches++;
      },
    });
    client.setRequests([request("POST", "/inc", "inc"), request("GET", "/n", "read")]);
  };

  const result = await autocannon({ url, connections, duration: seconds, setupClient, timeout: 10 });

  let lost = 0;
  let unexplained = 0;
  let inFlightLanded = 0;
  let acknowledged = 0;
  let sessions = 0;
  for (const ledger of ledgers) {
    if (!ledger.cookie) continue;
    sessions++;
    const response = await fetch(`${url}/n`, { headers: { cookie: ledger.cookie }, signal: AbortSignal.timeout(10_000) });
    const final = response.status === 200 ? (await response.json()).n : Number.NaN;
    acknowledged += ledger.acknowledged;
    lost += Math.max(0, ledger.acknowledged - final);
    const extra = final - ledger.acknowledged;
    if (extra === 1 && ledger.pending === "inc") inFlightLanded++;
    else if (extra !== 0) unexplained++;
  }
  const mismatches = ledgers.reduce((sum, ledger) => sum + ledger.mismatches, 0);
  return {
    connections,
    seconds,
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    latencyAvgMs: result.latency.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    sessions,
    acknowledgedIncrements: acknowledged,
    lostIncrements: lost,
    ledgerMismatches: mismatches,
    unexplainedFinals: unexplained,
    inFlightAtStopLanded: inFlightLanded,
  };
}
