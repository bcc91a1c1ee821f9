import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { describe, expect, it } from "vitest";
import { session } from "../adapters/hono";
import { defineSessions, SessionStorageError, type Sessions } from "../src/index";
import { home, login, parseSeconds } from "./suites/adapter-routes";
import { ADAPTER_SECRET, describeAdapter, type RunningServer } from "./suites/adapter-suite";

/** The route contract, written the Hono way. */
function contractApp(sessions: Sessions<any>): Hono {
  const app = new Hono();
  app.use(session(sessions));
  app.get("/get", async (c) => c.json({ value: (await c.get("session").get(c.req.query("key")!)) ?? null }));
  app.post("/set", (c) => {
    c.get("session").set(c.req.query("key")!, JSON.parse(c.req.query("value")!));
    return c.json({ ok: true });
  });
  app.post("/unset", (c) => (c.var.session.unset(c.req.query("key")!), c.json({ ok: true })));
  app.post("/cycle", (c) => (c.var.session.cycleId(), c.json({ ok: true })));
  app.post("/destroy", (c) => (c.var.session.destroy(), c.json({ ok: true })));
  app.post("/expiry", (c) => (c.var.session.setExpiry(parseSeconds(c.req.query("seconds")!)), c.json({ ok: true })));
  app.post("/login", (c) => (login(c.var.session, c.req.query("name")!), c.redirect("/")));
  app.get("/", async (c) => c.json(await home(c.var.session)));
  app.post("/own-cookie", (c) => {
    c.var.session.set("x", 1);
    setCookie(c, "own", "1", { path: "/" });
    return c.json({ ok: true });
  });
  return app;
}

/** Serves a Hono app with @hono/node-server on 127.0.0.1, port 0. */
function serveHono(app: Hono<any>): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
      });
    });
  });
}

describeAdapter({ name: "Hono", start: (sessions) => serveHono(contractApp(sessions)) });

