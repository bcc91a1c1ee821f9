// Commits that need nothing awaited (cookie storage, the memory store) run without a lock or a
// promise hop; these tests attack that path where it meets the awaiting one.
import { describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const request = (cookie?: string) => new Request("http://127.0.0.1/", cookie ? { headers: { cookie } } : {});

/** A memory-store session holding `{ start: 0 }`, and two requests of it that have both loaded it. */
async function twoRequestsOfOneSession() {
  const sessions = defineSessions({ secrets: SECRET, storage: "memory:" });
  const agent = createAgent(sessions);
  await agent.request((s) => s.set("start", 0));
  const a = sessions.createSessionHandler(request(agent.cookieHeader()));
  const b = sessions.createSessionHandler(request(agent.cookieHeader()));
  expect([await a.session.get("start"), await b.session.get("start")]).toEqual([0, 0]);
  return { sessions, agent, a, b };
}

describe("a commit that needs no await", () => {
  it("still answers with a promise: a bad argument rejects, it does not throw", async () => {
    for (const storage of ["memory:", "cookie"] as const) {
      const sessions = defineSessions({ secrets: SECRET, storage });
      const { session, commit } = sessions.createSessionHandler(request());
      session.set("n", 1);
      let returned: unknown;
      expect(() => (returned = commit(undefined as unknown as Response))).not.toThrow();
      await expect(returned).rejects.toThrow(TypeError);
      // The handler is not spent by the bad call: a real response commits.
      expect((await commit(new Response("ok"))).headers.getSetCookie()).toHaveLength(1);
    }
  });

  it("merges two requests of one session committed one after the other (memory store)", async () => {
    const { agent, a, b } = await twoRequestsOfOneSession();
    a.session.set("a", 1);
    b.session.set("b", 2);
    await a.commit(new Response("a"));
    await b.commit(new Response("b")); // loaded before a's write: merges onto it
    expect((await agent.request((s) => s.all())).value).toEqual({ start: 0, a: 1, b: 2 });
  });

  it("waits for a commit of the same session that holds the lock (owner index) instead of overtaking it", async () => {
    const { sessions, agent, a, b } = await twoRequestsOfOneSession();
    a.session.setOwner("user-1");
    a.session.set("a", 1);
    b.session.set("b", 2);
    // a's commit awaits the owner index under the key's lock; b's could run at once but must not.
    const committed = [a.commit(new Response("a")), b.commit(new Response("b"))];
    await Promise.all(committed);
    expect((await agent.request((s) => s.all())).value).toEqual({ start: 0, a: 1, b: 2 });
    const owned = await sessions.listByOwner("user-1");
    expect(owned).toHaveLength(1);
  });

  it("many interleaved writers of one session lose nothing (memory store)", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "memory:" });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("count", 0));
    const handlers = Array.from({ length: 50 }, () => sessions.createSessionHandler(request(agent.cookieHeader())));
    await Promise.all(handlers.map((h) => h.session.get("count")));
    handlers.forEach((h, i) => {
      h.session.update("count", (n: number) => n + 1);
      h.session.set(`k${i}`, i);
      if (i % 7 === 0) h.session.setOwner("owner"); // some take the awaiting path
    });
    await Promise.all(handlers.map((h) => h.commit(new Response("ok"))));
    const all = (await agent.request((s) => s.all())).value as Record<string, number>;
    expect(all.count).toBe(50);
    for (let i = 0; i < 50; i++) expect(all[`k${i}`]).toBe(i);
  });
});
