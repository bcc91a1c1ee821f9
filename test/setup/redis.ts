import type { TestProject } from "vitest/node";
import { findRedisServer, startRedisServer, waitForRedis, type RedisServer } from "../helpers/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the tests' Redis, or "" when none could be found or started. */
    redisUrl: string;
  }
}

let server: RedisServer | undefined;

/**
 * Gives the tests a real Redis: `REDIS_URL` when set, otherwise a redis-server of our own on a
 * free port. With neither, Redis tests skip and this says so loudly.
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.REDIS_URL ?? "";
  if (url) {
    await waitForRedis(Number(new URL(url).port || 6379));
  } else if (findRedisServer()) {
    server = await startRedisServer();
    url = server.url;
  } else {
    console.warn(
      "\n" + "!".repeat(78) + "\n!! No redis-server on PATH and no REDIS_URL: every Redis test is SKIPPED.\n" +
        "!! Install it (apt-get install redis-server) or set REDIS_URL. .ci/run installs it.\n" + "!".repeat(78) + "\n",
    );
  }
  project.provide("redisUrl", url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
