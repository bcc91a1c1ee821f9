import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionFetch } from "../src/client";
import { CHROMIUM, launchChromium, warnNoBrowser } from "./helpers/browser";
import { FORGED, startAppOrigin, startOtherOrigin, type Origin } from "./helpers/origins";
import { MemoryWebStorage } from "./helpers/web-storage";

const KEY = "sessionkit:token";
const TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const to = (origin: Origin | string, target: string, status = 302) =>
  `${typeof origin === "string" ? origin : origin.url}/to?status=${status}&url=${encodeURIComponent(target)}`;
/** Every token value an origin received (the header present and not empty). */
const tokensSeen = (origin: Origin) => origin.seen.map((seen) => seen.token).filter((token) => token);

describe("createSessionFetch keeps tokens on their own origins", () => {
  let app: Origin;
  let other: Origin;
  let third: Origin;
  beforeAll(async () => {
    app = await startAppOrigin();
    other = await startOtherOrigin(() => app.url);
    third = await startOtherOrigin(() => app.url);
  });
  afterAll(async () => {
    await Promise.all([app?.close(), other?.close(), third?.close()]);
  });
  const reset = () => [app, other, third].forEach((origin) => (origin.seen.length = 0));

  describe("outside a browser (Node's fetch: the helper follows redirects itself)", () => {
    const start = async (options: { origins?: string[] } = {}) => {
      reset();
      const storage = new MemoryWebStorage();
      const api = createSessionFetch({ origin: app.url, storage, ...options });
      expect(await (await api("/api/cart?add=tea")).json()).toEqual({ cart: ["tea"], user: null });
      const token = storage.getItem(KEY)!;
      expect(token).toMatch(TOKEN);
      return { api, storage, token };
    };

    it("needs an origin outside a browser, and says so", () => {
      expect(() => createSessionFetch({ storage: new MemoryWebStorage() })).toThrow(/sessionkit: no origin to keep the session token to\. Pass `origin`/);
      expect(() => createSessionFetch({ storage: new MemoryWebStorage(), origin: app.url, origins: ["not a url"] })).toThrow(/`origins` must hold absolute/);
    });

    it("announces itself without a token, then sends the token to its own origin only", async () => {
      const { api, token } = await start();
      expect(app.seen[0]).toMatchObject({ path: "/api/cart", token: "" }); // empty: a header client with no token yet
      await api("/api/cart");
      expect(app.seen[1]!.token).toBe(token);
      const response = await api(`${other.url}/anything`, { headers: { accept: "application/json" } });
      expect(await response.json()).toEqual({ other: true });
      expect(other.seen).toEqual([{ path: "/anything", method: "GET", token: null }]);
    });

    it("ignores tokens in other origins' responses (no fixation)", async () => {
      const { api, storage, token } = await start();
      const response = await api(`${other.url}/anything`);
      expect(response.headers.get("x-session-id")).toBe(FORGED); // it was there to take
      expect(storage.getItem(KEY)).toBe(token);
      expect(await (await api("/api/cart?add=mug")).json()).toEqual({ cart: ["tea", "mug"], user: null });
    });

    it("carries no token across a redirect to another origin, nor back from there", async () => {
      const { api, storage, token } = await start();
      const bounced = await api(to(app, to(other, `${app.url}/api/cart`)));
      expect(await bounced.json()).toEqual({ cart: [], user: null }); // back home, but without the token: a fresh view
      expect(other.seen.map((seen) => seen.token)).toEqual([null]);
      expect(app.seen.slice(-2).map((seen) => seen.token)).toEqual([token, null]);
      expect(storage.getItem(KEY)).toBe(token); // nothing adopted after the chain left home
    });

    it("follows its own redirects with the token, and adopts a token a redirect issues", async () => {
      const { api, storage, token } = await start();
      const response = await api("/signin", { method: "POST", body: "name=ada" }); // cycleId, then 303 → /api/cart
      expect(await response.json()).toEqual({ cart: ["tea"], user: "ada" });
      const cycled = storage.getItem(KEY)!;
      expect(cycled).toMatch(TOKEN);
      expect(cycled).not.toBe(token);
      expect(app.seen.slice(-2)).toEqual([
        { path: "/signin", method: "POST", token },
        { path: "/api/cart", method: "GET", token: cycled },
      ]);
      const kept = await api(to(app, "/echo", 307), { method: "POST", body: "same body" });
      expect(await kept.json()).toEqual({ method: "POST", body: "same body" });
      expect(app.seen.at(-1)).toMatchObject({ path: "/echo", token: cycled });
    });

    it("honours redirect: manual and error", async () => {
      const { api } = await start();
      const manual = await api(to(app, `${other.url}/x`), { redirect: "manual" });
      expect(manual.status).toBe(302);
      await expect(api(to(app, "/api/cart"), { redirect: "error" })).rejects.toThrow(/redirect: "error"/);
      expect(other.seen).toEqual([]);
    });

    it("an allow-listed origin gets the token and may issue one; a redirect beyond it carries none", async () => {
      const { api, storage, token } = await start({ origins: [other.url] });
      await api(`${other.url}/api`);
      expect(other.seen.at(-1)!.token).toBe(token);
      expect(storage.getItem(KEY)).toBe(FORGED); // trusted: what it says, goes
      await api(to(other, `${third.url}/landing`));
      expect(third.seen.map((seen) => seen.token)).toEqual([null]);
    });
  });

  describe.skipIf(!CHROMIUM)("in Chromium: a page on origin A, a CORS-open origin B and a third origin C", { timeout: 60_000 }, () => {
    if (!CHROMIUM) warnNoBrowser();
    let browser: Browser;
    let page: Page;
    beforeAll(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      await page.goto(app.url);
      await page.waitForFunction('document.documentElement.dataset.ready === "true"');
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("sends the token to A only, ignores B's token, refuses to follow A's redirect to B, and follows A's own", async () => {
      reset();
      const result = await page.evaluate(
        async ({ other, toOther, toSelf }) => {
          const { createSessionFetch } = (window as any).sessionkitClient;
          const api = createSessionFetch(); // location.origin, sessionStorage
          const first = await (await api("/api/cart?add=tea")).json();
          const token = sessionStorage.getItem("sessionkit:token");
          const fromOther = await api(`${other}/steal`);
          const offered = fromOther.headers.get("x-session-id"); // B's CORS lets a page read it
          const afterOther = sessionStorage.getItem("sessionkit:token");
          const redirected = await api(toOther).then(
            () => "followed",
            (error: Error) => `rejected: ${error.name}`,
          );
          const own = await (await api(toSelf)).json();
          return { first, token, offered, afterOther, redirected, own };
        },
        { other: other.url, toOther: to(app, `${other.url}/landing`), toSelf: to(app, "/api/cart?add=mug", 303) },
      );
      expect(result.first).toEqual({ cart: ["tea"], user: null });
      expect(result.token).toMatch(TOKEN);
      expect(result.offered).toBe(FORGED);
      expect(result.afterOther).toBe(result.token); // no fixation
      expect(result.redirected).toBe("rejected: TypeError"); // mode same-origin: the browser refuses the hop
      expect(result.own).toEqual({ cart: ["tea", "mug"], user: null });
      expect(tokensSeen(other)).toEqual([]); // no leak: B never saw a token, over CORS or a redirect
      expect(other.seen.some((seen) => seen.path === "/landing")).toBe(false);
      expect(app.seen.filter((seen) => seen.path === "/api/cart" && seen.token === result.token)).toHaveLength(1); // the 303 hop
    });

    it("with B allow-listed: B gets the token, and B's redirect to C is not followed with it", async () => {
      reset();
      const result = await page.evaluate(
        async ({ other, beyond }) => {
          const { createSessionFetch } = (window as any).sessionkitClient;
          const api = createSessionFetch({ origins: [other], storage: localStorage, key: "partner" });
          await api("/api/cart?add=tea");
          const token = localStorage.getItem("partner");
          await api(`${other}/api`);
          const adopted = localStorage.getItem("partner");
          const beyondResult = await api(beyond).then(
            () => "followed",
            (error: Error) => error.message,
          );
          return { token, adopted, beyondResult };
        },
        { other: other.url, beyond: to(other, `${third.url}/landing`) },
      );
      expect(other.seen.find((seen) => seen.path === "/api" && seen.method === "GET")!.token).toBe(result.token);
      expect(result.adopted).toBe(FORGED);
      expect(result.beyondResult).toMatch(/^sessionkit: http:\/\/127\.0\.0\.1:\d+ answered with a redirect that the browser hides/);
      expect(third.seen).toEqual([]);
      expect(tokensSeen(other)).toEqual([result.token, FORGED]); // the token B issued, then to B only
    });
  });
});
