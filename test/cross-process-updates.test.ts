import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { describe, expect, inject, it } from "vitest";
import { defineSessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const run = promisify(execFile);
const redisUrl = inject("redisUrl");
const WORKER = new URL("./fixtures/increment-worker.mjs", import.meta.url).pathname;
const BUILT = existsSync(new URL("../dist/index.js", import.meta.url));
const PER_PROCESS = 300;

/** Two Node processes, each doing PER_PROCESS concurrent `update` increments on one session. */
async function twoProcesses(mode: "swap" | "plain", storage: StorageOption) {
  const sessions = defineSessions({ secrets: SECRET, storage });
  const agent = createAgent(sessions);
  await agent.request((s) => s.set("n", 0));
  const token = agent.jar.get("sid")!;
  const env = { ...process.env, SESSION_SECRET: SECRET };
  const outputs = await Promise.all(
    [0, 1].map(() => run(process.execPath, [WORKER, redisUrl, token, String(PER_PROCESS), "16", mode], { env, timeout: 60_000 })),
  );
  const counts = outputs.map(({ stdout }) => JSON.parse(stdout) as { ok: number; failed: number });
  const { value: n } = await agent.request((s) => s.get("n"));
  await sessions.close();
  const acknowledged = counts.reduce((sum, c) => sum + c.ok, 0);
  return { n: n as number, acknowledged, lost: acknowledged - (n as number) };
}

describe.skipIf(!redisUrl || !BUILT)("two processes, one session, concurrent update() over Redis", () => {
  it("loses no increment with sessionkit's Redis store (atomic compare-and-set)", async () => {
    const result = await twoProcesses("swap", { driver: "redis", url: redisUrl, base: "xproc" });
    expect(result.acknowledged).toBe(2 * PER_PROCESS);
    expect(result.n).toBe(2 * PER_PROCESS);
    expect(result.lost).toBe(0);
  });

  it("documents the fallback: a plain unstorage Storage (no compare-and-set) can lose increments across processes", async () => {
    const result = await twoProcesses("plain", createStorage({ driver: redisDriver({ url: redisUrl, base: "xproc" }) }));
    // In one process the lock serialises commits; across two, last-writer-wins on GET+SET.
    console.log(`cross-process increments over a plain unstorage Storage: ${result.acknowledged} acknowledged, ${result.n} stored, ${result.lost} lost`);
    expect(result.n).toBeLessThanOrEqual(result.acknowledged);
    expect(result.n).toBeGreaterThan(0);
  });
});
