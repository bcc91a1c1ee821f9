import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/redis.ts", "test/setup/leak-check.ts"],
    // Records every event, error and issued token of the whole suite for leak-check.ts.
    setupFiles: ["test/setup/leak-watch.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Child processes (redis-server, bun, a built SvelteKit app) and real sockets: keep files apart.
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
  },
});
