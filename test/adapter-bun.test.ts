import { WebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bunUnavailable, startBunServer } from "./helpers/bun-process";
import { createHttpClient } from "./helpers/http-client";
import { ADAPTER_SECRET, describeAdapter, type AdapterSessionsConfig, type RunningServer } from "./suites/adapter-suite";

// Real Bun: the binary runs test/fixtures/bun-server.ts, which imports adapters/bun.ts from
// source (Bun runs TypeScript itself, so no build is needed), with Bun's own Request/Response.
const SCRIPT = "test/fixtures/bun-server.ts";
const skip = bunUnavailable();
if (skip) console.warn(`\n[adapter-bun] SKIPPED, real Bun is not available: ${skip}\n`);

const start = (mode: "fetch" | "routes", config: AdapterSessionsConfig) =>
  startBunServer(SCRIPT, { MODE: mode, SESSIONKIT_CONFIG: JSON.stringify(config) });

describeAdapter({ name: "Bun fetch: withSession", skip, start: (_sessions, config) => start("fetch", config) });
describeAdapter({ name: "Bun routes: sessionRoutes", skip, start: (_sessions, config) => start("routes", config) });

describe.skipIf(!!skip)("Bun specifics", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await start("routes", { secrets: [ADAPTER_SECRET], storage: "memory:" });
  });
  afterAll(() => server?.close());

  it("gives route handlers typed params and commits their writes", async () => {
    const browser = createHttpClient(server.url);
    const created = await browser.post("/bun/users/42");
    expect(created.json()).toEqual({ id: "42" });
    expect(created.setCookies).toHaveLength(1);
    expect((await browser.get("/get?key=lastUser")).json()).toEqual({ value: "42" });
  });

  it("passes the server on: requestIP", async () => {
    const browser = createHttpClient(server.url);
    expect((await browser.get("/bun/ip")).json()).toEqual({ address: "127.0.0.1" });
    expect((await browser.get("/get?key=ip")).json()).toEqual({ value: "127.0.0.1" });
  });

  it("leaves static responses alone, in a route and in a per-method object", async () => {
    const browser = createHttpClient(server.url);
    const whole = await browser.get("/bun/static");
    expect([whole.status, whole.text, whole.setCookies, whole.headers.get("vary")]).toEqual([200, "static", [], null]);
    const perMethod = await browser.get("/bun/users/7");
    expect([perMethod.text, perMethod.setCookies]).toEqual(["static per-method response", []]);
  });

  it("lets a WebSocket upgrade read the session and hand it to ws.data", async () => {
    const browser = createHttpClient(server.url);
    await browser.follow(await browser.post("/login?name=ada"));
    const signedIn = await receiveFirstMessage(server.url, browser.cookieHeader());
    expect(signedIn).toEqual({ user: "ada", sessionId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    expect(await receiveFirstMessage(server.url, "")).toEqual({ user: null });
  });
});

/** Opens a WebSocket to /bun/ws with `cookie` and resolves with the first message, parsed. */
function receiveFirstMessage(baseUrl: string, cookie: string): Promise<unknown> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/bun/ws`, { headers: cookie ? { cookie } : {} });
  return new Promise((resolve, reject) => {
    ws.addEventListener("message", (event) => resolve(JSON.parse(String(event.data))));
    ws.addEventListener("error", () => reject(new Error("WebSocket error")));
    ws.addEventListener("close", () => reject(new Error("WebSocket closed before a message")));
  });
}
