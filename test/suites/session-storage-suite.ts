// Shared checks that createSessionStorage is a drop-in for a framework's own SessionStorage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStorage, type RemixSessionStorage } from "../../adapters/remix";
import { defineSessions } from "../../src/index";
import { createHttpClient } from "../helpers/http-client";
import { serveFetch } from "../helpers/node-fetch-server";
import type { AppRoute } from "../apps/app-routes";
import { storageRoutes, type FrameworkHelpers } from "../apps/storage-routes";
import { ADAPTER_SECRET, type RunningServer } from "./adapter-suite";

/** The framework under test: its helpers, its own memory storage, and an app factory. */
export interface DropInFramework extends FrameworkHelpers {
  name: string;
  /** The framework's own `createMemorySessionStorage`, the reference behaviour. */
  createMemorySessionStorage(): RemixSessionStorageLike;
  createApp(routes: AppRoute[]): (request: Request) => Promise<Response>;
}

/** A framework SessionStorage, as loosely as both frameworks' types fit. */
export interface RemixSessionStorageLike {
  getSession(cookieHeader?: string | null): Promise<any>;
  commitSession(session: any, options?: any): Promise<string>;
  destroySession(session: any, options?: any): Promise<string>;
}

/**
 * Runs the same script of session calls against the framework's own memory storage and against
 * `createSessionStorage(sessions)`, and checks both observe the same; then drives the Remix-docs
 * sign-in flow (flash, redirect, commit, destroy) through the real framework over HTTP.
 */
export function describeDropIn(framework: DropInFramework): void {
  describe(`createSessionStorage in ${framework.name}`, () => {
    it("behaves like the framework's own memory session storage (flash once, data first, unset, destroy)", async () => {
      const sessions = defineSessions({ secrets: ADAPTER_SECRET });
      const ours = await script(createSessionStorage(sessions), framework.isSession);
      const reference = await script(framework.createMemorySessionStorage(), framework.isSession);
      expect(ours).toEqual(reference);
      await sessions.close();
    });

    it("signs in the README's way: cycleId, setOwner and setExpiry forward to the core session", async () => {
      const sessions = defineSessions({ secrets: ADAPTER_SECRET });
      const storage = createSessionStorage(sessions);
      const cookieOf = (line: string) => line.split(";")[0]!;

      const anonymous = await storage.getSession(null);
      anonymous.set("cart", [1]);
      const before = cookieOf(await storage.commitSession(anonymous));

      const signIn = await storage.getSession(before);
      signIn.cycleId();
      signIn.setOwner("ada");
      signIn.setExpiry(3600);
      signIn.set("user", "ada");
      const line = await storage.commitSession(signIn);
      expect(line).toMatch(/^sid=[^;]{20,};.*Max-Age=3600/);
      const after = cookieOf(line);
      expect(after).not.toBe(before);
      expect(() => signIn.cycleId()).toThrow(/already committed/);
      expect(() => signIn.setOwner(null)).toThrow(/already committed/);

      const signedIn = await storage.getSession(after);
      expect([signedIn.get("user"), signedIn.get("cart")]).toEqual(["ada", [1]]);
      expect(await sessions.listByOwner("ada")).toHaveLength(1);
      expect(() => signedIn.setExpiry(0)).toThrow(/setExpiry takes a positive number of seconds or null/);
      expect(() => signedIn.setOwner("")).toThrow(/setOwner takes a non-empty string/);
      signedIn.setExpiry(null);
      expect(await storage.commitSession(signedIn)).not.toMatch(/Max-Age|Expires/i);

      expect(await sessions.revokeOwner("ada")).toBe(1);
      expect((await storage.getSession(after)).get("user")).toBeUndefined();

      const again = await storage.getSession(null);
      again.set("user", "bob");
      again.setOwner("bob");
      const bob = cookieOf(await storage.commitSession(again));
      const leaving = await storage.getSession(bob);
      leaving.setOwner(null);
      await storage.commitSession(leaving);
      expect(await sessions.listByOwner("bob")).toEqual([]);
      expect((await storage.getSession(bob)).get("user")).toBe("bob");
      await sessions.close();
    });

    describe("inside the framework, over HTTP", () => {
      const sessions = defineSessions({ secrets: ADAPTER_SECRET });
      let server: RunningServer;
      beforeAll(async () => {
        server = await serveFetch(framework.createApp(storageRoutes(createSessionStorage(sessions), framework)));
      });
      afterAll(async () => {
        await server.close();
        await sessions.close();
      });

      it("signs in with a flash and a redirect, shows the flash once, remembers, signs out", async () => {
        const browser = createHttpClient(server.url);
        const signIn = await browser.post("/sign-in?name=ada");
        expect(signIn.status).toBe(302);
        expect(signIn.headers.get("location")).toBe("/welcome");
        expect(signIn.setCookies).toHaveLength(1);
        expect(signIn.setCookies[0]).toMatch(/^sid=[^;]{20,};.*HttpOnly/);

        const welcome = await browser.follow(signIn);
        expect(welcome.json()).toEqual({ user: "ada", notice: "Welcome ada", isSession: true, hasId: true });
        expect((await browser.get("/welcome")).json()).toEqual({ user: "ada", notice: null, isSession: true, hasId: true });

        const remember = await browser.post("/remember");
        expect(remember.setCookies).toHaveLength(1);
        expect(remember.setCookies[0]).toContain("Max-Age=3600");

        const signedInCookie = browser.cookieHeader();
        const signOut = await browser.post("/sign-out");
        expect(signOut.status).toBe(302);
        expect(signOut.setCookies).toEqual([expect.stringMatching(/^sid=;.*Max-Age=0/)]);
        expect((await browser.follow(signOut)).json()).toMatchObject({ user: null, hasId: false });
        expect((await browser.get("/welcome", { cookie: signedInCookie })).json()).toMatchObject({ user: null, hasId: false });
      });
    });
  });
}

