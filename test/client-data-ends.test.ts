import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Session, type Sessions, type SessionsOptions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { cleanupStorages, storageCases } from "./helpers/storages";

const SECRET = "client-data-test-secret-0123456789-abcdef";
const HOUR = 60 * 60;

afterAll(cleanupStorages);

describe.each(storageCases.filter((c) => c.serverSide))("client data never outlives its session ($name)", (storageCase) => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });
  let clock = Date.now();
  const make = (options: Partial<SessionsOptions> = {}) => {
    const sessions = defineSessions({ secrets: [SECRET], storage: storageCase.storage(), rotationGrace: 0, now: () => clock, ...options });
    opened.push(sessions);
    return sessions;
  };

  /** Signs in as an admin with client data; returns the agent and a copy of its cookie. */
  const signIn = async (sessions: Sessions<any>) => {
    const agent = createAgent(sessions);
    await agent.request((s) => {
      s.set("user", "ada");
      s.setOwner("ada");
      s.client.set("role", "admin");
    });
    return { agent, copied: agent.cookieHeader() };
  };

  /** What a copy of the old token reads, and what a write through it carries into the session it creates. */
  const throughCopy = async (sessions: Sessions<any>, copied: string) => {
    const thief = createAgent(sessions);
    const read = await thief.request(async (s) => ({ role: await s.client.get("role"), user: await s.get("user") }), { cookie: copied });
    const written = await thief.request((s) => s.set("cart", [1]), { cookie: copied });
    const after = await thief.request(async (s: Session<any>) => ({ role: await s.client.get("role"), cart: await s.get("cart") }));
    return { read: read.value, wroteCookie: written.setCookies.length > 0, after: after.value };
  };

  const expectNothing = (seen: Awaited<ReturnType<typeof throughCopy>>) => {
    expect(seen.read).toEqual({ role: undefined, user: undefined });
    // The write starts a brand-new session: this request's own data only, no old client data.
    expect(seen.after).toEqual({ role: undefined, cart: [1] });
  };

  it.skipIf(!!storageCase.skip)("after destroy()", async () => {
    const sessions = make();
    const { agent, copied } = await signIn(sessions);
    await agent.request((s) => s.destroy());
    expectNothing(await throughCopy(sessions, copied));
  });

  it.skipIf(!!storageCase.skip)("after revoke() and revokeOwner()", async () => {
    const sessions = make();
    const one = await signIn(sessions);
    const [entry] = await sessions.listByOwner("ada");
    await sessions.revoke(entry!.handle);
    expectNothing(await throughCopy(sessions, one.copied));
    const two = await signIn(sessions);
    expect(await sessions.revokeOwner("ada")).toBe(1);
    expectNothing(await throughCopy(sessions, two.copied));
  });

  it.skipIf(!!storageCase.skip)("past the idle and the absolute timeout", async () => {
    const sessions = make({ idleTimeout: HOUR, absoluteTimeout: 4 * HOUR, touchInterval: 60 });
    const idle = await signIn(sessions);
    clock += 2 * HOUR * 1000;
    expectNothing(await throughCopy(sessions, idle.copied));
    const old = await signIn(sessions);
    for (let i = 0; i < 5; i++) {
      clock += 50 * 60 * 1000; // active: never idle, but older than the absolute timeout in the end
      await old.agent.request((s) => s.get("user"));
    }
    expectNothing(await throughCopy(sessions, old.copied));
  });

  it.skipIf(!!storageCase.skip)("after cycleId() (a demotion): the old token's client data is gone", async () => {
    const sessions = make();
    const { agent, copied } = await signIn(sessions);
    await agent.request((s) => {
      s.cycleId();
      s.client.set("role", "user");
    });
    expect((await agent.request((s) => s.client.get("role"))).value).toBe("user");
    expectNothing(await throughCopy(sessions, copied));
  });
});

describe("cookie storage: client data ends with the session's timeouts", () => {
  it("a copied cookie past its idle timeout reads no client data and carries none", async () => {
    let clock = Date.now();
    const sessions = defineSessions({ secrets: [SECRET], storage: "cookie", idleTimeout: HOUR, now: () => clock });
    const agent = createAgent(sessions);
    await agent.request((s) => s.client.set("role", "admin"));
    const copied = agent.cookieHeader();
    clock += 2 * HOUR * 1000;
    const thief = createAgent(sessions);
    expect((await thief.request((s) => s.client.get("role"), { cookie: copied })).value).toBeUndefined();
    await thief.request((s) => s.set("cart", [1]), { cookie: copied });
    expect((await thief.request(async (s) => [await s.client.get("role"), await s.get("cart")])).value).toEqual([undefined, [1]]);
  });
});
