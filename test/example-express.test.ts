import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient } from "./helpers/http-client";
import { linkSessionkit, startExpressExample } from "./helpers/express-example";
import { ADAPTER_SECRET, describeAdapter, type RunningServer } from "./suites/adapter-suite";

// The real Express 5 app in examples/express, importing "sessionkit/node" through the package's
// exports (the built dist/), run as `node server.js` on 127.0.0.1 and driven over HTTP.

beforeAll(linkSessionkit);

describeAdapter({ name: "examples/express", start: (_sessions, config) => startExpressExample(config) });

describe("examples/express pages", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startExpressExample({ secrets: [ADAPTER_SECRET], storage: "memory:", rotationGrace: 0 });
  });
  afterAll(() => server?.close());

  const html = { accept: "text/html" };
  const form = (body: string) => ({ headers: { "content-type": "application/x-www-form-urlencoded", ...html }, body });

  it("counts, signs in with a new id and a flash shown once after the redirect, signs out", async () => {
    const browser = createHttpClient(server.url);
    const first = await browser.get("/", { headers: html });
    expect(first.headers.get("content-type")).toMatch(/text\/html/);
    expect(first.text).toContain('<output id="count">0</output>');
    expect(first.setCookies).toEqual([]);

    const counted = await browser.post("/count", form(""));
    expect([counted.status, counted.headers.get("location")]).toEqual([303, "/"]);
    expect(counted.setCookies).toEqual([expect.stringMatching(/^sid=[^;]{20,};.*HttpOnly/)]);
    await browser.post("/count", form(""));
    expect((await browser.get("/", { headers: html })).text).toContain('<output id="count">2</output>');

    const anonymousId = browser.cookieHeader();
    const signIn = await browser.post("/sign-in", form("name=ada"));
    expect(signIn.status).toBe(303);
    expect(browser.cookieHeader()).not.toBe(anonymousId); // cycleId on sign-in
    const landed = await browser.follow(signIn, { headers: html });
    expect(landed.text).toContain('<p role="status">Welcome ada</p>');
    expect(landed.text).toContain('<b id="user">ada</b>');
    expect(landed.text).toContain('<output id="count">2</output>');
    const again = await browser.get("/", { headers: html });
    expect(again.text).not.toContain("Welcome ada"); // the flash was shown once
    expect((await browser.get("/", { cookie: anonymousId })).json()).toEqual({ user: null, notice: null });

    const signOut = await browser.post("/sign-out", form(""));
    expect(signOut.setCookies).toEqual([expect.stringMatching(/^sid=;.*Max-Age=0/)]);
    expect((await browser.get("/", { headers: html })).text).toContain('action="/sign-in"');
  });

  it("escapes the user's name in the page", async () => {
    const browser = createHttpClient(server.url);
    await browser.post("/sign-in", form(`name=${encodeURIComponent("<script>x</script>")}`));
    const page = await browser.get("/", { headers: html });
    expect(page.text).not.toContain("<script>x");
    expect(page.text).toContain("&#60;script&#62;x");
  });
});
