import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { cleanupStorages, storageCases } from "./helpers/storages";

const SECRET = "session-id-test-secret-0123456789-abcdefg";

afterAll(cleanupStorages);

describe.each(storageCases)("session.id is never the id of a session that is over ($name)", (storageCase) => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });
  let clock = Date.now();
  const make = () => {
    const sessions = defineSessions({ secrets: [SECRET], storage: storageCase.storage(), idleTimeout: 3600, rotationGrace: 0, now: () => clock });
    opened.push(sessions);
    return sessions;
  };

  it.skipIf(!!storageCase.skip)("known after a load confirmed the record, or after the write that creates one", async () => {
    const sessions = make();
    const agent = createAgent(sessions);
    const created = await agent.request((s) => {
      const before = s.id;
      s.set("n", 1);
      return { before, after: s.id };
    });
    expect(created.value.before).toBeUndefined();
    expect(created.value.after).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const next = await agent.request(async (s) => {
      const unloaded = s.id; // a valid token alone does not prove a live session
      await s.get("n");
      return { unloaded, loaded: s.id };
    });
    expect(next.value).toEqual({ unloaded: undefined, loaded: created.value.after });
  });

  it.skipIf(!!storageCase.skip)("undefined for a destroyed or expired session, even with a validly signed token", async () => {
    const sessions = make();
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("n", 1));
    const copied = agent.cookieHeader();
    clock += 2 * 3600 * 1000; // idle past the timeout
    const expired = await agent.request(async (s) => (await s.get("n"), s.id), { cookie: copied });
    expect(expired.value).toBeUndefined();
    if (!storageCase.serverSide) return; // a "cookie" session cannot be ended server-side
    clock = Date.now();
    const fresh = createAgent(sessions);
    await fresh.request((s) => s.set("n", 2));
    const token = fresh.cookieHeader();
    await fresh.request((s) => s.destroy());
    const destroyed = await fresh.request(async (s) => (await s.get("n"), s.id), { cookie: token });
    expect(destroyed.value).toBeUndefined();
  });

  it.skipIf(!!storageCase.skip)("after cycleId the new id, and the old one never again", async () => {
    const sessions = make();
    const agent = createAgent(sessions);
    const { value: first } = await agent.request((s) => (s.set("n", 1), s.id));
    const oldCookie = agent.cookieHeader();
    const { value: cycled } = await agent.request((s) => (s.cycleId(), s.id));
    expect(cycled).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cycled).not.toBe(first);
    if (!storageCase.serverSide) return;
    const stale = await agent.request(async (s) => (await s.get("n"), s.id), { cookie: oldCookie });
    expect(stale.value).toBeUndefined();
  });
});
