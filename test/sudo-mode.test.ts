import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const SECOND = 1000;

const stores: { name: string; storage: StorageOption }[] = [
  { name: "memory", storage: "memory:" },
  { name: "cookie", storage: "cookie" },
];

for (const store of stores) {
  describe(`sudo mode (markAuthenticated / authenticatedWithin) on ${store.name} storage`, () => {
    const opened: Sessions<any>[] = [];
    afterAll(async () => {
      await Promise.all(opened.map((sessions) => sessions.close()));
    });
    const clock = { t: Date.UTC(2026, 0, 1) };
    const make = () => {
      const sessions = defineSessions({ secrets: SECRET, storage: store.storage, now: () => clock.t, renewInterval: 3600 });
      opened.push(sessions);
      return sessions;
    };
    const within = (seconds: number) => (s: { authenticatedWithin(seconds: number): Promise<boolean> }) => s.authenticatedWithin(seconds);

    it("answers false before any sign-in, true right after markAuthenticated, false once the mark is older", async () => {
      const browser = createAgent(make());
      expect((await browser.request(within(300))).value).toBe(false);
      const signIn = await browser.request(async (s) => {
        s.set("user", "ada");
        s.cycleId();
        s.markAuthenticated();
        return s.authenticatedWithin(0); // the same request sees its own mark
      });
      expect(signIn.value).toBe(true);
      clock.t += 300 * SECOND;
      expect((await browser.request(within(300))).value).toBe(true);
      clock.t += 1 * SECOND;
      expect((await browser.request(within(300))).value).toBe(false);
      expect((await browser.request(within(3600))).value).toBe(true);
      // The mark is not session data.
      expect((await browser.request((s) => s.all())).value).toEqual({ user: "ada" });
    });

    it("a fresh sign-in (password again) moves the mark forward", async () => {
      const browser = createAgent(make());
      await browser.request((s) => {
        s.set("user", "ada");
        s.markAuthenticated();
      });
      clock.t += 600 * SECOND;
      expect((await browser.request(within(300))).value).toBe(false);
      await browser.request((s) => s.markAuthenticated());
      expect((await browser.request(within(300))).value).toBe(true);
    });

    it("is kept across cycleId and renewal", async () => {
      const browser = createAgent(make());
      await browser.request((s) => {
        s.set("user", "ada");
        s.markAuthenticated();
      });
      const before = browser.cookieHeader();
      clock.t += 60 * SECOND;
      await browser.request((s) => s.cycleId());
      expect(browser.cookieHeader()).not.toBe(before);
      expect((await browser.request(within(120))).value).toBe(true);
      expect((await browser.request(within(30))).value).toBe(false);
      // Renewal (renewInterval: 3600) rotates the id on this request; the mark rides along.
      const cycled = browser.cookieHeader();
      clock.t += 3600 * SECOND;
      expect((await browser.request(within(4000))).value).toBe(true);
      expect(browser.cookieHeader()).not.toBe(cycled);
      expect((await browser.request(within(4000))).value).toBe(true);
    });

    it("is gone with destroy: neither the next session nor the old token has it", async () => {
      const sessions = make();
      const browser = createAgent(sessions);
      await browser.request((s) => {
        s.set("user", "ada");
        s.markAuthenticated();
      });
      const old = browser.cookieHeader();
      await browser.request((s) => s.destroy());
      expect((await browser.request(within(300))).value).toBe(false);
      await browser.request((s) => s.set("cart", [1]));
      expect((await browser.request(within(300))).value).toBe(false);
      if (store.storage !== "cookie") {
        // A stateless cookie cannot be recalled; a server-side session can.
        expect((await createAgent(sessions).request(within(300), { cookie: old })).value).toBe(false);
      }
    });

    it("refuses a bad number of seconds with a clear error", async () => {
      const browser = createAgent(make());
      await expect(browser.request((s) => s.authenticatedWithin(-1))).rejects.toThrow(/sessionkit: authenticatedWithin takes a number of seconds/);
      await expect(browser.request((s) => s.authenticatedWithin(Number.NaN))).rejects.toThrow(TypeError);
    });
  });
}

describe("sudo mode through a rotated-away token", () => {
  it("a request through the old token inside the rotation grace window is not in sudo mode", async () => {
    const clock = { t: Date.UTC(2026, 0, 1) };
    const sessions = defineSessions({ secrets: SECRET, now: () => clock.t, rotationGrace: 5 });
    try {
      const browser = createAgent(sessions);
      await browser.request((s) => {
        s.set("user", "ada");
        s.markAuthenticated();
      });
      const old = browser.cookieHeader();
      await browser.request((s) => s.cycleId());
      const viaOld = await createAgent(sessions).request(async (s) => ({ user: await s.get("user"), sudo: await s.authenticatedWithin(300) }), {
        cookie: old,
      });
      expect(viaOld.value).toEqual({ user: "ada", sudo: false });
      expect((await browser.request((s) => s.authenticatedWithin(300))).value).toBe(true);
    } finally {
      await sessions.close();
    }
  });
});
