import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, type SessionChange, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { findRedisServer, startRedisServer, type RedisServer } from "./helpers/redis-server";
import { SECRET } from "./suites/store-suite";
import { eventually } from "./helpers/eventually";

const binary = findRedisServer();
if (!binary) console.warn("\n!! live reconnect tests SKIPPED: no redis-server on PATH (apt-get install redis-server; .ci/run does).\n");

describe.skipIf(!binary)("the broadcast subscription across a Redis restart (a private redis-server, SIGKILLed)", () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer({ binary });
  });
  afterAll(() => server?.stop());

  it("ready rejects while Redis is down (never a false ready), the subscription comes back by itself, publishers report the outage once", async () => {
    const events: SessionEvent[] = [];
    const options = { secrets: SECRET, broadcast: server.url, storageTimeout: 500 };
    const writer = defineSessions({ ...options, onEvent: (event) => events.push(event) });
    const reader = defineSessions(options);
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("n", 0), s.id!));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;

    await server.kill();
    // The subscription was confirmed before; with Redis gone, a new subscriber is not told it is ready.
    await expect(reader.subscribe(id, () => {}).ready).rejects.toBeDefined();
    for (let i = 0; i < 3; i++) expect((await agent.request((s) => s.set("n", i))).response.status).toBe(200);
    await eventually("the publisher's failure event", () => events.some((event) => event.type === "storage-error"));
    expect(events.filter((event) => event.type === "storage-error")).toEqual([
      expect.objectContaining({ type: "storage-error", operation: "broadcast" }),
    ]);

    await server.restart();
    await eventually("a confirmed SUBSCRIBE after the restart", async () =>
      reader.subscribe(id, () => {}).ready.then(() => true, () => false),
    );
    heard.length = 0;
    await eventually("a change to reach the original listener", async () => {
      await agent.request((s) => s.set("n", 9));
      await new Promise((resolve) => setTimeout(resolve, 100));
      return heard.length > 0;
    });
    expect(heard[0]).toEqual({ type: "changed", keys: ["n"] });
    unsubscribe();
    await Promise.all([writer.close(), reader.close()]);
  }, 30_000);
});
