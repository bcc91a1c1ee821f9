// getSession(c) from sessionkit/hono: the session behind the middleware, a clear error without it.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { getSession, session } from "../adapters/hono";
import { defineSessions, SessionConfigError } from "../src/index";

const sessions = defineSessions({ secrets: ["hono-get-session-secret-0123456789-abcdef"] });

describe("getSession(c)", () => {
  it("is the session the middleware put on the context, committed as usual", async () => {
    const app = new Hono();
    app.use(session(sessions));
    app.post("/count", async (c) => {
      const s = getSession(c);
      expect(s).toBe(c.get("session"));
      const count = ((await s.get("count")) ?? 0) + 1;
      s.set("count", count);
      return c.json({ count });
    });
    const first = await app.request("/count", { method: "POST" });
    expect(await first.json()).toEqual({ count: 1 });
    const cookie = first.headers.getSetCookie()[0]!.split(";")[0]!;
    const second = await app.request("/count", { method: "POST", headers: { cookie } });
    expect(await second.json()).toEqual({ count: 2 });
  });

  it("throws a SessionConfigError that says which middleware to add when none ran", async () => {
    const app = new Hono();
    let thrown: unknown;
    app.get("/", (c) => {
      try {
        getSession(c);
      } catch (error) {
        thrown = error;
      }
      return c.text("answered");
    });
    app.use("/later", session(sessions)); // a middleware registered for another path does not count
    const response = await app.request("/");
    expect(await response.text()).toBe("answered");
    expect(thrown).toBeInstanceOf(SessionConfigError);
    expect((thrown as Error).message).toBe("sessionkit: no session on this context. Add app.use(session(sessions)) before this route.");
  });

  it("reaches app.onError like any other error, as a 500 with the message in the log only", async () => {
    const app = new Hono();
    const logged: string[] = [];
    app.onError((error, c) => (logged.push(error.message), c.text("error", 500)));
    app.get("/", async (c) => c.json({ n: (await getSession(c).get("n")) ?? 0 }));
    const response = await app.request("/");
    expect(response.status).toBe(500);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(logged).toEqual(["sessionkit: no session on this context. Add app.use(session(sessions)) before this route."]);
  });
});
