import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, type SessionEvent, type Sessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const redisUrl = inject("redisUrl");
const root = mkdtempSync(join(tmpdir(), "sessionkit-grace-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

const stores: { name: string; storage: () => StorageOption; skip?: string }[] = [
  { name: "memory", storage: () => "memory:" },
  { name: "fs", storage: () => `file:${join(root, String(count++))}` },
  {
    name: "redis",
    storage: () => ({ driver: "redis", url: redisUrl, base: `grace${count++}` }),
    skip: redisUrl ? undefined : "no Redis available",
  },
];

const IN_FLIGHT = 20;
const GRACE_SECONDS = 5;

/** A promise with its resolve function, to hold requests at a point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

for (const store of stores) {
  describe.skipIf(!!store.skip)(`rotation grace on ${store.name}`, () => {
    const opened: Sessions<any>[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((sessions) => sessions.close()));
    });
    const clock = { t: Date.UTC(2026, 0, 1) };
    const make = (events: SessionEvent[] = []) => {
      const sessions = defineSessions({
        secrets: SECRET,
        storage: store.storage(),
        now: () => clock.t,
        rotationGrace: GRACE_SECONDS,
        onEvent: (event) => events.push(event),
      });
      opened.push(sessions);
      return sessions;
    };

    it(`keeps every write of ${IN_FLIGHT} requests in flight with the old token during a sign-in, forks nothing, then the old token is dead`, async () => {
      const events: SessionEvent[] = [];
      const sessions = make(events);
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 0));
      const oldCookie = browser.cookieHeader();

      // Half the requests load the session (old id, still live) before the sign-in and commit
      // after it; the other half start once the sign-in has committed (they reach the alias).
      const signedIn = gate();
      const early = Array.from({ length: IN_FLIGHT / 2 }, (_, i) =>
        createAgent(sessions).request(
          async (s) => {
            expect(await s.get("n")).toBeGreaterThanOrEqual(0);
            await signedIn.opened;
            await new Promise((resolve) => setTimeout(resolve, i % 3));
            s.update("n", (n: number) => n + 1);
          },
          { cookie: oldCookie },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
      const signIn = await browser.request((s) => {
        s.set("user", "ada");
        s.setOwner("ada", { device: "test browser" });
        s.cycleId();
        return s.id;
      });
      expect(signIn.setCookies).toHaveLength(1);
      expect(browser.cookieHeader()).not.toBe(oldCookie);
      signedIn.open();
      const late = Array.from({ length: IN_FLIGHT / 2 }, (_, i) =>
        createAgent(sessions).request(
          async (s) => {
            await new Promise((resolve) => setTimeout(resolve, i % 3));
            const seen = { user: await s.get("user"), id: s.id };
            s.update("n", (n: number) => n + 1);
            return seen;
          },
          { cookie: oldCookie },
        ),
      );
      const results = await Promise.all([...early, ...late]);

      // Reads through the old token inside the grace see the new record, but never its id.
      for (const { value } of results.slice(IN_FLIGHT / 2)) expect(value).toEqual({ user: "ada", id: undefined });
      // None of them set a cookie: the browser keeps the one the sign-in gave it.
      for (const { setCookies } of results) expect(setCookies).toEqual([]);

      const after = await browser.request(async (s) => ({ n: await s.get("n"), user: await s.get("user"), id: s.id }));
      expect(after.value).toEqual({ n: IN_FLIGHT, user: "ada", id: signIn.value });
      expect(events.filter((event) => event.type === "created")).toHaveLength(1);
      expect(events.filter((event) => event.type === "cycled")).toHaveLength(1);
      const owned = await sessions.listByOwner("ada");
      expect(owned).toHaveLength(1);
      expect(owned[0]!.device).toBe("test browser");

      // Past the grace window the old token reads nothing, and a write through it forks nothing.
      clock.t += GRACE_SECONDS * 1000 + 1;
      const stale = await createAgent(sessions).request(
        async (s) => {
          const seen = { n: await s.get("n"), user: await s.get("user"), id: s.id };
          s.set("other", true);
          return seen;
        },
        { cookie: oldCookie },
      );
      expect(stale.value).toEqual({ n: undefined, user: undefined, id: undefined });
      const final = await browser.request(async (s) => s.all());
      expect(final.value).toEqual({ n: IN_FLIGHT, user: "ada" });
      expect(await sessions.listByOwner("ada")).toHaveLength(1);
    });

    it("a rotation with rotationGrace: 0 kills the old token at once", async () => {
      const sessions = defineSessions({ secrets: SECRET, storage: store.storage(), now: () => clock.t, rotationGrace: 0 });
      opened.push(sessions);
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 1));
      const oldCookie = browser.cookieHeader();
      await browser.request((s) => s.cycleId());
      const stale = await createAgent(sessions).request((s) => s.get("n"), { cookie: oldCookie });
      expect(stale.value).toBeUndefined();
      expect((await browser.request((s) => s.get("n"))).value).toBe(1);
    });

    it("a cycleId through the old token inside the grace starts a new session without the data (no lasting token from an old one)", async () => {
      const sessions = make();
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 1));
      const oldCookie = browser.cookieHeader();
      await browser.request((s) => {
        s.set("user", "ada");
        s.setOwner("ada");
        s.cycleId();
      });
      // Someone holding the pre-sign-in token (a fixation) signs in through it within the grace.
      const holder = createAgent(sessions);
      holder.jar.set("sid", oldCookie.slice("sid=".length));
      const rotated = await holder.request((s) => {
        s.set("user", "eve");
        s.cycleId();
      });
      expect(rotated.setCookies).toHaveLength(1);
      expect((await holder.request((s) => s.all())).value).toEqual({ user: "eve" });
      // The signed-in session is untouched and stays the only one of its owner.
      expect((await browser.request((s) => s.all())).value).toEqual({ n: 1, user: "ada" });
      expect(await sessions.listByOwner("ada")).toHaveLength(1);
    });

    it("client data written through the old token inside the grace is dropped: no token for the new session goes to it", async () => {
      const sessions = make();
      const browser = createAgent(sessions);
      await browser.request((s) => {
        s.set("n", 1);
        s.client.set("theme", "dark");
      });
      const oldCookie = browser.cookieHeader();
      await browser.request((s) => s.cycleId());
      const through = await createAgent(sessions).request(
        async (s) => {
          const theme = await s.client.get("theme");
          s.client.set("theme", "light");
          return theme;
        },
        { cookie: oldCookie },
      );
      expect(through.value).toBeUndefined();
      expect(through.setCookies).toEqual([]);
      expect((await browser.request((s) => s.client.get("theme"))).value).toBe("dark");
    });

    it("sweep() after the window keeps the live session and the old token stays dead", async () => {
      const sessions = make();
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 1));
      const oldCookie = browser.cookieHeader();
      await browser.request((s) => s.cycleId());
      clock.t += GRACE_SECONDS * 1000 + 1;
      const swept = await sessions.sweep();
      // The core's own sweep (fs) removes aliases quietly; the memory store counts every expired
      // entry it drops, the alias included; Redis expires it by TTL and sweeps nothing.
      expect(swept).toBe(store.name === "memory" ? 1 : 0);
      expect((await createAgent(sessions).request((s) => s.get("n"), { cookie: oldCookie })).value).toBeUndefined();
      expect((await browser.request((s) => s.get("n"))).value).toBe(1);
    });

    it("destroy through the old token inside the grace ends the new session too", async () => {
      const sessions = make();
      const browser = createAgent(sessions);
      await browser.request((s) => s.set("n", 1));
      const oldCookie = browser.cookieHeader();
      await browser.request((s) => s.cycleId());
      await createAgent(sessions).request((s) => s.destroy(), { cookie: oldCookie });
      expect((await browser.request((s) => s.get("n"))).value).toBeUndefined();
    });
  });
}
