import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions, type SessionsOptions, type StorageOption } from "../../src/index";
import { createAgent } from "../helpers/agent";
import { fetchImpls } from "../helpers/fetch-impls";

/** A valid secret for tests. */
export const SECRET = "test-secret-0123456789-abcdefghijklmnop";

/** One storage mode under test. */
export interface StoreUnderTest {
  name: string;
  /** A fresh storage option (e.g. a new temp dir); called once per `defineSessions`. */
  storage: () => StorageOption;
  /** Whether records live on the server (false for `"cookie"`). */
  serverSide: boolean;
  /** Skip the whole suite (with the reason printed). */
  skip?: string;
}

/**
 * The behaviour every storage mode must have, run against Node's and undici's
 * Request/Response. Each store's test file calls this and adds only what is its own.
 */
export function describeStore(store: StoreUnderTest): void {
  for (const impl of fetchImpls) {
    describe.skipIf(!!store.skip)(`${store.name} storage on ${impl.name}`, () => {
      const opened: Sessions<any>[] = [];
      const make = (options: Partial<SessionsOptions> = {}) => {
        const sessions = defineSessions({ secrets: [SECRET], storage: store.storage(), ...options });
        opened.push(sessions);
        return sessions;
      };
      afterAll(async () => {
        await Promise.all(opened.map((sessions) => sessions.close()));
      });

      it("sets no cookie and leaves the response untouched when the session is not used", async () => {
        const agent = createAgent(make(), impl);
        const original = new impl.Response("hello");
        const { response, setCookies } = await agent.request(() => undefined, { response: original });
        expect(response).toBe(original);
        expect(setCookies).toEqual([]);
        expect(response.headers.get("vary")).toBeNull();
      });

      it("creates no session for reads alone (no empty sessions)", async () => {
        const agent = createAgent(make(), impl);
        const { value, setCookies, response } = await agent.request((s) => s.get("cart"));
        expect(value).toBeUndefined();
        expect(setCookies).toEqual([]);
        expect(response.headers.get("vary")).toBe("Cookie");
      });

      it("stores a write, sets a cookie and reads it back on the next request", async () => {
        const agent = createAgent(make(), impl);
        const first = await agent.request((s) => {
          s.set("cart", [42]);
          return s.id;
        });
        expect(first.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(first.setCookies).toHaveLength(1);
        expect(first.setCookies[0]).toMatch(/^sid=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
        const second = await agent.request(async (s) => ({ cart: await s.get("cart"), id: s.id, has: await s.has("cart") }));
        expect(second.value).toEqual({ cart: [42], id: first.value, has: true });
      });

      it("reads its own writes in the same request, and all() is a snapshot", async () => {
        const agent = createAgent(make(), impl);
        await agent.request((s) => s.set("a", 1));
        const { value } = await agent.request(async (s) => {
          s.set("b", 2);
          s.update("a", (n: number) => n + 10);
          const snapshot = await s.all();
          s.unset("b");
          return { snapshot, b: await s.get("b"), a: await s.get("a") };
        });
        expect(value).toEqual({ snapshot: { a: 11, b: 2 }, b: undefined, a: 11 });
      });

      it("returns a flashed value once, on the next get", async () => {
        const agent = createAgent(make(), impl);
        await agent.request((s) => s.flash("notice", "Signed in"));
        expect((await agent.request((s) => s.get("notice"))).value).toBe("Signed in");
        expect((await agent.request((s) => s.get("notice"))).value).toBeUndefined();
      });

      it("keeps the session when its last value is removed, and clear() keeps the id", async () => {
        const agent = createAgent(make(), impl);
        const { value: id } = await agent.request((s) => {
          s.set("a", 1);
          s.set("b", 2);
          return s.id;
        });
        await agent.request((s) => s.unset("a"));
        await agent.request((s) => s.clear());
        const after = await agent.request(async (s) => ({ all: await s.all(), id: s.id }));
        expect(after.value).toEqual({ all: {}, id });
      });

      it("cycleId keeps the data under a new id and kills the old token", async () => {
        const sessions = make({ rotationGrace: 0 }); // the grace window has its own tests (test/lifecycle-*.test.ts)
        const agent = createAgent(sessions, impl);
        const { value: oldId } = await agent.request((s) => {
          s.set("user", "alice");
          return s.id;
        });
        const oldCookie = agent.cookieHeader();
        const cycled = await agent.request((s) => {
          s.cycleId();
          return s.id;
        });
        expect(cycled.value).not.toBe(oldId);
        expect(cycled.setCookies).toHaveLength(1);
        expect(agent.cookieHeader()).not.toBe(oldCookie);
        const now = await agent.request(async (s) => ({ user: await s.get("user"), id: s.id }));
        expect(now.value).toEqual({ user: "alice", id: cycled.value });
        if (store.serverSide) {
          const stale = await agent.request((s) => s.get("user"), { cookie: oldCookie });
          expect(stale.value).toBeUndefined();
        }
      });

      it("destroy deletes the record and expires the cookie", async () => {
        const agent = createAgent(make(), impl);
        await agent.request((s) => s.set("user", "alice"));
        const oldCookie = agent.cookieHeader();
        const destroyed = await agent.request((s) => s.destroy());
        expect(destroyed.setCookies).toHaveLength(1);
        expect(destroyed.setCookies[0]).toMatch(/^sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT/);
        expect(agent.jar.size).toBe(0);
        if (store.serverSide) {
          const replay = await agent.request((s) => s.get("user"), { cookie: oldCookie });
          expect(replay.value).toBeUndefined();
        }
      });

      it("setExpiry gives a persistent cookie of that age, or a browser-session cookie", async () => {
        const agent = createAgent(make(), impl);
        const remembered = await agent.request((s) => {
          s.set("user", "alice");
          s.setExpiry(60 * 60 * 24 * 14);
        });
        expect(remembered.setCookies[0]).toContain("Max-Age=1209600");
        const browserSession = await agent.request((s) => s.setExpiry(null));
        expect(browserSession.setCookies[0]).not.toMatch(/Max-Age|Expires/);
        expect((await agent.request((s) => s.get("user"))).value).toBe("alice");
      });

      it("keeps small client data encrypted in the cookie", async () => {
        const agent = createAgent(make(), impl);
        await agent.request((s) => s.client.set("theme", "dark"));
        const cookie = agent.cookieHeader();
        expect(cookie).not.toContain("dark");
        expect((await agent.request((s) => s.client.get("theme"))).value).toBe("dark");
      });

      it("re-issues a new session after a tampered token, never adopting it", async () => {
        const agent = createAgent(make(), impl);
        const { value: id } = await agent.request((s) => {
          s.set("a", 1);
          return s.id;
        });
        const cookie = agent.cookieHeader();
        const tampered = cookie.slice(0, -2) + (cookie.endsWith("A") ? "BB" : "AA");
        const result = await agent.request(
          async (s) => {
            const before = await s.get("a");
            s.set("b", 2);
            return { before, id: s.id };
          },
          { cookie: tampered },
        );
        expect(result.value.before).toBeUndefined();
        expect(result.value.id).not.toBe(id);
        expect(result.response.status).toBe(200);
      });

      it.skipIf(!store.serverSide)("keeps every one of 100 concurrent update() calls on one session", async () => {
        const sessions = make();
        const agent = createAgent(sessions, impl);
        await agent.request((s) => s.set("n", 0));
        await Promise.all(Array.from({ length: 100 }, () => agent.request((s) => s.update("n", (n: number | undefined) => (n ?? 0) + 1))));
        expect((await agent.request((s) => s.get("n"))).value).toBe(100);
      });

      it.skipIf(!store.serverSide)("keeps all of 50 concurrent writes of distinct keys", async () => {
        const agent = createAgent(make(), impl);
        await agent.request((s) => s.set("start", true));
        await Promise.all(Array.from({ length: 50 }, (_, i) => agent.request((s) => s.set(`k${i}`, i))));
        const all = (await agent.request((s) => s.all())).value as Record<string, unknown>;
        for (let i = 0; i < 50; i++) expect(all[`k${i}`]).toBe(i);
      });
    });
  }
}
