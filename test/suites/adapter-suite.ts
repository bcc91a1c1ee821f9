import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../../src/index";
import { createHttpClient } from "../helpers/http-client";
import { freePort } from "../helpers/ports";

/** A valid secret for adapter tests. */
export const ADAPTER_SECRET = "adapter-suite-secret-0123456789-abcdefgh";

/** The options the suite built a `sessions` with: plain JSON, for servers in another process (Bun). */
export interface AdapterSessionsConfig {
  secrets: string[];
  storage: string;
  storageTimeout?: number;
  /** Seconds a rotated-away id still resolves (the suite checks that it dies at once: 0). */
  rotationGrace?: number;
}

/** A real HTTP server listening on 127.0.0.1. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  close(): Promise<void>;
}

/** One adapter under test: it only has to start a server implementing the route contract. */
export interface AdapterUnderTest {
  name: string;
  /**
   * Starts a real HTTP server on 127.0.0.1 (port 0) serving the route contract of
   * `test/suites/adapter-routes.ts` through the adapter, with `sessions`. A server in another
   * process builds its own from `config` instead (`defineSessions(config)` is equivalent).
   */
  start(sessions: Sessions<any>, config: AdapterSessionsConfig): Promise<RunningServer>;
  /** Skip the whole suite, with the reason printed. */
  skip?: string;
}


/**
 * The behaviour every adapter must have, driven over real HTTP with a cookie jar (after
 * tower-sessions' route tests): the suite builds healthy (memory) and broken (Redis on a closed
 * port) `sessions`, starts one server for each, and runs the checks against them.
 */
