import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { createStorage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { startRedisMonitor } from "./helpers/redis-monitor.mjs";
import { SECRET } from "./suites/store-suite";

const root = mkdtempSync(join(tmpdir(), "sessionkit-options-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const redisUrl = inject("redisUrl");

async function roundTrip(storage: StorageOption) {
  const sessions = defineSessions({ secrets: SECRET, storage });
  const agent = createAgent(sessions);
  await agent.request((s) => s.set("cart", [1, 2]));
  const { value } = await agent.request((s) => s.get("cart"));
  await sessions.close();
  return value;
}

describe("storage option", () => {
  it("takes an unstorage instance", async () => {
    expect(await roundTrip(createStorage({ driver: memoryDriver() }))).toEqual([1, 2]);
  });

  it("takes a driver config by name (fs, lru-cache, memory)", async () => {
    expect(await roundTrip({ driver: "fs", base: join(root, "by-name") })).toEqual([1, 2]);
    expect(readdirSync(join(root, "by-name", "sessionkit", "s"))).toHaveLength(1);
    expect(await roundTrip({ driver: "lru-cache" })).toEqual([1, 2]);
    expect(await roundTrip({ driver: "memory" })).toEqual([1, 2]);
  });

  it("takes URLs: memory:, file:, and the default is memory", async () => {
    expect(await roundTrip("memory:")).toEqual([1, 2]);
    expect(await roundTrip("memory:?max=10")).toEqual([1, 2]);
    expect(await roundTrip(`file:${join(root, "by-url")}`)).toEqual([1, 2]);
    expect(await roundTrip(`file://${join(root, "by-file-url")}`)).toEqual([1, 2]);
    expect(readdirSync(join(root, "by-file-url", "sessionkit", "s"))).toHaveLength(1);
    expect(await roundTrip(undefined as unknown as StorageOption)).toEqual([1, 2]);
  });

  it("bounds the memory store with max (least recently used goes first)", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "memory:?max=3" });
    const agents = Array.from({ length: 4 }, () => createAgent(sessions));
    for (const [i, agent] of agents.entries()) await agent.request((s) => s.set("i", i));
    expect((await agents[0]!.request((s) => s.get("i"))).value).toBeUndefined();
    expect((await agents[3]!.request((s) => s.get("i"))).value).toBe(3);
  });

  describe.skipIf(!redisUrl)("redis", () => {
    it("refreshes a due session while reading it: new TTL, new cookie, no second round trip", async () => {
      let time = Date.UTC(2026, 0, 1);
      const sessions = defineSessions({ secrets: SECRET, storage: redisUrl, prefix: "touch-check", idleTimeout: 3600, touchInterval: 60, now: () => time });
      const agent = createAgent(sessions);
      await agent.request((s) => s.set("cart", [1]));
      const client = new Redis(redisUrl);
      try {
        const [key] = await client.keys("touch-check:s:*");
        const before = JSON.parse((await client.get(key!))!);
        time += 30_000; // not due yet: nothing changes
        const quiet = await agent.request((s) => s.get("cart"));
        expect(quiet.setCookies).toEqual([]);
        expect(JSON.parse((await client.get(key!))!).t).toBe(before.t);
        time += 90_000; // due: the read refreshes the record in Redis and the cookie
        const monitor = await startRedisMonitor(redisUrl!);
        const refreshed = await agent.request((s) => s.get("cart"));
        await new Promise((resolve) => setTimeout(resolve, 50));
        monitor.stop(); // before this test's own GET below
        // The test Redis is shared with other files running now: count only commands on this test's keys.
        const sentByTheRequest = monitor.commands
          .filter(({ source, args }) => source !== "lua" && args.some((arg) => arg.startsWith("touch-check:")))
          .map(({ name }) => name);
        expect(refreshed.value).toEqual([1]);
        expect(refreshed.setCookies[0]).toMatch(/Max-Age=3600/);
        const after = JSON.parse((await client.get(key!))!);
        expect(after).toMatchObject({ t: time, c: before.c, d: { cart: [1] } });
        expect(await client.pttl(key!)).toBeGreaterThan(3590_000);
        expect(sentByTheRequest).toEqual(["evalsha"]); // one round trip: the read and the refresh together
      } finally {
        client.disconnect();
        await sessions.close();
      }
    });

    it("takes a redis:// URL and stores records with their TTL", async () => {
      const sessions = defineSessions({ secrets: SECRET, storage: redisUrl, prefix: "ttl-check", idleTimeout: 3600 });
      const agent = createAgent(sessions);
      await agent.request((s) => s.set("cart", [1]));
      const client = new Redis(redisUrl);
      try {
        const keys = await client.keys("ttl-check:s:*");
        expect(keys).toHaveLength(1);
        const pttl = await client.pttl(keys[0]!);
        expect(pttl).toBeGreaterThan(3590_000);
        expect(pttl).toBeLessThanOrEqual(3600_000);
        expect(JSON.parse((await client.get(keys[0]!))!)).toMatchObject({ v: 1, d: { cart: [1] } });
      } finally {
        client.disconnect();
        await sessions.close();
      }
    });
  });
});
