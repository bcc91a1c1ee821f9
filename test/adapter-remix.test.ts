import { createMemorySessionStorage, installGlobals, isSession, json, redirect, type SessionStorage } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createSessionStorage, withSession, type RemixSession } from "../adapters/remix";
import { defineSessions, SessionConfigError, type Session } from "../src/index";
import { createHttpClient } from "./helpers/http-client";
import { serveFetch } from "./helpers/node-fetch-server";
import { createRemixApp } from "./apps/remix-app";
import { NoComponent } from "./apps/app-routes";
import { contractRoutes } from "./apps/contract-routes";
import { ADAPTER_SECRET, describeAdapter, type RunningServer } from "./suites/adapter-suite";
import { describeDropIn } from "./suites/session-storage-suite";

// Remix v2 (@remix-run/node 2.17): a real createRequestHandler over hand-built server builds.

describeAdapter({
  name: "Remix v2 withSession",
  start: async (sessions) => serveFetch(createRemixApp(contractRoutes((fn) => withSession(sessions, fn), redirect))),
});

describeDropIn({
  name: "Remix v2",
  redirect,
  data: (value, init) => json(value, init),
  isSession,
  createMemorySessionStorage: () => createMemorySessionStorage({ cookie: { secrets: [ADAPTER_SECRET] } }),
  createApp: createRemixApp,
});

