import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type SessionEvent, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

const MINUTE = 60_000;
const RENEW_SECONDS = 3600;
const GRACE_SECONDS = 5;

describe("renewal (renewInterval) with an injected clock", () => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });

  function setup(options: { renewInterval?: number; touchInterval?: number } = {}) {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const events: SessionEvent[] = [];
    const { storage, calls } = createRecordingStorage();
    const sessions = defineSessions({
      secrets: SECRET,
      storage,
      now: () => clock.t,
      renewInterval: RENEW_SECONDS,
      rotationGrace: GRACE_SECONDS,
      onEvent: (event) => events.push(event),
      ...options,
    });
    opened.push(sessions);
    const writes = () => calls.filter((call) => call.method === "setItem" || call.method === "removeItem").length;
    return { clock, events, calls, sessions, writes, browser: createAgent(sessions) };
  }

  it("rotates the id of a live session on its first request once renewInterval has passed, and not before", async () => {
    const { clock, events, browser } = setup();
    await browser.request((s) => s.set("n", 1));
    const first = browser.cookieHeader();

    clock.t += 59 * MINUTE;
    const early = await browser.request((s) => s.get("n"));
    expect(early.setCookies).toEqual([]);
    expect(browser.cookieHeader()).toBe(first);

    clock.t += 1 * MINUTE;
    const due = await browser.request((s) => s.get("n"));
    expect(due.value).toBe(1);
    expect(due.setCookies).toHaveLength(1);
    expect(browser.cookieHeader()).not.toBe(first);
    expect(events.filter((event) => event.type === "cycled")).toHaveLength(1);

    // The next renewal counts from this rotation, not from the session's creation.
    const second = browser.cookieHeader();
    clock.t += 30 * MINUTE;
    expect((await browser.request((s) => s.get("n"))).setCookies).toEqual([]);
    clock.t += 30 * MINUTE;
    expect((await browser.request((s) => s.get("n"))).setCookies).toHaveLength(1);
    expect(browser.cookieHeader()).not.toBe(second);
    expect(events.filter((event) => event.type === "cycled")).toHaveLength(2);
    expect(events.filter((event) => event.type === "created")).toHaveLength(1);
  });

  it("keeps the old id working for rotationGrace, then it is dead", async () => {
    const { clock, browser, sessions } = setup();
    await browser.request((s) => s.set("n", 1));
    const old = browser.cookieHeader();
    clock.t += RENEW_SECONDS * 1000;
    await browser.request((s) => s.get("n"));

    clock.t += (GRACE_SECONDS - 1) * 1000;
    const inGrace = await createAgent(sessions).request(
      async (s) => {
        const n = await s.get("n");
        s.set("n", n + 1);
        return n;
      },
      { cookie: old },
    );
    expect(inGrace.value).toBe(1);
    expect(inGrace.setCookies).toEqual([]);
    expect((await browser.request((s) => s.get("n"))).value).toBe(2);

    clock.t += 2000;
    const after = await createAgent(sessions).request((s) => s.get("n"), { cookie: old });
    expect(after.value).toBeUndefined();
  });

  it("adds no store write beyond the rotation itself (the same writes as an explicit cycleId)", async () => {
    // A read-only request that renews, against a request that calls cycleId() at the same point.
    const renewing = setup();
    await renewing.browser.request((s) => s.set("n", 1));
    renewing.clock.t += RENEW_SECONDS * 1000;
    const before = renewing.writes();
    await renewing.browser.request((s) => s.get("n"));
    const renewalWrites = renewing.writes() - before;

    const cycling = setup({ renewInterval: 0 });
    await cycling.browser.request((s) => s.set("n", 1));
    cycling.clock.t += RENEW_SECONDS * 1000;
    const cycleBefore = cycling.writes();
    await cycling.browser.request((s) => s.cycleId());
    const cycleWrites = cycling.writes() - cycleBefore;

    // The new record and the old id's alias: two writes, the refresh folded into the rotation.
    expect(renewalWrites).toBe(2);
    expect(renewalWrites).toBe(cycleWrites);

    // Between renewals, read-only requests write nothing at all.
    const quiet = renewing.writes();
    for (let i = 0; i < 10; i++) {
      renewing.clock.t += MINUTE;
      await renewing.browser.request((s) => s.get("n"));
    }
    expect(renewing.writes()).toBe(quiet);

    // A request that writes as it renews stores its change in the rotated record: still two writes.
    renewing.clock.t += RENEW_SECONDS * 1000;
    const writingBefore = renewing.writes();
    await renewing.browser.request((s) => s.set("n", 2));
    expect(renewing.writes() - writingBefore).toBe(2);
    expect((await renewing.browser.request((s) => s.get("n"))).value).toBe(2);
  });

  it("concurrent requests that all find the renewal due rotate the id once, and each write is kept", async () => {
    const { clock, events, browser, sessions, writes } = setup();
    await browser.request((s) => s.set("n", 0));
    const old = browser.cookieHeader();
    clock.t += RENEW_SECONDS * 1000;
    const before = writes();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        createAgent(sessions).request(
          async (s) => {
            await s.get("n");
            s.update("n", (n: number) => n + 1);
          },
          { cookie: old },
        ),
      ),
    );
    const cookies = results.flatMap((result) => result.setCookies);
    expect(cookies).toHaveLength(1);
    expect(events.filter((event) => event.type === "cycled")).toHaveLength(1);
    // One rotation (record + alias), then one write per follower's update.
    expect(writes() - before).toBe(2 + 7);
    const renewed = createAgent(sessions);
    const value = await renewed.request((s) => s.get("n"), { cookie: cookies[0]!.split(";")[0] });
    expect(value.value).toBe(8);
    expect(value.setCookies).toEqual([]);
  });

  it("is off by default", async () => {
    const { clock, browser } = setup({ renewInterval: undefined });
    await browser.request((s) => s.set("n", 1));
    const first = browser.cookieHeader();
    clock.t += 29 * 24 * 60 * MINUTE;
    await browser.request((s) => s.get("n"));
    expect(browser.cookieHeader().split("=")[1]!.split(".")[0]).toBe(first.split("=")[1]!.split(".")[0]);
  });

  it("moves the owner index with the id: listByOwner shows one session, and revokeOwner ends it", async () => {
    const { clock, browser, sessions } = setup();
    await browser.request((s) => {
      s.set("user", "ada");
      s.setOwner("ada", { device: "laptop" });
    });
    clock.t += RENEW_SECONDS * 1000;
    const { value: id } = await browser.request(async (s) => {
      await s.get("user");
      return s.id;
    });
    const owned = await sessions.listByOwner("ada", { current: id });
    expect(owned).toHaveLength(1);
    expect(owned[0]).toMatchObject({ current: true, device: "laptop" });
    expect(await sessions.revokeOwner("ada")).toBe(1);
    expect((await browser.request((s) => s.get("user"))).value).toBeUndefined();
  });
});