describe("Hono specifics (app.request)", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  const cookieOf = (response: Response) => response.headers.getSetCookie().find((line) => line.startsWith("sid="));

  it("commits onto c.redirect() and keeps a handler's setCookie", async () => {
    const app = new Hono().use(session(sessions));
    app.post("/login", (c) => {
      c.var.session.set("user", "ada");
      setCookie(c, "theme", "dark", { path: "/" });
      return c.redirect("/home", 303);
    });
    const response = await app.request("/login", { method: "POST" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/home");
    expect(response.headers.getSetCookie()).toHaveLength(2);
    expect(response.headers.getSetCookie()).toContain("theme=dark; Path=/");
    expect(cookieOf(response)).toBeDefined();
  });

  it("copies a Response.redirect() returned directly (immutable headers)", async () => {
    const app = new Hono().use(session(sessions));
    app.get("/out", (c) => {
      c.var.session.set("left", true);
      return Response.redirect("http://localhost/bye", 302);
    });
    const response = await app.request("/out");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost/bye");
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(response.headers.get("vary")).toBe("Cookie");
  });

  it("keeps the handler's headers and merges Vary and Cache-Control", async () => {
    const app = new Hono().use(session(sessions));
    app.get("/", (c) => {
      c.var.session.set("n", 1);
      c.header("Vary", "Accept");
      c.header("Cache-Control", "public, max-age=60");
      c.header("X-Handler", "yes");
      return c.text("hi");
    });
    const response = await app.request("/");
    expect(await response.text()).toBe("hi");
    expect(response.headers.get("x-handler")).toBe("yes");
    expect(response.headers.get("vary")).toBe("Accept, Cookie");
    expect(response.headers.get("cache-control")).toBe("private, max-age=60");
  });

  it("leaves a response untouched when the session is not used", async () => {
    const app = new Hono().use(session(sessions));
    app.get("/static", (c) => c.text("static", 200, { "Cache-Control": "public, max-age=600" }));
    const response = await app.request("/static");
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get("vary")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("public, max-age=600");
  });

  it("turns a handler's storage failure into a 503 unless the app answers it; other errors stay 500", async () => {
    // Redis on a port nothing listens on, and a validly signed cookie so that reads hit it.
    const broken = defineSessions({ secrets: ADAPTER_SECRET, storage: "redis://127.0.0.1:1", storageTimeout: 300 });
    const issue = new Hono().use(session(sessions));
    issue.get("/", (c) => (c.var.session.set("n", 1), c.text("ok")));
    const cookie = cookieOf(await issue.request("/"))!.split(";")[0]!;
    const app = new Hono().use(session(broken));
    app.get("/caught", async (c) => {
      try {
        return c.json({ n: await c.var.session.get("n") });
      } catch (error) {
        return c.text(error instanceof SessionStorageError ? "degraded" : "?", 200);
      }
    });
    app.get("/thrown", async (c) => c.json({ n: await c.var.session.get("n") }));
    app.get("/other", () => {
      throw new TypeError("boom");
    });
    const request = (path: string) => app.request(path, { headers: { cookie } });
    const caught = await request("/caught");
    expect([caught.status, await caught.text(), caught.headers.getSetCookie()]).toEqual([200, "degraded", []]);
    const thrown = await request("/thrown");
    expect(thrown.status).toBe(503);
    expect(await thrown.text()).toMatch(/session storage/i);
    expect(thrown.headers.getSetCookie()).toEqual([]);
    expect((await request("/other")).status).toBe(500);
    app.onError((error, c) => c.text(`handled: ${error.name}`, 502));
    const handled = await request("/thrown");
    expect([handled.status, await handled.text()]).toEqual([502, "handled: SessionStorageError"]);
    await broken.close();
  });
});

describe("Hono on @hono/node-server: headers written without a Headers object", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  const app = new Hono().use(session(sessions));
  app.get("/text", async (c) => c.text(String((await c.var.session.get("n")) ?? 0)));
  app.get("/json-write", (c) => (c.var.session.set("n", 1), c.json({ ok: true })));
  app.get("/public", async (c) => c.body(String(await c.var.session.get("n")), 200, { "Cache-Control": "public, max-age=60" }));
  app.get("/own-cookie", (c) => {
    setCookie(c, "own", "1", { path: "/" });
    c.var.session.set("n", 2);
    return c.text("ok");
  });

  it("sets cookies and cache headers on c.text/c.json/c.body responses, building no Headers", async () => {
    const server = await serveHono(app);
    const RealHeaders = globalThis.Headers;
    let built = 0;
    try {
      const first = await fetch(`${server.url}/json-write`);
      expect(await first.json()).toEqual({ ok: true });
      expect(first.headers.get("content-type")).toMatch(/^application\/json/);
      const cookie = first.headers.getSetCookie()[0]!.split(";")[0]!;
      expect(cookie).toMatch(/^sid=/);
      expect(first.headers.get("vary")).toBe("Cookie");
      expect(first.headers.get("cache-control")).toBe("private, must-revalidate");

      // Counted on the server side only: fetch() above and below builds its own Headers first.
      const requests = [`${server.url}/text`, `${server.url}/public`, `${server.url}/json-write`];
      const responses = [];
      for (const url of requests) {
        const pending = fetch(url, { headers: { cookie } });
        globalThis.Headers = class extends RealHeaders {
          constructor(init?: HeadersInit) {
            super(init);
            built++;
          }
        } as typeof Headers;
        responses.push(await pending.finally(() => (globalThis.Headers = RealHeaders)));
      }
      const [text, publicOne, rewritten] = responses;
      expect(await text!.text()).toBe("1");
      expect(text!.headers.get("content-type")).toBe("text/plain; charset=UTF-8");
      expect(text!.headers.get("vary")).toBe("Cookie");
      expect(text!.headers.get("cache-control")).toBe("private, must-revalidate");
      expect(await publicOne!.text()).toBe("1");
      expect(publicOne!.headers.get("cache-control")).toBe("private, max-age=60");
      expect(rewritten!.headers.getSetCookie()).toHaveLength(0); // nothing changed, no refresh due
      expect(built).toBe(0);
    } finally {
      globalThis.Headers = RealHeaders;
      await server.close();
    }
  });

  it("keeps a handler's own Set-Cookie beside the session's (the Headers path)", async () => {
    const server = await serveHono(app);
    try {
      const response = await fetch(`${server.url}/own-cookie`);
      expect(await response.text()).toBe("ok");
      const names = response.headers.getSetCookie().map((line) => line.split("=")[0]);
      expect(names.sort()).toEqual(["own", "sid"]);
    } finally {
      await server.close();
    }
  });
});
