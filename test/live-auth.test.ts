import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { defineSessions, type SessionChange, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";
import { eventually } from "./helpers/eventually";

const redisUrl = inject("redisUrl");
const OTHER_SECRET = "another-secret-0123456789-abcdefghijklmn";

describe.skipIf(!redisUrl)("the live channel is authenticated: forged, malformed and replayed messages are dropped (real Redis)", () => {
  const prefix = `live${Date.now().toString(36)}`;
  const channel = `${prefix}:changes`;
  const options = (secrets: string | string[]) => ({ secrets, storage: { driver: "redis", url: redisUrl, base: prefix }, broadcast: redisUrl, prefix });
  const writer = defineSessions(options(SECRET));
  const reader = defineSessions(options(SECRET));
  // The same prefix and channel, another secret: everything it publishes is a forgery to the others.
  const forger = defineSessions(options(OTHER_SECRET));
  const raw = new Redis(redisUrl, { lazyConnect: true });
  const spy = new Redis(redisUrl, { lazyConnect: true });
  const captured: string[] = [];
  beforeAll(async () => {
    await Promise.all([raw.connect(), spy.connect()]);
    spy.on("message", (_channel: string, message: string) => captured.push(message));
    await spy.subscribe(channel);
    // The reader listens from the start (on some session), so it sees — and remembers — every genuine message.
    await reader.subscribe("A".repeat(22), () => {}).ready;
  });
  afterAll(async () => {
    await Promise.all([writer.close(), reader.close(), forger.close()]);
    raw.disconnect();
    spy.disconnect();
  });

  it("no listener hears a forged or malformed message; the genuine one after them arrives exactly once", async () => {
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("n", 0), s.id!));
    const handle = writer.handleOf(id)!;
    await eventually("the creation on the channel", () => captured.length >= 1);
    const genuine = captured.at(-1)!;
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;

    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === "A" ? "B" : "A") + text.slice(at + 1);
    const forgeries = [
      JSON.stringify({ origin: "evil", handle, change: { type: "destroyed" } }), // the old, unauthenticated format
      JSON.stringify({ handle, change: { type: "changed", keys: ["role"] } }),
      "not json at all",
      "",
      "sk1.",
      "sk1.AAAA",
      `sk1.${"A".repeat(200)}`,
      `sk1.${Buffer.alloc(120, 7).toString("base64url")}`,
      flip(genuine, 10), // nonce changed
      flip(genuine, genuine.length - 3), // tag changed
      genuine.slice(0, -4), // truncated
      `${genuine}AAAA`, // extended
      genuine.replace("sk1.", "sk2."),
      `sk1.${"A".repeat(300 * 1024)}`, // oversized
      genuine, // a replay of a genuine message (the creation) that the reader already saw: dropped
    ];
    for (const message of forgeries) await raw.publish(channel, message);
    // Sealed under another secret, otherwise well-formed, for the same handle: a forgery too.
    const forged = createAgent(forger);
    await forged.request((s) => s.set("n", 1));
    const before = captured.length;
    // And the same message again on another prefix's channel reaches nobody there.
    await raw.publish(`${prefix}x:changes`, genuine);

    await agent.request((s) => s.set("n", 2)); // the marker: once it is heard, every forgery before it was too
    await eventually("the genuine change", () => heard.length >= 1);
    await eventually("the marker on the spy", () => captured.length > before);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);

    // Replaying the genuine marker: still heard once.
    await raw.publish(channel, captured.at(-1)!);
    await agent.request((s) => s.destroy());
    await eventually("the destroy", () => heard.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }, { type: "destroyed" }]);
    unsubscribe();
  });

  it("nothing on the channel names a session or a key: handle and key names travel sealed", async () => {
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("favouriteColour", "red"), s.id!));
    const from = captured.length - 1; // the creation's message, then the change's
    await agent.request((s) => s.set("favouriteColour", "blue"));
    await eventually("the change on the channel", () => captured.length > from + 1);
    for (const message of captured.slice(from)) {
      expect(message).toMatch(/^sk1\.[A-Za-z0-9_-]+$/);
      expect(message).not.toContain(writer.handleOf(id)!);
      expect(message).not.toContain(id);
      expect(message).not.toContain("favouriteColour");
      expect(message).not.toContain("blue");
    }
  });

  it("a genuine message replayed more than 30 s after it was sent is dropped as stale", async () => {
    const agent = createAgent(writer);
    const start = captured.length;
    const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
    await agent.request((s) => s.set("n", 2));
    // Publishing is fire-and-forget: wait for both messages (creation, change), then take the change by position.
    await eventually("the creation and the change on the channel", () => captured.length >= start + 2);
    const message = captured[start + 1]!;
    const late = defineSessions(options(SECRET)); // has never seen the message
    const heard: SessionChange[] = [];
    const unsubscribe = late.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;
    // A marker on another session: one subscriber connection delivers in order, so once the marker
    // is heard, both replays before it were judged — under the shifted clock.
    const marker = createAgent(writer);
    const { value: markerId } = await marker.request((s) => (s.set("m", 0), s.id!));
    const markers: SessionChange[] = [];
    const unsubscribeMarker = late.subscribe(markerId, (change) => markers.push(change));
    const realNow = Date.now;
    const clock = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 31_000);
    try {
      await raw.publish(channel, message);
      await raw.publish(channel, message);
      await marker.request((s) => s.set("mark", 1)); // sent under the same shifted clock: fresh to `late`
      const isMarker = (change: SessionChange) => change.type === "changed" && change.keys.includes("mark");
      await eventually("the marker after the stale replays", () => markers.some(isMarker), 10_000);
    } finally {
      clock.mockRestore();
    }
    expect(heard).toEqual([]);
    // The contrast (and the documented limit): within the window, a process that never saw the
    // message takes it once — a genuine, recent change heard late — and never twice.
    await raw.publish(channel, message);
    await raw.publish(channel, message);
    await eventually("the in-window message", () => heard.length >= 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);
    unsubscribe();
    unsubscribeMarker();
    await late.close();
  });

  it("after a secret rotation, messages sealed under the older secret still open", async () => {
    const rotated = defineSessions(options([OTHER_SECRET, SECRET])); // new first secret, old one still listed
    const agent = createAgent(writer); // still on the old secret alone
    const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
    const heard: SessionChange[] = [];
    const unsubscribe = rotated.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;
    await agent.request((s) => s.set("n", 2));
    await eventually("the change sealed under the older secret", () => heard.length === 1);
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);
    unsubscribe();
    await rotated.close();
  });

  it("a publisher whose Redis is down reports it once per outage as a storage-error event naming the host (not the password); the commit itself succeeds", async () => {
    const events: SessionEvent[] = [];
    const sessions = defineSessions({ secrets: SECRET, broadcast: "redis://:hunter2@127.0.0.1:1", storageTimeout: 500, onEvent: (event) => events.push(event) });
    const agent = createAgent(sessions);
    for (let i = 0; i < 3; i++) {
      const { response } = await agent.request((s) => s.set("n", i));
      expect(response.status).toBe(200);
    }
    await eventually("the broadcast failure", () => events.some((event) => event.type === "storage-error"));
    await new Promise((resolve) => setTimeout(resolve, 600));
    const failures = events.filter((event) => event.type === "storage-error");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ type: "storage-error", operation: "broadcast" });
    expect((failures[0] as { message: string }).message).toMatch(/^sessionkit: storage broadcast failed: redis redis:\/\/127\.0\.0\.1:1: /);
    expect((failures[0] as { message: string }).message).not.toContain("hunter2"); // where, never the credentials
    await sessions.close();
  });

  it("`broadcast` refuses what is not a Redis URL, and names the forms", () => {
    expect(() => defineSessions({ secrets: SECRET, broadcast: "http://127.0.0.1:6379" })).toThrow(/redis\+cluster:\/\/h1:p1,h2:p2/);
    expect(() => defineSessions({ secrets: SECRET, broadcast: "redis+sentinel://127.0.0.1:26379" })).toThrow(/names the master/);
    expect(() => defineSessions({ secrets: SECRET, broadcast: "redis+cluster://127.0.0.1:x" })).toThrow(/not a host:port/);
  });
});
