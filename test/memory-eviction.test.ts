import { describe, expect, it } from "vitest";
import { createMemoryStore, DEFAULT_MEMORY_MAX, defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

/** One cookie-less request that starts an anonymous session (what a crawler does, request after request). */
async function anonymousVisit(sessions: ReturnType<typeof defineSessions>, n: number): Promise<string> {
  const { session, commit } = sessions.createSessionHandler(new Request("http://127.0.0.1/"));
  session.set("visit", n);
  const response = await commit(new Response("ok"));
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

describe("memory store eviction: anonymous churn spares signed-in users", () => {
  it(`keeps every signed-in session through ${DEFAULT_MEMORY_MAX.toLocaleString("en")} cookie-less new sessions on the default bound`, { timeout: 120_000 }, async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "memory:" });
    const users = Array.from({ length: 500 }, () => createAgent(sessions));
    for (const [i, user] of users.entries()) {
      await user.request((session) => {
        session.cycleId();
        session.setOwner(`user-${i}`);
        session.set("user", `user-${i}`);
      });
    }
    const firstAnonymous = await anonymousVisit(sessions, -1);

    for (let n = 0; n < DEFAULT_MEMORY_MAX; n++) await anonymousVisit(sessions, n);

    const read = await Promise.all(users.map((user) => user.request((session) => session.get("user"))));
    expect(read.map((result) => result.value)).toEqual(users.map((_, i) => `user-${i}`));
    const owned = await Promise.all(users.map((_, i) => sessions.listByOwner(`user-${i}`)));
    expect(owned.every((list) => list.length === 1)).toBe(true);
    // The bound still holds: the oldest anonymous sessions went instead.
    const { session } = sessions.createSessionHandler(new Request("http://127.0.0.1/", { headers: { cookie: firstAnonymous } }));
    expect(await session.get("visit")).toBeUndefined();
    await sessions.close();
  });

  it("evicts anonymous records before owned ones, never the record just written, and stays within max", async () => {
    const store = createMemoryStore({ max: 10 });
    const record = (owner?: string) => ({ v: 1, d: { x: 1 }, c: 0, t: 0, ...(owner ? { o: owner } : {}) });
    for (let i = 0; i < 4; i++) await store.set(`owned-${i}`, record(`o${i}`), 60);
    await store.set("index", { v: 1, s: { h: 1 } }, 60); // not a session record: kept like an owned one
    for (let i = 0; i < 1000; i++) {
      await store.set(`anon-${i}`, record(), 60);
      expect(await store.get(`anon-${i}`)).not.toBeNull();
      expect((await store.keys("")).length).toBeLessThanOrEqual(10);
    }
    for (let i = 0; i < 4; i++) expect(await store.get(`owned-${i}`)).toMatchObject({ o: `o${i}` });
    expect(await store.get("index")).toEqual({ v: 1, s: { h: 1 } });
    expect(await store.get("anon-0")).toBeNull();
  });

  it("moves a session between tiers when it signs in or out", async () => {
    const store = createMemoryStore({ max: 10 });
    const record = (owner?: string) => ({ v: 1, d: {}, c: 0, t: 0, ...(owner ? { o: owner } : {}) });
    await store.set("ada", record(), 60);
    await store.set("ada", record("ada"), 60); // signed in
    await store.set("bob", record("bob"), 60);
    await store.set("bob", record(), 60); // signed out, still a session
    for (let i = 0; i < 100; i++) await store.set(`anon-${i}`, record(), 60);
    expect(await store.get("ada")).toMatchObject({ o: "ada" });
    expect(await store.get("bob")).toBeNull();
    expect((await store.keys("")).filter((key) => key === "ada")).toHaveLength(1);
  });

  it("evicts owned sessions, least recently used first, only once they alone fill the bound", async () => {
    const store = createMemoryStore({ max: 10 });
    const record = (owner: string) => ({ v: 1, d: {}, c: 0, t: 0, o: owner });
    for (let i = 0; i < 10; i++) await store.set(`owned-${i}`, record(`o${i}`), 60);
    await store.get("owned-0"); // used again: moves to the current generation
    for (let i = 10; i < 14; i++) await store.set(`owned-${i}`, record(`o${i}`), 60);
    expect((await store.keys("")).length).toBeLessThanOrEqual(10);
    expect(await store.get("owned-0")).not.toBeNull();
    expect(await store.get("owned-1")).toBeNull();
    expect(await store.get("owned-13")).not.toBeNull();
  });
});