describe("Remix v2 withSession specifics", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  let server: RunningServer;
  beforeAll(async () => {
    server = await serveFetch(createRemixApp(contractRoutes((fn) => withSession(sessions, fn), redirect)));
  });
  afterAll(async () => {
    await server.close();
    await sessions.close();
  });

  it("carries the cookie on a client-side (?_data) action redirect", async () => {
    const browser = createHttpClient(server.url);
    const redirected = await browser.post("/login?name=ada&_data=routes%2Flogin");
    expect(redirected.status).toBe(204);
    expect(redirected.headers.get("x-remix-redirect")).toBe("/");
    expect(redirected.setCookies).toHaveLength(1);
    const data = await browser.get("/?_data=routes%2F_index");
    expect(data.json()).toEqual({ user: "ada", notice: "Welcome ada" });
  });

  it("returns plain data untouched when the cookie does not change, as JSON with the cookie when it does", async () => {
    const request = () => new Request("http://127.0.0.1/");
    const read = withSession(sessions, async ({ session }) => ({ user: (await session.get("user")) ?? null }));
    expect(await read({ request: request(), params: {}, context: {} })).toEqual({ user: null });
    const write = withSession(sessions, ({ session }) => {
      session.set("user", "ada");
      return { saved: true };
    });
    const response = (await write({ request: request(), params: {}, context: {} })) as unknown as Response;
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(await response.json()).toEqual({ saved: true });
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it("rethrows other errors untouched and commits nothing", async () => {
    const failing = withSession(sessions, ({ session }) => {
      session.set("user", "ada");
      throw new TypeError("boom");
    });
    await expect(failing({ request: new Request("http://127.0.0.1/"), params: {}, context: {} })).rejects.toThrow(TypeError);
  });

  it("types the args and the session from the loader", () => {
    const typed = defineSessions<undefined>({ secrets: ADAPTER_SECRET });
    const loader = withSession(typed, async ({ params, session }) => {
      expectTypeOf(session).toEqualTypeOf<Session<Record<string, any>>>();
      expectTypeOf(params).toEqualTypeOf<Record<string, string | undefined>>();
      return { id: params.id };
    });
    expectTypeOf(loader).returns.toEqualTypeOf<Promise<{ id: string | undefined }>>();
  });
});

describe("createSessionStorage specifics", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  const storage = createSessionStorage(sessions);
  afterAll(() => sessions.close());

  it("is assignable to Remix's SessionStorage type, and its sessions pass Remix's isSession", async () => {
    const asRemix: SessionStorage = storage;
    const session = await asRemix.getSession(null);
    expect(isSession(session)).toBe(true);
    expect(session.id).toBe("");
    expectTypeOf(await storage.getSession()).toEqualTypeOf<RemixSession<Record<string, any>>>();
  });

  it("answers an empty string when the cookie does not change", async () => {
    expect(await storage.commitSession(await storage.getSession(null))).toBe("");
    const session = await storage.getSession(null);
    session.set("user", "ada");
    const cookie = (await storage.commitSession(session)).split(";")[0]!;
    const again = await storage.getSession(cookie);
    expect(again.get("user")).toBe("ada");
    expect(await storage.commitSession(again)).toBe("");
  });

  it("returns the same cookie when committed twice, and throws on a change after the commit rather than lose it", async () => {
    const session = await storage.getSession(null);
    session.set("user", "ada");
    const first = await storage.commitSession(session);
    expect(await storage.commitSession(session)).toBe(first);
    expect(() => session.set("user", "bob")).toThrow(/already committed/);
    expect(session.get("user")).toBe("ada");
  });

  it("maps maxAge and expires onto the session's expiry; an expiry in the past ends it", async () => {
    const session = await storage.getSession(null);
    session.set("user", "ada");
    expect(await storage.commitSession(session, { expires: new Date(Date.now() + 7200_000) })).toMatch(/Max-Age=720[01]\b/);
    const cookie = (await storage.commitSession(session)).split(";")[0]!;
    const ended = await storage.getSession(cookie);
    expect(await storage.commitSession(ended, { maxAge: 0 })).toMatch(/^sid=;.*Max-Age=0/);
    expect((await storage.getSession(cookie)).get("user")).toBeUndefined();
  });

  it("takes the Request itself, so secure: auto sees https", async () => {
    const session = await storage.getSession(new Request("https://example.com/"));
    session.set("user", "ada");
    expect(await storage.commitSession(session)).toMatch(/; Secure/);
    const fromHeader = await storage.getSession(null);
    fromHeader.set("user", "ada");
    expect(await storage.commitSession(fromHeader)).not.toMatch(/Secure/);
  });

  it("refuses sessions it did not create", async () => {
    const foreign = await createMemorySessionStorage({ cookie: { secrets: [ADAPTER_SECRET] } }).getSession();
    await expect(storage.commitSession(foreign as unknown as RemixSession)).rejects.toThrow(/from this storage's getSession/);
  });

  it("refuses to squeeze a chunked cookie into the one string Remix returns", async () => {
    const chunked = defineSessions({ secrets: ADAPTER_SECRET, storage: "cookie", chunk: true });
    const big = createSessionStorage(chunked);
    const session = await big.getSession(null);
    session.set("blob", "x".repeat(6000));
    await expect(big.commitSession(session)).rejects.toThrow(SessionConfigError);
  });
});

describe("Remix v2 withSession under Remix's own fetch globals (installGlobals, as remix-serve without v3_singleFetch)", () => {
  const names = ["File", "fetch", "FormData", "Headers", "Request", "Response"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, globalThis[name]]));
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  beforeAll(() => installGlobals());
  afterAll(async () => {
    Object.assign(globalThis, saved);
    await sessions.close();
  });

  it("answers a loader that writes and returns plain data with a JSON Response and the cookie", async () => {
    expect((Response as unknown as { json?: unknown }).json).toBeUndefined(); // the polyfill in place
    const loader = withSession(sessions, ({ session }) => {
      session.set("views", 1);
      return { views: 1 };
    });
    const response = (await loader({ request: new Request("http://127.0.0.1/"), params: {}, context: {} })) as unknown as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ views: 1 });
    expect(response.headers.get("set-cookie")).toMatch(/^sid=[^;]{20,};/);
  });

  it("serves a new visitor's page whose loader writes and returns plain data (createRequestHandler)", async () => {
    const visit = withSession(sessions, async ({ session }) => {
      const visits = ((await session.get("visits")) ?? 0) + 1;
      session.set("visits", visits);
      return { visits };
    });
    const app = createRemixApp([{ id: "routes/visit", path: "visit", module: { default: NoComponent, loader: visit } }]);
    const first = await app(new Request("http://127.0.0.1/visit"));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ visits: 1 });
    const cookie = first.headers.get("set-cookie")!.split(";")[0]!;
    const data = await app(new Request("http://127.0.0.1/visit?_data=routes%2Fvisit", { headers: { cookie } }));
    expect(await data.json()).toEqual({ visits: 2 });
  });

  it("answers undefined plain data as JSON null", async () => {
    const action = withSession(sessions, ({ session }) => void session.set("seen", true));
    const response = (await action({ request: new Request("http://127.0.0.1/"), params: {}, context: {} })) as unknown as Response;
    expect(await response.text()).toBe("null");
  });

  it("lets the drop-in commit and destroy (its Headers have no getSetCookie)", async () => {
    expect(typeof new Headers().getSetCookie).toBe("undefined");
    const storage = createSessionStorage(sessions);
    const session = await storage.getSession(null);
    session.set("user", "ada");
    const line = await storage.commitSession(session);
    expect(line).toMatch(/^sid=[^;]{20,};/);
    const again = await storage.getSession(line.split(";")[0]);
    expect(again.get("user")).toBe("ada");
    expect(await storage.destroySession(again)).toMatch(/^sid=;.*Max-Age=0/);
  });
});
