import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, startWorker, workerdUnavailable, type WorkerBundle } from "./helpers/workerd";
import { createHttpClient } from "./helpers/http-client";
import { describeExampleApp } from "./suites/example-app-suite";

// Cloudflare Workers for real: examples/workers is bundled by wrangler 4.86 (esbuild, workerd
// conditions, no nodejs_compat) and served by workerd through miniflare, once per storage setup.
const EXAMPLE = fileURLToPath(new URL("../examples/workers/", import.meta.url));
const MODULE_SCOPE = fileURLToPath(new URL("./fixtures/worker-module-scope/", import.meta.url));
const SECRET = "workers-example-secret-0123456789-abcdefghij";
const skip = workerdUnavailable();
if (skip) console.warn(`\n[runtime-workers] SKIPPED, workerd cannot run here: ${skip}\n`);

let bundle: WorkerBundle | undefined;
let bundling: Promise<WorkerBundle> | undefined;
const bundled = () => (bundling ??= bundleWorker(EXAMPLE).then((made) => (bundle = made)));
afterAll(() => bundle?.remove());

describe.skipIf(!!skip)("the Workers bundle", () => {
  beforeAll(bundled, 60_000);

  it("holds no Redis client, no Node built-in and no driver the app did not import", () => {
    const { sources, bytes, gzipBytes } = bundle!;
    console.log(`workers bundle: ${(bytes / 1024).toFixed(1)} KiB, ${(gzipBytes / 1024).toFixed(1)} KiB gzipped, ${sources.length} files`);
    expect(sources.filter((source) => /ioredis|redis-errors|cluster-key-slot|denque|\/debug\//.test(source))).toEqual([]);
    expect(sources.filter((source) => source.startsWith("node:") || /node_modules\/(unenv|@cloudflare\/unenv)/.test(source))).toEqual([]);
    const drivers = sources.filter((source) => /unstorage\/drivers\/[^/]+\.mjs$/.test(source));
    expect(drivers).toEqual(["/node_modules/unstorage/drivers/cloudflare-kv-binding.mjs"]);
    expect(sources.some((source) => source.startsWith("/dist/"))).toBe(true); // the built package, as npm users get it
  });
});

for (const [setup, storage, concurrentUpdates] of [
  ["cookie storage", "cookie", false],
  ["KV binding through { driver: cloudflareKVBinding, binding: env.SESSIONS }", "kv", true],
  ["a Storage the app built with createStorage", "storage", true],
] as const) {
  describeExampleApp({
    name: `Workers (workerd, no nodejs_compat): ${setup}`,
    skip,
    concurrentUpdates,
    start: async () => startWorker(await bundled(), { SESSION_SECRET: SECRET, SESSION_STORAGE: storage }),
  });
}

describe.skipIf(!!skip)("defineSessions at a Worker's module scope", () => {
  let fixture: WorkerBundle | undefined;
  let server: Awaited<ReturnType<typeof startWorker>> | undefined;
  beforeAll(async () => {
    fixture = await bundleWorker(MODULE_SCOPE);
    server = await startWorker(fixture, {});
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    fixture?.remove();
  });

  it("draws no random value, does no I/O and starts no timer there (workerd would refuse to start)", async () => {
    const browser = createHttpClient(server!.url);
    for (let i = 0; i < 3; i++) expect((await browser.post("/cookie")).text).toBe("counted");
    expect((await browser.get("/memory")).json()).toEqual({ seen: true });
    expect(server!.log.join("")).not.toMatch(/Disallowed operation/);
  });

  it("answers a driver named by string, which a bundle cannot import, with the fix", async () => {
    const response = await createHttpClient(server!.url).post("/named");
    expect(response.status).toBe(500);
    expect(response.json()).toEqual({
      name: "SessionConfigError",
      message: expect.stringMatching(/cannot import "unstorage\/drivers\/cloudflare-kv-binding" at run time here .*pass the factory/),
    });
  });
});
