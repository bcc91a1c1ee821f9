import type { Browser, BrowserContext, Page } from "playwright-core";
import { createStorage } from "unstorage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, withSession } from "../src/index";
import { CHROMIUM, launchChromium, warnNoBrowser } from "./helpers/browser";
import { serveFetch } from "./helpers/node-fetch-server";
import type { RunningServer } from "./suites/adapter-suite";
import { SECRET } from "./suites/store-suite";

const OLD_SECRET = "an-older-secret-0123456789-abcdefghijkl";
const HEADER = "x-session-id";
const MINUTE = 60_000;

/**
 * Cookie and header transport both on, one storage: the app's cookie sessions (HttpOnly) and
 * header clients side by side. `clock` drives expiry so a refresh can be made due.
 */
function bothTransports() {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const storage = createStorage();
  const options = { header: HEADER, storage, touchInterval: 60, now: () => clock.now };
  const sessions = defineSessions({ ...options, secrets: [SECRET, OLD_SECRET] });
  const oldSessions = defineSessions({ ...options, secrets: [OLD_SECRET] });
  const handler = withSession(sessions, async (request, session) => {
    const path = new URL(request.url).pathname;
    if (path === "/signin") {
      session.cycleId();
      session.setOwner("ada");
      session.set("user", "ada");
      return new Response(null, { status: 303, headers: { location: "/" } });
    }
    if (path === "/write") session.set("n", ((await session.get("n")) ?? 0) + 1);
    if (path === "/cycle") session.cycleId();
    if (path === "/client") session.client.set("theme", "dark");
    if (path === "/destroy") session.destroy();
    if (path === "/") return new Response(PAGE, { headers: { "content-type": "text/html" } });
    return Response.json({ user: (await session.get("user")) ?? null, n: (await session.get("n")) ?? 0, theme: (await session.client.get("theme")) ?? null });
  });
  /** Every token the server put in a Set-Cookie line: what HttpOnly must keep from scripts. */
  const cookieTokens: string[] = [];
  const serve = async (request: Request) => {
    const response = await handler(request);
    for (const line of response.headers.getSetCookie()) {
      const value = line.slice(line.indexOf("=") + 1).split(";")[0]!;
      if (value) cookieTokens.push(value);
    }
    return response;
  };
  /** A session signed by the old secret, as its cookie pair: the next commit re-issues it. */
  const oldCookie = async () => {
    const { session, commit } = oldSessions.createSessionHandler(new Request("http://127.0.0.1/"));
    session.set("user", "old");
    const line = (await commit(new Response())).headers.getSetCookie()[0]!;
    return line.slice(line.indexOf("=") + 1).split(";")[0]!;
  };
  return { clock, sessions, serve, cookieTokens, oldCookie, close: () => Promise.all([sessions.close(), oldSessions.close()]) };
}

/** Every part of a token that would let a reader use it: the whole, the id.mac, each part. */
const partsOf = (token: string) => [token, ...token.split(".").filter((part) => part.length >= 16)];

describe("no echo: a token that came in the HttpOnly cookie never goes out in a response header", () => {
  const app = bothTransports();
  afterAll(() => app.close());
  const call = (path: string, headers: Record<string, string> = {}) => app.serve(new Request(`http://127.0.0.1${path}`, { headers }));
  const cookieOf = (response: Response) => response.headers.getSetCookie()[0]?.split(";")[0];

  it("answers a cookie client in the cookie only: new, written, cycled, refreshed, re-issued, client data, destroyed", async () => {
    const signin = await call("/signin");
    const cookie = cookieOf(signin)!;
    expect(signin.headers.get(HEADER)).toBeNull();
    let current = cookie;
    for (const path of ["/write", "/client", "/cycle", "/read", "/destroy"]) {
      if (path === "/read") app.clock.now += 2 * MINUTE; // the refresh is due: a new cookie, same id
      const response = await call(path, { cookie: current });
      expect(response.headers.get(HEADER), path).toBeNull();
      expect(response.headers.get("access-control-expose-headers"), path).toBeNull();
      current = cookieOf(response) ?? current;
    }
    const rotated = await call("/read", { cookie: `sid=${await app.oldCookie()}` });
    expect(cookieOf(rotated)).toMatch(/^sid=/); // re-issued under the first secret…
    expect(rotated.headers.get(HEADER)).toBeNull(); // …in the cookie only
  });

  it("answers a header client in the header only; an empty header next to the cookie changes nothing", async () => {
    const cookie = cookieOf(await call("/signin"))!;
    const beside = await call("/write", { cookie, [HEADER]: "" }); // a script asking, with the browser's cookie
    expect(beside.headers.get(HEADER)).toBeNull();
    expect(await (await call("/read", { cookie })).json()).toMatchObject({ user: "ada", n: 1 });

    const asked = await call("/write", { [HEADER]: "" }); // a header client with no token yet, no cookie
    const token = asked.headers.get(HEADER)!;
    expect(token).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(asked.headers.getSetCookie()).toEqual([]); // never planted in the browser's cookie
    expect(await (await call("/read", { [HEADER]: token })).json()).toMatchObject({ user: null, n: 1 });
    const cycled = await call("/cycle", { [HEADER]: token, cookie });
    expect(cycled.headers.get(HEADER)).toMatch(/^[\w-]{22}\.[\w-]{43}$/);
    expect(cycled.headers.getSetCookie()).toEqual([]);
    const destroyed = await call("/destroy", { [HEADER]: cycled.headers.get(HEADER)!, cookie });
    expect(destroyed.headers.get(HEADER)).toBe("");
    expect(destroyed.headers.getSetCookie()).toEqual([]); // the cookie session is not the one ended
    expect(await (await call("/read", { cookie })).json()).toMatchObject({ user: "ada" });
  });

  it("without a token or a header, a new session gets a cookie and no header token", async () => {
    const response = await call("/write");
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(response.headers.get(HEADER)).toBeNull();
  });
});

