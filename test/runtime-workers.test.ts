import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleWorker, startWorker, workerdUnavailable, type WorkerBundle } from "./helpers/workerd";
import { describeExampleApp } from "./suites/example-app-suite";

// Cloudflare Workers for real: examples/workers is bundled by wrangler 4.86 (esbuild, workerd
// conditions, no nodejs_compat) and served by workerd through miniflare, once per storage setup.
const EXAMPLE = fileURLToPath(new URL("../examples/workers/", import.meta.url));
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
