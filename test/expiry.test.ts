import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type SessionEvent, type SessionsOptions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

const DAY = 24 * 60 * 60;
const root = mkdtempSync(join(tmpdir(), "sessionkit-expiry-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Sessions on a clock the test moves by hand. */
function withClock(options: Partial<SessionsOptions> = {}) {
  let time = Date.UTC(2026, 0, 1);
  const events: SessionEvent[] = [];
  const sessions = defineSessions({ secrets: SECRET, now: () => time, onEvent: (e) => events.push(e), ...options });
  return { sessions, events, advance: (seconds: number) => (time += seconds * 1000) };
}

describe("expiry", () => {
  it("ends a session idle for longer than idleTimeout, server-side", async () => {
    // fs has no native TTL, so the expired record is still there to be recognised as expired;
    // stores with native TTL (memory, Redis) drop it and report an unknown id instead.
    const { sessions, events, advance } = withClock({ idleTimeout: 60 * 60, storage: `file:${join(root, "idle")}` });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("user", "alice"));
    advance(59 * 60);
    expect((await agent.request((s) => s.get("user"))).value).toBe("alice");
    advance(61 * 60);
    expect((await agent.request((s) => s.get("user"))).value).toBeUndefined();
    expect(events).toContainEqual({ type: "expired", reason: "idle" });
  });

  it("keeps an active session alive past idleTimeout, and ends it at absoluteTimeout", async () => {
    const { sessions, events, advance } = withClock({ idleTimeout: DAY, absoluteTimeout: 3 * DAY, storage: `file:${join(root, "absolute")}` });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("user", "alice"));
    for (let hour = 0; hour < 71; hour += 6) {
      advance(6 * 60 * 60);
      const { value } = await agent.request((s) => s.get("user"));
      if (hour + 6 < 72) expect(value).toBe("alice");
    }
    advance(6 * 60 * 60);
    expect((await agent.request((s) => s.get("user"))).value).toBeUndefined();
    expect(events).toContainEqual({ type: "expired", reason: "absolute" });
  });

  it("refreshes an active session at most once per touchInterval (20 quick reads, ≤ 1 write)", async () => {
    const { storage, calls } = createRecordingStorage();
    const { sessions, advance } = withClock({ storage, idleTimeout: DAY, touchInterval: 60 * 60 });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("user", "alice"));
    advance(2 * 60 * 60); // a refresh is due now
    calls.length = 0;
    const cookies: string[][] = [];
    for (let i = 0; i < 20; i++) {
      cookies.push((await agent.request((s) => s.get("user"))).setCookies);
      advance(10);
    }
    expect(calls.filter((call) => call.method === "setItem")).toHaveLength(1);
    expect(cookies.filter((lines) => lines.length > 0)).toHaveLength(1); // the cookie is refreshed with it
    // Record reads: one per request. A store without compare-and-set also reads the "ended" marker
    // once after each write (so a revocation in flight sticks: see SECURITY.md).
    expect(calls.filter((call) => call.method === "getItem" && call.key?.includes(":s:"))).toHaveLength(20);
    expect(calls.filter((call) => call.method === "getItem" && call.key?.includes(":x:"))).toHaveLength(1);
  });

  it("sets the cookie's Max-Age to the time left, capped by the absolute timeout", async () => {
    const { sessions, advance } = withClock({ idleTimeout: 10 * DAY, absoluteTimeout: 12 * DAY, touchInterval: 60 });
    const agent = createAgent(sessions);
    const first = await agent.request((s) => s.set("a", 1));
    expect(first.setCookies[0]).toContain(`Max-Age=${10 * DAY}`);
    advance(5 * DAY);
    const refreshed = await agent.request((s) => s.get("a"));
    expect(refreshed.setCookies[0]).toContain(`Max-Age=${7 * DAY}`); // 12 days absolute − 5 elapsed
  });

  it("setExpiry(seconds) is this session's idle lifetime, within the absolute timeout", async () => {
    const { sessions, advance } = withClock({ idleTimeout: DAY, absoluteTimeout: 30 * DAY });
    const agent = createAgent(sessions);
    await agent.request((s) => (s.set("user", "alice"), s.setExpiry(14 * DAY)));
    advance(3 * DAY); // beyond the default idle timeout, within the remembered one
    expect((await agent.request((s) => s.get("user"))).value).toBe("alice");
  });

  it("sweep() deletes expired records from memory and fs and returns how many", async () => {
    for (const storage of ["memory:", `file:${join(root, "sweep")}`]) {
      const { sessions, advance } = withClock({ storage, idleTimeout: 60 * 60 });
      for (let i = 0; i < 5; i++) await createAgent(sessions).request((s) => s.set("i", i));
      advance(30 * 60);
      const keep = createAgent(sessions);
      await keep.request((s) => s.set("keep", true));
      expect(await sessions.sweep()).toBe(0);
      advance(45 * 60); // the five are now idle for 75 min, the kept one for 45
      expect(await sessions.sweep()).toBe(5);
      expect((await keep.request((s) => s.get("keep"))).value).toBe(true);
      expect(await sessions.sweep()).toBe(0);
      await sessions.close();
    }
  });
});