export function describeAdapter(adapter: AdapterUnderTest): void {
  describe.skipIf(!!adapter.skip)(`${adapter.name} adapter conformance`, () => {
    // No rotation grace: the suite checks that a cycled-away cookie reads nothing at once (test/lifecycle-*.test.ts covers the grace window).
    const healthyConfig: AdapterSessionsConfig = { secrets: [ADAPTER_SECRET], storage: "memory:", rotationGrace: 0 };
    let downConfig: AdapterSessionsConfig;
    const opened: Sessions<any>[] = [];
    let healthy: RunningServer | undefined;
    let down: RunningServer | undefined;
    const client = () => createHttpClient(healthy!.url);

    beforeAll(async () => {
      downConfig = { secrets: [ADAPTER_SECRET], storage: `redis://127.0.0.1:${await freePort()}`, storageTimeout: 300 };
      const start = async (config: AdapterSessionsConfig) => {
        const sessions = defineSessions(config);
        opened.push(sessions);
        return adapter.start(sessions, config);
      };
      [healthy, down] = await Promise.all([start(healthyConfig), start(downConfig)]);
    });
    afterAll(async () => {
      await Promise.all([healthy?.close(), down?.close()]);
      await Promise.all(opened.map((sessions) => sessions.close()));
    });

    it("sets no cookie when the session is not written", async () => {
      const browser = client();
      const read = await browser.get("/get?key=user");
      expect(read.status).toBe(200);
      expect(read.json().value ?? null).toBeNull();
      expect(read.setCookies).toEqual([]);
      const home = await browser.get("/");
      expect(home.json()).toEqual({ user: null, notice: null });
      expect(home.setCookies).toEqual([]);
    });

    it("treats bogus and malformed cookies as no session: 200, then a fresh session on write", async () => {
      for (const cookie of ["sid=bogus", "sid=%%%; sid=\"a.b\"; =;; x", `sid=${"A".repeat(5000)}`]) {
        const browser = client();
        const read = await browser.get("/get?key=user", { cookie });
        expect(read.status).toBe(200);
        expect(read.json().value ?? null).toBeNull();
        expect(read.setCookies).toEqual([]);
        const write = await browser.post("/set?key=user&value=%22ada%22", { cookie });
        expect(write.status).toBe(200);
        expect(write.setCookies).toHaveLength(1);
        expect(write.setCookies[0]).toMatch(/^sid=[^;]{20,}; /);
        expect((await browser.get("/get?key=user")).json().value).toBe("ada");
      }
    });

    it("stores a value and reads it back on later requests, with Vary: Cookie", async () => {
      const browser = client();
      const write = await browser.post(`/set?key=cart&value=${encodeURIComponent(JSON.stringify([1, { n: 2 }]))}`);
      expect(write.status).toBe(200);
      expect(write.json()).toEqual({ ok: true });
      expect(write.setCookies).toHaveLength(1);
      expect(write.setCookies[0]).toMatch(/^sid=[^;]+;.*Path=\/;.*HttpOnly;.*SameSite=Lax/);
      const read = await browser.get("/get?key=cart");
      expect(read.json()).toEqual({ value: [1, { n: 2 }] });
      expect(read.headers.get("vary")).toMatch(/\bCookie\b/i);
      expect(read.headers.get("cache-control")).toMatch(/private|no-store/);
    });

    it("removes the last value", async () => {
      const browser = client();
      await browser.post("/set?key=a&value=1");
      const unset = await browser.post("/unset?key=a");
      expect(unset.status).toBe(200);
      expect((await browser.get("/get?key=a")).json().value ?? null).toBeNull();
    });

    it("cycleId issues a new cookie, keeps the data, and the old cookie reads nothing", async () => {
      const browser = client();
      await browser.post("/set?key=user&value=%22ada%22");
      const oldCookie = browser.cookieHeader();
      const cycled = await browser.post("/cycle");
      expect(cycled.setCookies).toHaveLength(1);
      expect(browser.cookieHeader()).not.toBe(oldCookie);
      expect((await browser.get("/get?key=user")).json().value).toBe("ada");
      const stale = await browser.get("/get?key=user", { cookie: oldCookie });
      expect(stale.status).toBe(200);
      expect(stale.json().value ?? null).toBeNull();
    });

    it("destroy expires the cookie with Max-Age=0 and the old cookie reads nothing", async () => {
      const browser = client();
      await browser.post("/set?key=user&value=%22ada%22");
      const oldCookie = browser.cookieHeader();
      const destroyed = await browser.post("/destroy");
      expect(destroyed.status).toBe(200);
      expect(destroyed.setCookies).toHaveLength(1);
      expect(destroyed.setCookies[0]).toMatch(/^sid=;.*Max-Age=0/);
      expect(browser.jar.has("sid")).toBe(false);
      expect((await browser.get("/get?key=user", { cookie: oldCookie })).json().value ?? null).toBeNull();
    });

    it("setExpiry makes a persistent cookie, and null a browser-session one", async () => {
      const browser = client();
      await browser.post("/set?key=user&value=%22ada%22");
      const remembered = await browser.post("/expiry?seconds=3600");
      expect(remembered.setCookies).toHaveLength(1);
      expect(remembered.setCookies[0]).toContain("Max-Age=3600");
      const forgotten = await browser.post("/expiry?seconds=null");
      expect(forgotten.setCookies).toHaveLength(1);
      expect(forgotten.setCookies[0]).not.toMatch(/Max-Age|Expires/i);
      expect((await browser.get("/get?key=user")).json().value).toBe("ada");
    });

    it("carries the cookie on a login redirect and shows a flash once", async () => {
      const browser = client();
      await browser.post("/set?key=user&value=%22guest%22");
      const before = browser.cookieHeader();
      const redirect = await browser.post("/login?name=ada");
      expect(redirect.status).toBe(302);
      expect(new URL(redirect.headers.get("location")!, healthy!.url).pathname).toBe("/");
      expect(redirect.setCookies).toHaveLength(1);
      expect(browser.cookieHeader()).not.toBe(before); // login cycled the id
      const landed = await browser.follow(redirect);
      expect(landed.status).toBe(200);
      expect(landed.json()).toEqual({ user: "ada", notice: "Welcome ada" });
      expect((await browser.get("/")).json()).toEqual({ user: "ada", notice: null });
    });

    it("keeps a handler's own Set-Cookie next to the session's", async () => {
      const browser = client();
      const response = await browser.post("/own-cookie");
      expect(response.status).toBe(200);
      expect(response.setCookies).toHaveLength(2);
      expect(response.setCookies).toContain("own=1; Path=/");
      expect(response.setCookies.some((line) => line.startsWith("sid="))).toBe(true);
      expect((await browser.get("/get?key=x")).json().value).toBe(1);
    });

    it("answers 503 with a clear body and no session cookie when storage is down", async () => {
      const broken = createHttpClient(down!.url);
      const write = await broken.post("/set?key=a&value=1");
      expect(write.status).toBe(503);
      expect(write.text).toMatch(/session storage/i);
      expect(write.setCookies.filter((line) => line.startsWith("sid="))).toEqual([]);
      // A validly signed cookie (same secret) makes the read itself hit the broken store.
      const browser = client();
      await browser.post("/set?key=a&value=1");
      const read = await broken.get("/get?key=a", { cookie: browser.cookieHeader() });
      expect(read.status).toBe(503);
      expect(read.text).toMatch(/session storage/i);
      expect(read.setCookies).toEqual([]);
      const untouched = await broken.get("/get-nothing");
      expect(untouched.status).toBe(404); // a request that never touches its session never hits storage
    });
  });
}
