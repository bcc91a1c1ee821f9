import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { describe, expect, inject, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const redisUrl = inject("redisUrl");
const WORKER = new URL("./fixtures/grace-worker.mjs", import.meta.url).pathname;
const BUILT = existsSync(new URL("../dist/index.js", import.meta.url));
/** Requests per worker loaded before the sign-in, and as many started after it: 2 × 2 × 5 = 20. */
const PER_WORKER = 5;
const GRACE_SECONDS = 2;

/** A worker process: resolves `loaded` once its early requests have read the session, `done` with its counts. */
function startWorker(token: string, base: string) {
  const child = spawn(process.execPath, [WORKER, redisUrl, base, token, String(PER_WORKER)], {
    env: { ...process.env, SESSION_SECRET: SECRET },
    stdio: ["pipe", "pipe", "inherit"],
    timeout: 60_000,
  });
  const lines = createInterface({ input: child.stdout! });
  let loaded!: () => void;
  const ready = new Promise<void>((resolve) => (loaded = resolve));
  const done = new Promise<{ ok: number; failed: number; cookies: number; users: unknown[] }>((resolve, reject) => {
    lines.on("line", (line) => (line === "loaded" ? loaded() : resolve(JSON.parse(line))));
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`grace worker exited with ${code}`))));
  });
  return { ready, done, go: () => child.stdin!.end("go\n") };
}

describe.skipIf(!redisUrl || !BUILT)("rotation grace across two processes on Redis (real time)", () => {
  it("keeps every write of 20 requests in flight in other processes during a sign-in, then the old token is dead", async () => {
    const base = `grace-xproc-${Date.now()}`;
    const sessions = defineSessions({ secrets: SECRET, storage: { driver: "redis", url: redisUrl, base }, rotationGrace: GRACE_SECONDS });
    try {
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 0));
      const oldToken = browser.jar.get("sid")!;
      const workers = [startWorker(oldToken, base), startWorker(oldToken, base)];
      await Promise.all(workers.map((worker) => worker.ready));

      await browser.request((s) => {
        s.set("user", "ada");
        s.setOwner("ada", { device: "process test" });
        s.cycleId();
      });
      const signedInAt = Date.now();
      expect(browser.jar.get("sid")).not.toBe(oldToken);
      for (const worker of workers) worker.go();
      const counts = await Promise.all(workers.map((worker) => worker.done));
      const finishedWithin = Date.now() - signedInAt;

      expect(counts.map((c) => c.failed)).toEqual([0, 0]);
      expect(counts.reduce((sum, c) => sum + c.ok, 0)).toBe(4 * PER_WORKER);
      expect(counts.map((c) => c.cookies)).toEqual([0, 0]);
      expect(finishedWithin).toBeLessThan(GRACE_SECONDS * 1000); // else the late requests met a dead token, by design
      for (const c of counts) expect(c.users).toEqual(Array(PER_WORKER).fill("ada"));
      const after = await browser.request(async (s) => s.all());
      expect(after.value).toEqual({ n: 4 * PER_WORKER, user: "ada" });
      expect(await sessions.listByOwner("ada")).toHaveLength(1);

      await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 - finishedWithin + 200));
      const stale = await createAgent(sessions).request(async (s) => ({ n: await s.get("n"), id: s.id }), { cookie: `sid=${oldToken}` });
      expect(stale.value).toEqual({ n: undefined, id: undefined });
      expect((await browser.request((s) => s.get("n"))).value).toBe(4 * PER_WORKER);
    } finally {
      await sessions.close();
    }
  });
});
