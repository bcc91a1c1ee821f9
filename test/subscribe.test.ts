import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, type SessionChange, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";
import { eventually } from "./helpers/eventually";

const redisUrl = inject("redisUrl");

describe("subscribe in one process", () => {
  const sessions = defineSessions({ secrets: SECRET });
  afterAll(() => sessions.close());

  it("tells listeners which keys a commit changed, and nothing for reads", async () => {
    const agent = createAgent(sessions);
    const { value: id } = await agent.request((s) => (s.set("cart", [1]), s.id!));
    const heard: SessionChange[] = [];
    const unsubscribe = sessions.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready; // resolved at once without `broadcast`

    await agent.request((s) => (s.set("cart", [1, 2]), s.set("seen", true)));
    await agent.request((s) => s.get("cart"));
    await agent.request((s) => s.update("cart", (cart: number[] = []) => [...cart, 3]));
    expect(heard).toEqual([
      { type: "changed", keys: ["cart", "seen"] },
      { type: "changed", keys: ["cart"] },
    ]);

    unsubscribe();
    await agent.request((s) => s.set("cart", []));
    expect(heard).toHaveLength(2);
  });

  it("says destroyed on destroy() and on cycleId() (the old id is over)", async () => {
    const agent = createAgent(sessions);
    const { value: first } = await agent.request((s) => (s.set("n", 1), s.id!));
    const onFirst: SessionChange[] = [];
    sessions.subscribe(first, (change) => onFirst.push(change));

    const { value: second } = await agent.request((s) => (s.cycleId(), s.id!));
    expect(onFirst).toEqual([{ type: "destroyed" }]);

    const onSecond: SessionChange[] = [];
    sessions.subscribe(second, (change) => onSecond.push(change));
    await agent.request((s) => s.destroy());
    expect(onSecond).toEqual([{ type: "destroyed" }]);
  });

  it("keeps delivering when one listener throws", async () => {
    const agent = createAgent(sessions);
    const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
    const heard: SessionChange[] = [];
    sessions.subscribe(id, () => {
      throw new Error("a broken listener");
    });
    sessions.subscribe(id, (change) => heard.push(change));
    const { response } = await agent.request((s) => s.set("n", 2));
    expect(response.status).toBe(200);
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);
  });

  it("does not mix up sessions", async () => {
    const one = createAgent(sessions);
    const two = createAgent(sessions);
    const { value: id } = await one.request((s) => (s.set("n", 1), s.id!));
    await two.request((s) => s.set("n", 1));
    const heard: SessionChange[] = [];
    sessions.subscribe(id, (change) => heard.push(change));
    await two.request((s) => s.set("n", 2));
    expect(heard).toEqual([]);
  });
});

describe.skipIf(!redisUrl)("subscribe across processes with broadcast (real Redis)", () => {
  // Two `defineSessions` are two processes as far as delivery goes: each has its own origin
  // and its own Redis connections; test/demo-processes.test.ts does it with real processes.
  const prefix = `bc${Date.now().toString(36)}`;
  const options = () => ({ secrets: SECRET, storage: { driver: "redis", url: redisUrl, base: prefix }, broadcast: redisUrl, prefix });
  const writer = defineSessions(options());
  const reader = defineSessions(options());
  // Connected (ready check done) before it subscribes: a SUBSCRIBE racing ioredis' ready-check
  // INFO puts the connection in subscriber mode too early, and the spy then hears nothing.
  const spy = new Redis(redisUrl, { lazyConnect: true });
  afterAll(async () => {
    await Promise.all([writer.close(), reader.close()]);
    spy.disconnect();
  });

  it("delivers a commit in one to a subscriber in the other, with no data or token on the channel", async () => {
    const messages: string[] = [];
    spy.on("message", (_channel: string, message: string) => messages.push(message));
    await spy.connect();
    await spy.subscribe(`${prefix}:changes`);

    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("card", "4111-SECRET-VALUE"), s.id!));
    const token = agent.jar.get("sid")!;
    // Publishing is fire-and-forget: let the creation's message go by before the reader listens,
    // or a slow first connection can deliver it late and the reader would hear three changes.
    await eventually("the spy to see the creation", () => messages.length >= 1);
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;

    await agent.request((s) => s.set("cart", [7]));
    await eventually("the change to reach the other instance", () => heard.length === 1);
    expect(heard).toEqual([{ type: "changed", keys: ["cart"] }]);

    await agent.request((s) => s.destroy());
    await eventually("the destroy to reach the other instance", () => heard.length === 2);
    expect(heard[1]).toEqual({ type: "destroyed" });

    await eventually("the spy to see both messages", () => messages.length >= 3);
    for (const message of messages) {
      expect(message).not.toContain(id);
      expect(message).not.toContain(token.split(".")[1]);
      expect(message).not.toContain("SECRET-VALUE");
      // Sealed and authenticated (src/live/message.ts): neither the handle nor key names in clear.
      expect(message).toMatch(/^sk1\.[A-Za-z0-9_-]+$/);
      expect(message).not.toContain(writer.handleOf(id)!);
      expect(message).not.toContain("cart");
    }
    unsubscribe();
  });

  it("delivers a revocation made in the other instance", async () => {
    const agent = createAgent(reader);
    const { value: id } = await agent.request((s) => (s.setOwner("ada"), s.id!));
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;
    expect(await writer.revokeOwner("ada")).toBe(1);
    await eventually("the revocation to reach the subscriber", () => heard.length === 1);
    expect(heard).toEqual([{ type: "destroyed" }]);
    unsubscribe();
  });

  it("in-process listeners hear a commit once, not again through Redis", async () => {
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
    const local: SessionChange[] = [];
    const remote: SessionChange[] = [];
    await writer.subscribe(id, (change) => local.push(change)).ready;
    await reader.subscribe(id, (change) => remote.push(change)).ready;
    await agent.request((s) => s.set("n", 2));
    expect(local).toHaveLength(1); // synchronous, before commit resolved
    await eventually("the other instance", () => remote.length === 1);
    // A marker commit after the first: once it arrives, any echo of the first would have too.
    await agent.request((s) => s.set("n", 3));
    await eventually("the marker", () => remote.length === 2);
    expect(local).toHaveLength(2);
  });

  it("ready rejects when the broadcast Redis cannot be reached, and close() still returns", async () => {
    const sessions = defineSessions({ secrets: SECRET, broadcast: "redis://127.0.0.1:1" });
    const heard: SessionChange[] = [];
    const unsubscribe = sessions.subscribe("AAAAAAAAAAAAAAAAAAAAAA", (change) => heard.push(change));
    await expect(unsubscribe.ready).rejects.toBeDefined();
    unsubscribe();
    await sessions.close();
  });
});

describe.skipIf(!redisUrl)("close() with broadcast", () => {
  it("close() drops the broadcast connections; a later subscribe connects again", async () => {
    const sessions = defineSessions({ secrets: SECRET, broadcast: redisUrl });
    const agent = createAgent(sessions);
    const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
    await sessions.subscribe(id, () => {}).ready;
    await agent.request((s) => s.set("n", 2)); // opens the publisher
    await sessions.close();
    // After close, a new subscription connects again rather than using a dead client.
    const again = sessions.subscribe(id, () => {});
    await again.ready;
    again();
    await sessions.close();
  });
});
