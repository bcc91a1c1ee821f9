import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { createHttpClient } from "./helpers/http-client";
import { denoUnavailable, startDeno } from "./helpers/deno-process";
import { describeExampleApp } from "./suites/example-app-suite";

// Deno for real: examples/deno/main.ts run by the Deno binary of the `deno` npm package, with
// the narrowest permissions docs/runtimes.md gives for each storage, and nothing else of the
// environment. One process per storage setup, reused by its checks.
const EXAMPLE = fileURLToPath(new URL("../examples/deno/", import.meta.url));
const SECRET = "deno-example-secret-0123456789-abcdefghijkl";
const skip = denoUnavailable();
if (skip) console.warn(`\n[runtime-deno] SKIPPED, Deno cannot run here: ${skip}\n`);
const redisUrl = inject("redisUrl");
if (!redisUrl) console.warn("\n[runtime-deno] Redis setup SKIPPED: no test Redis (see test/setup/redis.ts)\n");

/** The documented flags: the network and the app's own variables, nothing more. */
const NARROW = ["--allow-net=127.0.0.1", "--allow-env=SESSION_SECRET,SESSION_STORAGE,PORT"];

for (const { setup, storage, flags, concurrentUpdates, needs } of [
  { setup: "memory (the default storage)", storage: undefined, flags: NARROW, concurrentUpdates: true },
  { setup: "cookie storage", storage: "cookie", flags: NARROW, concurrentUpdates: false },
  { setup: "Deno KV (--unstable-kv)", storage: "deno-kv", flags: ["--unstable-kv", ...NARROW], concurrentUpdates: true },
  // ioredis' `debug` dependency reads all of process.env at import: Redis needs a broad --allow-env.
  { setup: "Redis", storage: redisUrl, flags: ["--allow-net=127.0.0.1", "--allow-env"], concurrentUpdates: true, needs: redisUrl ? undefined : "no test Redis" },
]) {
  describeExampleApp({
    name: `Deno ${flags.join(" ")}: ${setup}`,
    skip: skip ?? needs,
    concurrentUpdates,
    start: () => startDeno(EXAMPLE, flags, { SESSION_SECRET: SECRET, PORT: "0", ...(storage === undefined ? {} : { SESSION_STORAGE: storage }) }),
  });
}

describe.skipIf(!!skip || !redisUrl)("Deno: Redis without --allow-env", () => {
  it("fails with a message that names the flag, in the response's error and the log", async () => {
    const server = await startDeno(EXAMPLE, NARROW, { SESSION_SECRET: SECRET, PORT: "0", SESSION_STORAGE: redisUrl });
    try {
      const response = await createHttpClient(server.url).post("/count");
      expect(response.status).toBe(500); // a configuration problem, not an outage: Deno.serve answers 500 and logs the error
      expect(response.setCookies).toEqual([]);
      await expect.poll(() => server.output(), { timeout: 5000 }).toMatch(/SessionConfigError: sessionkit: the "redis" storage driver cannot load under Deno's permissions: .*--allow-env/);
    } finally {
      await server.close();
    }
  });
});
