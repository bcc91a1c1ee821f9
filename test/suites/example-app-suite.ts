import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, type HttpClient } from "../helpers/http-client";
import type { RunningServer } from "./adapter-suite";

/**
 * One runtime example (examples/workers, examples/deno) with one storage setup, as a user runs
 * it: the suite starts it once and drives its routes over real HTTP with a cookie jar.
 *
 * | route | does |
 * | --- | --- |
 * | `GET /` | `{ count, user, notice }` (notice is a flash: once) |
 * | `POST /count` | `update("count", n => n + 1)`, 303 to `/` |
 * | `POST /login` (form `name`) | `cycleId()`, `setOwner(name)` (server storage), `set("user")`, flash, 303 |
 * | `POST /logout` | `destroy()`, 303 |
 */
export interface ExampleUnderTest {
  name: string;
  start(): Promise<RunningServer>;
  /** Whether concurrent updates on one session must all land (server storage; not `"cookie"`, where the last cookie wins). */
  concurrentUpdates: boolean;
  /** Skip the whole suite, with the reason printed. */
  skip?: string;
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The example-app checks: new / read / tamper / update ×20 / sign-in with cycleId and a flash / destroy / cache headers. */
export function describeExampleApp(example: ExampleUnderTest): void {
  describe.skipIf(!!example.skip)(`${example.name}`, () => {
    let server: RunningServer;
    const client = () => createHttpClient(server.url);
    beforeAll(async () => {
      server = await example.start();
    });
    afterAll(() => server?.close());

    it("a new visitor reads an empty session without a cookie; the first write sets one", async () => {
      const browser = client();
      const home = await browser.get("/");
      expect([home.status, home.json(), home.setCookies]).toEqual([200, { count: 0, user: null, notice: null }, []]);
      const counted = await browser.post("/count");
      expect(counted.status).toBe(303);
      expect(counted.setCookies).toHaveLength(1);
      expect(counted.setCookies[0]).toMatch(/^sid=[^;]{20,};.*Path=\/;.*HttpOnly;.*SameSite=Lax/);
      const read = await browser.get("/");
      expect([read.json().count, read.setCookies]).toEqual([1, []]);
    });

    it("marks every session-dependent response Vary: Cookie and private", async () => {
      const browser = client();
      await browser.post("/count");
      for (const response of [await browser.get("/"), await client().get("/")]) {
        expect(response.headers.get("vary")).toMatch(/\bCookie\b/i);
        expect(response.headers.get("cache-control")).toMatch(/\bprivate\b/);
        expect(response.headers.get("cache-control")).not.toMatch(/public|s-maxage/);
      }
    });

    it("treats a tampered cookie as no session: 200, empty, no cookie", async () => {
      const browser = client();
      await browser.post("/count");
      const value = browser.jar.get("sid")!;
      const other = (char: string | undefined) => (char === "A" ? "B" : "A");
      const middle = value.length >> 1;
      const forgeries = [
        `${value.slice(0, -1)}${other(value.at(-1))}`,
        `${other(value[0])}${value.slice(1)}`,
        `${value.slice(0, middle)}${other(value[middle])}${value.slice(middle + 1)}`,
        `${value}x`,
        "garbage",
      ];
      for (const forged of forgeries) {
        const read = await browser.get("/", { cookie: `sid=${forged}` });
        expect([read.status, read.json(), read.setCookies]).toEqual([200, { count: 0, user: null, notice: null }, []]);
      }
      expect((await browser.get("/")).json().count).toBe(1);
    });

    it("counts 20 updates in a row", async () => {
      const browser = client();
      for (let i = 0; i < 20; i++) expect((await browser.post("/count")).status).toBe(303);
      expect((await browser.get("/")).json().count).toBe(20);
    });

    if (example.concurrentUpdates) it("keeps all of 20 concurrent updates on one session", async () => {
      const browser = client();
      await browser.post("/count");
      const cookie = browser.cookieHeader();
      const responses = await Promise.all(Array.from({ length: 20 }, () => browser.post("/count", { cookie })));
      expect(responses.map((response) => response.status)).toEqual(Array(20).fill(303));
      expect((await browser.get("/", { cookie })).json().count).toBe(21);
    });

    it("signs in with a new id, keeps the data, shows the flash once after the redirect", async () => {
      const browser = client();
      await browser.post("/count");
      const before = browser.cookieHeader();
      const signIn = await browser.post("/login", { headers: FORM, body: "name=ada" });
      expect(signIn.status).toBe(303);
      expect(signIn.setCookies).toHaveLength(1);
      expect(browser.cookieHeader()).not.toBe(before);
      expect((await browser.follow(signIn)).json()).toEqual({ count: 1, user: "ada", notice: "Welcome, ada" });
      expect((await browser.get("/")).json()).toEqual({ count: 1, user: "ada", notice: null });
      // (The id before sign-in keeps resolving to the new record for `rotationGrace` seconds, so
      // requests in flight are not lost: that is the core's own tested behaviour, not checked here.)
    });

    it("signs out: the cookie expires and the old one reads nothing", async () => {
      const browser = client();
      await browser.post("/login", { headers: FORM, body: "name=grace" });
      const signedIn = browser.cookieHeader();
      const signOut = await browser.post("/logout");
      expect(signOut.status).toBe(303);
      expect(signOut.setCookies).toHaveLength(1);
      expect(signOut.setCookies[0]).toMatch(/^sid=;.*Max-Age=0/);
      expect(browser.jar.has("sid")).toBe(false);
      expect((await browser.get("/")).json()).toEqual({ count: 0, user: null, notice: null });
      if (example.concurrentUpdates) expect((await browser.get("/", { cookie: signedIn })).json().user).toBeNull();
    });
  });
}

export type { HttpClient };
