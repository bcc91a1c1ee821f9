import {
  createContext,
  createMemorySessionStorage,
  data,
  isSession,
  redirect,
  type MiddlewareFunction,
  type RouterContextProvider,
  type SessionStorage,
} from "react-router";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createSessionStorage, sessionContext, sessionMiddleware, withSession } from "../adapters/remix";
import { defineSessions, type Session } from "../src/index";
import { createHttpClient } from "./helpers/http-client";
import { serveFetch } from "./helpers/node-fetch-server";
import { contractRoutes, type SessionAccess } from "./apps/contract-routes";
import { createReactRouterApp } from "./apps/react-router-app";
import { ADAPTER_SECRET, describeAdapter, type RunningServer } from "./suites/adapter-suite";
import { describeDropIn } from "./suites/session-storage-suite";

// React Router 7.18: a real createRequestHandler over hand-built server builds, in both forms:
// withSession around each loader/action, and one sessionMiddleware (future.v8_middleware).

const fromMiddleware: SessionAccess = (fn) => (args) => fn({ ...args, session: args.context.get(sessionContext) });

describeAdapter({
  name: "React Router 7 withSession",
  start: async (sessions) => serveFetch(createReactRouterApp(contractRoutes((fn) => withSession(sessions, fn), redirect))),
});

describeAdapter({
  name: "React Router 7 sessionMiddleware",
  start: async (sessions) =>
    serveFetch(createReactRouterApp(contractRoutes(fromMiddleware, redirect), { middleware: [sessionMiddleware(sessions)] })),
});

describeDropIn({
  name: "React Router 7",
  redirect,
  data,
  isSession,
  createMemorySessionStorage: () => createMemorySessionStorage({ cookie: { secrets: [ADAPTER_SECRET] } }),
  createApp: (routes) => createReactRouterApp(routes),
});

describe("React Router 7 specifics", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  const servers: Record<string, RunningServer> = {};
  beforeAll(async () => {
    servers.withSession = await serveFetch(createReactRouterApp(contractRoutes((fn) => withSession(sessions, fn), redirect)));
    servers.middleware = await serveFetch(
      createReactRouterApp(contractRoutes(fromMiddleware, redirect), { middleware: [sessionMiddleware(sessions)] }),
    );
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    await sessions.close();
  });

  for (const form of ["withSession", "middleware"]) {
    it(`${form}: single-fetch .data requests carry the cookie on an action redirect and read the flash`, async () => {
      const browser = createHttpClient(servers[form]!.url);
      const action = await browser.post("/login.data?name=ada");
      expect(action.status).toBe(202); // a turbo-stream redirect for the client router
      expect(action.text).toContain('"redirect","/"');
      expect(action.setCookies).toHaveLength(1);
      const loader = await browser.get("/_root.data");
      expect(loader.text).toContain('"user","ada","notice","Welcome ada"');
      expect((await browser.get("/_root.data")).text).not.toContain("Welcome ada");
    });
  }

  it("middleware: Vary and Cache-Control reach the document, not only the cookie", async () => {
    const browser = createHttpClient(servers.middleware!.url);
    await browser.post("/set?key=user&value=%22ada%22");
    const home = await browser.get("/");
    expect(home.json()).toEqual({ user: "ada", notice: null });
    expect(home.headers.get("vary")).toMatch(/\bCookie\b/);
    expect(home.headers.get("cache-control")).toMatch(/private/);
  });

  it("withSession keeps data(): same class, value intact (a Date stays a Date), headers merged", async () => {
    const loader = withSession(sessions, ({ session }) => {
      session.set("seen", true);
      return data({ at: new Date(0) }, { status: 201, headers: { "x-kept": "1" } });
    });
    const result = await loader({ request: new Request("http://127.0.0.1/"), params: {}, context: {} });
    expect(Object.getPrototypeOf(result)).toBe(Object.getPrototypeOf(data(null)));
    expect(result.data.at).toBeInstanceOf(Date);
    expect(result.init?.status).toBe(201);
    const headers = new Headers(result.init?.headers);
    expect(headers.get("x-kept")).toBe("1");
    expect(headers.getSetCookie()).toHaveLength(1);
  });

  it("withSession commits onto a thrown data() too", async () => {
    const action = withSession(sessions, ({ session }) => {
      session.flash("error", "Invalid name");
      throw data({ error: true }, 400);
    });
    const thrown: any = await action({ request: new Request("http://127.0.0.1/"), params: {}, context: {} }).catch((error) => error);
    expect(thrown.type).toBe("DataWithResponseInit");
    expect(thrown.init.status).toBe(400);
    expect(new Headers(thrown.init.headers).getSetCookie()).toHaveLength(1);
  });

  it("middleware takes a key from react-router's createContext, typed by the schema", async () => {
    const schema = v.object({ visits: v.optional(v.number()) });
    type Data = v.InferOutput<typeof schema>;
    const typed = defineSessions({ secrets: ADAPTER_SECRET, schema });
    const key = createContext<Session<Data>>();
    const middleware: MiddlewareFunction<Response> = sessionMiddleware(typed, key);
    const loader = async ({ context }: { context: Readonly<RouterContextProvider> }) => {
      const session = context.get(key);
      expectTypeOf(session).toEqualTypeOf<Session<Data>>();
      const visits = ((await session.get("visits")) ?? 0) + 1;
      session.set("visits", visits);
      return Response.json({ visits });
    };
    const server = await serveFetch(createReactRouterApp([{ id: "routes/visit", path: "visit", module: { loader } }], { middleware: [middleware] }));
    try {
      const browser = createHttpClient(server.url);
      expect((await browser.get("/visit")).json()).toEqual({ visits: 1 });
      expect((await browser.get("/visit")).json()).toEqual({ visits: 2 });
    } finally {
      await server.close();
      await typed.close();
    }
  });

  it("createSessionStorage fits React Router's SessionStorage type", () => {
    const storage: SessionStorage = createSessionStorage(sessions);
    expect(typeof storage.getSession).toBe("function");
  });
});
