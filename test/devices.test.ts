import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, type Sessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

const redisUrl = inject("redisUrl");
const MINUTE = 60_000;
const TOUCH_SECONDS = 600;
let base = 0;

const stores: { name: string; storage: () => StorageOption; skip?: string }[] = [
  { name: "memory", storage: () => "memory:" },
  { name: "an unstorage instance", storage: () => createRecordingStorage().storage },
  {
    name: "redis",
    storage: () => ({ driver: "redis", url: redisUrl, base: `devices${base++}` }),
    skip: redisUrl ? undefined : "no Redis available",
  },
];

const LAPTOP = { userAgent: "Firefox 140 on Linux", place: "Berlin, DE" };
const PHONE = { userAgent: "Safari on iOS", place: "Hamburg, DE" };

for (const store of stores) {
  describe.skipIf(!!store.skip)(`devices in listByOwner on ${store.name}`, () => {
    const opened: Sessions<any>[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((sessions) => sessions.close()));
    });
    const clock = { t: Date.UTC(2026, 0, 1) };
    const make = () => {
      const sessions = defineSessions({ secrets: SECRET, storage: store.storage(), now: () => clock.t, touchInterval: TOUCH_SECONDS });
      opened.push(sessions);
      return sessions;
    };
    const signIn = (sessions: Sessions<any>, device: unknown) => {
      const agent = createAgent(sessions);
      return agent.request((s) => {
        s.set("user", "ada");
        s.setOwner("ada", { device });
        s.cycleId();
        return s.id!;
      }).then(({ value }) => ({ agent, id: value }));
    };

    it("lists each session with the device the app recorded, createdAt and lastSeenAt, newest activity first", async () => {
      const sessions = make();
      const signedInAt = clock.t;
      const laptop = await signIn(sessions, LAPTOP);
      clock.t += 5 * MINUTE;
      const phone = await signIn(sessions, PHONE);
      const listed = await sessions.listByOwner("ada", { current: laptop.id });
      expect(listed).toEqual([
        { handle: sessions.handleOf(phone.id), createdAt: signedInAt + 5 * MINUTE, lastSeenAt: signedInAt + 5 * MINUTE, current: false, device: PHONE },
        { handle: sessions.handleOf(laptop.id), createdAt: signedInAt, lastSeenAt: signedInAt, current: true, device: LAPTOP },
      ]);
    });

    it("moves lastSeenAt at most once per touchInterval, not on every request", async () => {
      const sessions = make();
      const start = clock.t;
      const { agent } = await signIn(sessions, LAPTOP);
      const seen: number[] = [];
      // One request a minute for an hour.
      for (let minute = 1; minute <= 60; minute++) {
        clock.t = start + minute * MINUTE;
        await agent.request((s) => s.get("user"));
        const [entry] = await sessions.listByOwner("ada");
        seen.push(entry!.lastSeenAt);
      }
      const moves = new Set([start, ...seen]).size - 1;
      expect(moves).toBeLessThanOrEqual(60 / (TOUCH_SECONDS / 60));
      expect(moves).toBeGreaterThanOrEqual(5);
      expect(seen[0]).toBe(start);
      for (let i = 1; i < seen.length; i++) {
        if (seen[i] !== seen[i - 1]) expect(seen[i]! - seen[i - 1]!).toBeGreaterThanOrEqual(TOUCH_SECONDS * 1000);
      }
      const [entry] = await sessions.listByOwner("ada");
      expect(entry!.device).toEqual(LAPTOP);
      expect(clock.t - entry!.lastSeenAt).toBeLessThanOrEqual(TOUCH_SECONDS * 1000);
    });

    it("keeps the device across writes and cycleId, replaces it with a new setOwner, drops it with setOwner(null)", async () => {
      const sessions = make();
      const { agent } = await signIn(sessions, LAPTOP);
      await agent.request((s) => s.set("cart", [1]));
      await agent.request((s) => s.cycleId());
      expect((await sessions.listByOwner("ada"))[0]!.device).toEqual(LAPTOP);
      await agent.request((s) => s.setOwner("ada", { device: PHONE }));
      expect((await sessions.listByOwner("ada"))[0]!.device).toEqual(PHONE);
      await agent.request((s) => s.setOwner("ada"));
      expect((await sessions.listByOwner("ada"))[0]!).not.toHaveProperty("device");
      await agent.request((s) => s.setOwner(null));
      expect(await sessions.listByOwner("ada")).toEqual([]);
    });
  });
}

describe("lastSeenAt costs no write per request", () => {
  it("writes the record at most once per touchInterval over an hour of requests a minute apart", async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const { storage, calls } = createRecordingStorage();
    const sessions = defineSessions({ secrets: SECRET, storage, now: () => clock.t, touchInterval: TOUCH_SECONDS });
    try {
      const agent = createAgent(sessions);
      await agent.request((s) => {
        s.setOwner("ada", { device: LAPTOP });
        s.set("user", "ada");
      });
      const recordWrites = () => calls.filter((call) => call.method === "setItem" && call.key!.includes(":s:")).length;
      const before = recordWrites();
      for (let minute = 1; minute <= 60; minute++) {
        clock.t += MINUTE;
        await agent.request((s) => s.get("user"));
      }
      expect(recordWrites() - before).toBe(60 / (TOUCH_SECONDS / 60));
    } finally {
      await sessions.close();
    }
  });
});