/**
 * One script of session calls over a storage, carrying the cookie like a browser; returns what
 * it observed (ids reduced to whether they are set, cookies to whether one was issued).
 */
async function script(storage: RemixSessionStorage | RemixSessionStorageLike, isSession: (value: unknown) => boolean): Promise<unknown[]> {
  const seen: unknown[] = [];
  let cookie: string | null = null;
  const open = async () => {
    const session = await storage.getSession(cookie);
    seen.push({ isSession: isSession(session), hasId: session.id !== "" });
    return session;
  };
  const commit = async (session: any, options?: { maxAge?: number }) => {
    const line = await storage.commitSession(session, options);
    if (line) cookie = line.split(";")[0]!;
  };

  let session = await open();
  seen.push(session.has("user"), session.get("user"), session.data);
  session.set("user", "ada");
  session.flash("notice", "hi");
  session.set("both", "value");
  session.flash("both", "flashed");
  seen.push(session.has("notice"), session.data);
  await commit(session);

  session = await open();
  seen.push(session.get("user"), session.has("notice"), session.data);
  seen.push(session.get("notice"), session.has("notice"), session.get("notice"));
  seen.push(session.get("both"), session.data);
  await commit(session);

  session = await open();
  seen.push(session.get("notice"), session.get("both"), session.data);
  session.unset("user");
  await commit(session);

  session = await open();
  seen.push(session.has("user"), session.data);
  session.set("user", "bob");
  await commit(session, { maxAge: 60 });
  session = await open();
  seen.push(session.get("user"));
  const expired = await storage.destroySession(session);
  seen.push(/Expires=Thu, 01 Jan 1970|Max-Age=0/i.test(expired));
  cookie = expired.split(";")[0]!;
  session = await open();
  seen.push(session.get("user"), session.data);
  return seen;
}
