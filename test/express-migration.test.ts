import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisStore } from "connect-redis";
import express from "express";
import session, { type SessionStore } from "express-session";
import createFileStore from "session-file-store";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fromExpressSession, sessionMiddleware } from "../adapters/node";
import { defineSessions, type Sessions } from "../src/index";
import { createHttpClient } from "./helpers/http-client";
import { listen } from "./helpers/node-apps";
import type { RunningServer } from "./suites/adapter-suite";

// Real express-session writes sessions into a real store; a sessionkit app then adopts them.

const OLD_SECRETS = ["new-express-secret", "old-express-secret"];
const SECRET = "migration-test-secret-0123456789-abcdefgh";
const redisUrl = inject("redisUrl");
if (!redisUrl) console.warn("\n[express-migration] connect-redis case SKIPPED: no Redis (see test/setup/redis.ts)\n");

interface StoreCase {
  name: string;
  skip?: boolean;
  open(): Promise<{ store: SessionStore; close(): Promise<void> }>;
}

const stores: StoreCase[] = [
  { name: "MemoryStore", open: async () => ({ store: new session.MemoryStore(), close: async () => {} }) },
  {
    name: "session-file-store",
    async open() {
      const dir = await mkdtemp(join(tmpdir(), "sessionkit-file-store-"));
      const FileStore = createFileStore(session);
      const store = new FileStore({ path: dir, retries: 0, reapInterval: -1, logFn: () => {} });
      return { store, close: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: "connect-redis",
    skip: !redisUrl,
    async open() {
      const client = createClient({ url: redisUrl });
      await client.connect();
      const store = new RedisStore({ client, prefix: `migration-${process.pid}:` }) as unknown as SessionStore;
      return { store, close: async () => void (await client.quit()) };
    },
  },
];

for (const storeCase of stores) {
  describe.skipIf(!!storeCase.skip)(`migrating from express-session with ${storeCase.name}`, () => {
    let store: SessionStore;
    let closeStore: () => Promise<void>;
    let sessions: Sessions<any>;
    let oldApp: RunningServer;
    let newApp: RunningServer;
    let storeReads = 0;

    beforeAll(async () => {
      ({ store, close: closeStore } = await storeCase.open());
      // The app as it ran before: express-session signing with the first of its secrets.
      const before = express();
      before.use(session({ secret: OLD_SECRETS, store, resave: false, saveUninitialized: false }));
      before.post("/sign-in", (req, res) => {
        const data = req.session as unknown as Record<string, unknown>;
        data.user = "ada";
        data.cart = [1, { n: 2 }];
        res.send("signed in");
      });
      oldApp = await listen(before);

      // The app after the move: sessionkit, adopting what express-session left behind.
      const counted: SessionStore = {
        get: (sid, callback) => (storeReads++, store.get(sid, callback)),
        set: store.set.bind(store),
        destroy: store.destroy.bind(store),
      };
      sessions = defineSessions({ secrets: SECRET, legacy: fromExpressSession({ secret: OLD_SECRETS, store: counted }) });
      const after = express();
      after.use(sessionMiddleware(sessions));
      after.get("/", async (req, res) => res.json({ user: (await req.session.get("user")) ?? null, cart: (await req.session.get("cart")) ?? null }));
      after.post("/rename", async (req, res) => {
        req.session.set("user", "grace");
        res.json(await req.session.all());
      });
      after.post("/sign-out", (req, res) => {
        req.session.destroy();
        res.redirect("/");
      });
      newApp = await listen(after);
    });
    afterAll(async () => {
      await Promise.all([oldApp?.close(), newApp?.close()]);
      await sessions?.close();
      await closeStore?.();
    });

    /** Signs in on the old app and returns the express-session cookie (`connect.sid=s%3A…`) and id. */
    async function oldSession(): Promise<{ cookie: string; sid: string }> {
      const response = await createHttpClient(oldApp.url).post("/sign-in");
      const line = response.setCookies.find((entry) => entry.startsWith("connect.sid="))!;
      const cookie = line.split(";")[0]!;
      const sid = decodeURIComponent(cookie.slice("connect.sid=".length)).slice(2).split(".")[0]!;
      return { cookie, sid };
    }
    // express-session's convention: ENOENT (session-file-store) means "no such session".
    const storedOld = (sid: string) =>
      new Promise((resolve, reject) =>
        store.get(sid, (error, value) => (error && (error as { code?: string }).code !== "ENOENT" ? reject(error) : resolve(value ?? null))),
      );

    it("adopts the old session's data into a new sessionkit session, removes the old record, expires the old cookie", async () => {
      const { cookie, sid } = await oldSession();
      expect(await storedOld(sid)).toMatchObject({ user: "ada" });
      const browser = createHttpClient(newApp.url);
      const adopted = await browser.get("/", { cookie });
      expect(adopted.json()).toEqual({ user: "ada", cart: [1, { n: 2 }] });
      expect(adopted.setCookies).toHaveLength(2);
      expect(adopted.setCookies).toContainEqual(expect.stringMatching(/^connect\.sid=; Path=\/; .*Max-Age=0/));
      const issued = adopted.setCookies.find((line) => line.startsWith("sid="))!;
      expect(issued).toMatch(/^sid=[^;]{20,};/);
      expect(issued).not.toContain(sid);
      expect(await storedOld(sid)).toBeNull();
      // From now on the sessionkit cookie alone carries it, and express-session's `cookie` field stayed behind.
      const next = await browser.get("/");
      expect([next.json(), next.setCookies]).toEqual([{ user: "ada", cart: [1, { n: 2 }] }, []]);
      expect(Object.keys((await browser.post("/rename")).json()).sort()).toEqual(["cart", "user"]);
      // The old cookie, replayed, now finds nothing and is expired again.
      const replayed = await createHttpClient(newApp.url).get("/", { cookie });
      expect(replayed.json()).toEqual({ user: null, cart: null });
      expect(replayed.setCookies).toEqual([expect.stringMatching(/^connect\.sid=; .*Max-Age=0/)]);
    });

    it("lets the request's own writes win over the adopted data", async () => {
      const { cookie } = await oldSession();
      const browser = createHttpClient(newApp.url);
      expect((await browser.post("/rename", { cookie })).json()).toEqual({ user: "grace", cart: [1, { n: 2 }] });
      expect((await browser.get("/")).json()).toEqual({ user: "grace", cart: [1, { n: 2 }] });
    });

    it("adopts nothing from a tampered cookie, and never asks the old store about it", async () => {
      const { cookie, sid } = await oldSession();
      const reads = storeReads;
      const flipped = cookie.slice(0, -2) + (cookie.at(-2) === "A" ? "B" : "A") + cookie.at(-1);
      const otherId = cookie.replace(sid, sid.slice(0, -1) + (sid.at(-1) === "a" ? "b" : "a"));
      for (const forged of [flipped, otherId, "connect.sid=" + encodeURIComponent(`s:${sid}`), `connect.sid=${sid}`, "connect.sid=s%3A%ZZ"]) {
        const response = await createHttpClient(newApp.url).get("/", { cookie: forged });
        expect([response.json(), response.setCookies]).toEqual([{ user: null, cart: null }, []]);
      }
      expect(storeReads).toBe(reads);
      expect(await storedOld(sid)).toMatchObject({ user: "ada" });
    });

    it("signs out a session that was never adopted: sign-out removes the old record too", async () => {
      const { cookie, sid } = await oldSession();
      const response = await createHttpClient(newApp.url).post("/sign-out", { cookie });
      expect(response.status).toBe(302);
      expect(response.setCookies).toEqual([expect.stringMatching(/^connect\.sid=; .*Max-Age=0/)]);
      expect(await storedOld(sid)).toBeNull();
      expect((await createHttpClient(newApp.url).get("/", { cookie })).json()).toEqual({ user: null, cart: null });
    });
  });
}

describe("fromExpressSession", () => {
  const store = { get: () => {}, destroy: () => {} };
  it("refuses unusable options at construction", () => {
    expect(() => fromExpressSession({ secret: "", store })).toThrow(/needs `secret`/);
    expect(() => fromExpressSession({ secret: [], store })).toThrow(/needs `secret`/);
    expect(() => fromExpressSession({ secret: "s", store: {} as never })).toThrow(/needs `store`/);
    expect(() => fromExpressSession({ secret: "s", store, name: "bad name" })).toThrow(/cookie name/);
    expect(() => defineSessions({ secrets: SECRET, legacy: {} as never })).toThrow(/`legacy` must be a/);
  });

  const requestWith = (cookie: string) => ({ url: "http://localhost/", headers: { get: (name: string) => (name === "cookie" ? cookie : null) } });

  it("verifies with any of its secrets, as express-session does after a rotation", async () => {
    const cookie = await signedCookie("old-express-secret");
    const sid = decodeURIComponent(cookie.slice("connect.sid=".length)).slice(2).split(".")[0]!;
    const asked: string[] = [];
    const stub = {
      get: (id: string, callback: (error: unknown, session?: Record<string, unknown> | null) => void) => (asked.push(id), callback(null, { cookie: {}, user: "ada" })),
      destroy: (_id: string, callback?: (error?: unknown) => void) => callback?.(),
    };
    const rotated = fromExpressSession({ secret: ["rotated-newer-secret", "old-express-secret"], store: stub });
    expect((await rotated.read(requestWith(`a=1; ${cookie}; b=2`)))?.data).toEqual({ user: "ada" });
    expect(asked).toEqual([sid]);
    expect(await fromExpressSession({ secret: "another-secret", store: stub }).read(requestWith(cookie))).toBeUndefined();
    expect(await rotated.read(requestWith(cookie.replace("connect.sid", "other.sid")))).toBeUndefined();
    expect(asked).toEqual([sid]);
  });

  it("adopts nothing from a record past its cookie.expires, and expires the old cookie with its path and domain", async () => {
    const cookie = await signedCookie("old-express-secret");
    const stub = {
      get: (_id: string, callback: (error: unknown, session?: Record<string, unknown> | null) => void) =>
        callback(null, { cookie: { expires: new Date(Date.now() - 1000).toISOString() }, user: "ada" }),
      destroy: (_id: string, callback?: (error?: unknown) => void) => callback?.(),
    };
    const found = await fromExpressSession({ secret: "old-express-secret", store: stub, cookie: { path: "/app", domain: "example.com" } }).read(requestWith(cookie));
    expect(found?.data).toEqual({});
    expect(found?.cookies).toEqual(["connect.sid=; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Domain=example.com"]);
  });

  it("answers 503 when the old store does not answer, and nothing is adopted", async () => {
    const hanging = { get: () => {}, destroy: () => {} };
    const signed = await signedCookie("s3cret-of-the-old-app");
    const sessions = defineSessions({ secrets: SECRET, legacy: fromExpressSession({ secret: "s3cret-of-the-old-app", store: hanging, timeout: 100 }) });
    const app = express();
    app.use(sessionMiddleware(sessions));
    app.get("/", async (req, res, next) => {
      try {
        res.json({ user: (await req.session.get("user")) ?? null });
      } catch (error) {
        next(error);
      }
    });
    const server = await listen(app);
    try {
      const response = await createHttpClient(server.url).get("/", { cookie: signed });
      expect(response.status).toBe(503);
      expect(response.text).toMatch(/session storage/i);
      expect(response.setCookies).toEqual([]);
    } finally {
      await server.close();
      await sessions.close();
    }
  });
});

/** A `connect.sid` cookie signed the way express-session signs it (with real express-session). */
async function signedCookie(secret: string): Promise<string> {
  const app = express();
  app.use(session({ secret, resave: false, saveUninitialized: true }));
  app.get("/", (_req, res) => res.send("ok"));
  const server = await listen(app);
  try {
    const response = await createHttpClient(server.url).get("/");
    return response.setCookies.find((line) => line.startsWith("connect.sid="))!.split(";")[0]!;
  } finally {
    await server.close();
  }
}
