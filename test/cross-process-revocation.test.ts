import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, type StorageOption } from "../src/index";

const SECRET = "cross-process-revocation-secret-0123456789";
const WORKER = new URL("./fixtures/session-worker.mjs", import.meta.url).pathname;
const BUILT = existsSync(new URL("../dist/index.js", import.meta.url));
const redisUrl = inject("redisUrl");
const TRIALS = 200;
const root = mkdtempSync(join(tmpdir(), "sessionkit-xrevoke-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Spec = { kind: "fs"; path: string } | { kind: "redis" | "unstorage-redis"; url: string; base: string };

/** The same storage as the worker's, for this process. */
function storageOf(spec: Spec): StorageOption {
  if (spec.kind === "fs") return `file:${spec.path}`;
  if (spec.kind === "redis") return { driver: "redis", url: spec.url, base: spec.base };
  return createStorage({ driver: redisDriver({ url: spec.url, base: spec.base }) });
}

/** Runs the worker; when it printed "ready" it is told to go on and `onReady` runs at the same time. Resolves with its last line. */
function runWorker(spec: Spec, args: string[], onReady?: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(spec), ...args], { env: { ...process.env, SESSION_SECRET: SECRET } });
    let out = "";
    let err = "";
    let racing: Promise<void> = Promise.resolve();
    child.stderr.on("data", (chunk) => (err += chunk));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (onReady && out.includes("ready\n")) {
        const ready = onReady;
        onReady = undefined;
        child.stdin.end("go\n"); // the writes start now, racing what `onReady` does
        racing = ready();
      }
    });
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      racing.then(() => resolve(out.trim().split("\n").pop()!), reject);
    });
  });
}

const specs: Array<[string, () => Spec, string | undefined]> = [
  ["fs (one directory, two processes)", () => ({ kind: "fs", path: join(root, `fs-${Math.random().toString(36).slice(2)}`) }), undefined],
  ["Redis through a plain unstorage instance", () => ({ kind: "unstorage-redis", url: redisUrl, base: `xrev-u-${Date.now()}` }), redisUrl ? undefined : "no Redis"],
  ["sessionkit's Redis store", () => ({ kind: "redis", url: redisUrl, base: `xrev-s-${Date.now()}` }), redisUrl ? undefined : "no Redis"],
];

describe.skipIf(!BUILT)("across processes: a session that ends stays ended, and the owner index loses nothing", () => {
  for (const [name, makeSpec, skip] of specs) {
    it.skipIf(!!skip)(`${name}: revokeOwner races ${TRIALS} in-flight writes of another process, 0 sessions come back`, async () => {
      const spec = makeSpec();
      const sessions = defineSessions({ secrets: SECRET, storage: storageOf(spec), rotationGrace: 0, maxSessionsPerOwner: TRIALS });
      const tokens: string[] = [];
      for (let i = 0; i < TRIALS; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(50, TRIALS - i) }, async () => {
            const { session, commit } = sessions.createSessionHandler(new Request("http://x/"));
            session.set("n", 0);
            session.setOwner("victim");
            const response = await commit(new Response("ok"));
            return response.headers.getSetCookie()[0]!.split(";")[0]!.slice("sid=".length);
          }),
        );
        tokens.push(...batch);
      }
      expect(await sessions.listByOwner("victim")).toHaveLength(TRIALS);
      const file = join(root, `tokens-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(tokens));
      let ended = -1;
      const last = await runWorker(spec, ["inflight", file], async () => {
        ended = await sessions.revokeOwner("victim"); // every worker request has read its session; its writes land around this
      });
      const worker = JSON.parse(last) as { ok: number; failed: number };
      expect(ended).toBe(TRIALS);
      // Whatever the in-flight writes did, no stolen token reads the old session again.
      let cameBack = 0;
      for (const token of tokens) {
        const { session } = sessions.createSessionHandler(new Request("http://x/", { headers: { cookie: `sid=${token}` } }));
        if ((await session.get("n")) !== undefined) cameBack++;
      }
      console.log(`${name}: ${TRIALS} revoked while in flight; worker acknowledged ${worker.ok}, failed ${worker.failed}; came back: ${cameBack}`);
      expect(cameBack).toBe(0);
      expect(await sessions.listByOwner("victim")).toHaveLength(0);
      expect(await sessions.revokeOwner("victim")).toBe(0);
      await sessions.close();
    }, 60_000);

    it.skipIf(!!skip)(`${name}: 2 processes × 50 concurrent sign-ins under one owner, all 100 indexed`, async () => {
      const spec = makeSpec();
      const results = await Promise.all([runWorker(spec, ["signin", "50", "shared"]), runWorker(spec, ["signin", "50", "shared"])]);
      const tokens = results.flatMap((line) => JSON.parse(line) as string[]);
      expect(new Set(tokens).size).toBe(100);
      const sessions = defineSessions({ secrets: SECRET, storage: storageOf(spec) });
      const listed = await sessions.listByOwner("shared");
      expect(listed).toHaveLength(100);
      expect(await sessions.revokeOwner("shared")).toBe(100);
      await sessions.close();
    }, 60_000);
  }
});