describe.skipIf(!CHROMIUM)("no echo in Chromium: page scripts never read the HttpOnly cookie's token", { timeout: 60_000 }, () => {
  if (!CHROMIUM) warnNoBrowser();
  const app = bothTransports();
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    server = await serveFetch(app.serve);
    browser = await launchChromium();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await app.close();
  });

  /** Runs requests from the page with fetch and XMLHttpRequest; returns every response header a script could read. */
  const readHeaders = (paths: string[], headers: Record<string, string> = {}, credentials: RequestCredentials = "include") =>
    page.evaluate(
      async ({ paths, headers, credentials }) => {
        const seen: string[] = [];
        for (const path of paths) {
          const response = await fetch(path, { headers, credentials });
          seen.push(`fetch ${path}: ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}`);
          await response.text();
          if (credentials === "omit") continue; // XHR always sends same-origin cookies
          const xhr = new XMLHttpRequest();
          xhr.open("GET", path);
          for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
          await new Promise((resolve) => {
            xhr.onloadend = resolve;
            xhr.send();
          });
          seen.push(`xhr ${path}: ${xhr.getAllResponseHeaders()}`);
        }
        return seen;
      },
      { paths, headers, credentials },
    );
  const sid = async () => (await context.cookies(server.url)).find((cookie) => cookie.name === "sid");

  it("signs in with a form, then reads every response header of writes, cycles, refreshes, re-issues and client data", async () => {
    await page.goto(server.url);
    await page.click("button");
    await page.waitForURL(`${server.url}/`);
    expect(await sid()).toMatchObject({ httpOnly: true });

    const seen = [...(await readHeaders(["/read", "/write", "/client", "/cycle", "/read"]))];
    app.clock.now += 2 * MINUTE; // refresh due: the cookie is re-issued
    seen.push(...(await readHeaders(["/read"])));
    await context.addCookies([{ name: "sid", value: await app.oldCookie(), url: server.url, httpOnly: true }]);
    seen.push(...(await readHeaders(["/read"]))); // signed by the old secret: re-issued under the new one
    const leaked = (headers: string[]) => headers.filter((text) => app.cookieTokens.flatMap(partsOf).some((secret) => text.includes(secret)));
    expect(leaked(seen)).toEqual([]);
    expect(seen.filter((headers) => headers.includes(`${HEADER}:`))).toEqual([]);
    const beforeAsking = (await sid())!.value;
    seen.push(...(await readHeaders(["/write"], { [HEADER]: "" }))); // a script asking for a header session, cookie and all
    const asked = await readHeaders(["/write"], { [HEADER]: "" }, "omit"); // …and without the cookie: a session of its own
    expect(asked[0]).toMatch(new RegExp(`${HEADER}: [\\w-]{22}\\.[\\w-]{43}`));
    expect((await sid())!.value).toBe(beforeAsking); // the cookie stays as it was
    seen.push(...(await readHeaders(["/destroy"])));

    expect(app.cookieTokens.length).toBeGreaterThanOrEqual(6); // sign-in, client data ×2, cycle ×2, refresh, re-issue
    const secrets = app.cookieTokens.flatMap(partsOf);
    const leaks = [...seen, ...asked].filter((headers) => secrets.some((secret) => headers.includes(secret)));
    expect(leaks).toEqual([]);
    expect(seen.filter((headers) => headers.includes(`${HEADER}:`))).toEqual([]); // not even an empty one
    expect(await page.evaluate(() => document.cookie)).not.toContain("sid=");
  });
});

const PAGE = `<!doctype html><meta charset="utf-8"><title>both transports</title>
<form method="post" action="/signin"><button>Sign in</button></form>`;
