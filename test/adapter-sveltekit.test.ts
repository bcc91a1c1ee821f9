import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "./helpers/http-client";
import { buildExample, startExample, typecheckExample } from "./helpers/sveltekit-example";
import { ADAPTER_SECRET, describeAdapter, type RunningServer } from "./suites/adapter-suite";
import { driveExample } from "./suites/example-flow";

// The real SvelteKit app in examples/sveltekit (handleSession inside sequence(), a +page.server.ts
// load and form actions, +server.ts endpoints), built once with Vite and adapter-node, then run as
// `node build/index.js` on 127.0.0.1 and driven over HTTP.

beforeAll(() => buildExample(), 180_000);

describeAdapter({
  name: "SvelteKit handleSession",
  start: (_sessions, config) => startExample(config),
});

describe("SvelteKit specifics", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startExample({ secrets: [ADAPTER_SECRET], storage: "memory:" });
  });
  afterAll(() => server?.close());

  const html = { accept: "text/html" };
  const form = (body: string, headers: Record<string, string> = {}) => ({
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, accept: "text/html", ...headers },
    body,
  });

  it("a form action flashes and redirects; the page's load reads the flash once", async () => {
    const browser = createHttpClient(server.url);
    const anonymous = await browser.get("/", { headers: html });
    expect(anonymous.headers.get("content-type")).toMatch(/text\/html/);
    expect(anonymous.text).toContain('action="?/login"');
    expect(anonymous.setCookies).toEqual([]);

    const signIn = await browser.post("/?/login", form("name=ada"));
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/");
    expect(signIn.setCookies).toEqual([expect.stringMatching(/^sid=[^;]{20,};.*HttpOnly/)]);

    const page = await browser.follow(signIn, { headers: html });
    expect(page.text).toContain('<p id="notice">Welcome ada</p>');
    expect(page.text).toContain('Signed in as <strong id="user">ada</strong>');
    expect(page.headers.get("vary")).toMatch(/\bCookie\b/);
    const again = await browser.get("/", { headers: html });
    expect(again.text).not.toContain("Welcome ada");
    expect(again.text).toContain('Signed in as <strong id="user">ada</strong>');

    const signOut = await browser.post("/?/logout", form(""));
    expect(signOut.status).toBe(303);
    expect(signOut.setCookies).toEqual([expect.stringMatching(/^sid=;.*Max-Age=0/)]);
    expect((await browser.follow(signOut, { headers: html })).text).toContain('action="?/login"');
  });

  it("an enhanced form action (use:enhance) gets the cookie on its JSON redirect", async () => {
    const browser = createHttpClient(server.url);
    const enhanced = await browser.post("/?/login", form("name=bob", { accept: "application/json", "x-sveltekit-action": "true" }));
    expect(enhanced.status).toBe(200);
    expect(enhanced.json()).toMatchObject({ type: "redirect", status: 303, location: "/" });
    expect(enhanced.setCookies).toHaveLength(1);
    const data = await browser.get("/__data.json");
    expect(data.text).toContain("Welcome bob");
    expect(data.setCookies).toEqual([]);
  });

  it("passes the examples' flow: counter, sign-in (cycleId + setOwner), flash after the redirect, sign-out", async () => {
    await driveExample(server.url, { forms: { count: "/?/count", login: "/?/login", logout: "/?/logout" } });
  });

  it("a later handle in sequence() sees event.locals.session", async () => {
    const browser = createHttpClient(server.url);
    const guarded = await browser.get("/account");
    expect(guarded.status).toBe(303);
    await browser.post("/login?name=ada");
    const account = await browser.get("/account");
    expect(account.status).toBe(200);
    expect(account.json()).toEqual({ user: "ada" });
  });

  it("App.Locals in src/app.d.ts types event.locals.session (the example type-checks)", async () => {
    await typecheckExample();
  }, 60_000);
});
