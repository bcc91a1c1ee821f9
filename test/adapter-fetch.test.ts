import { describe, expect, it } from "vitest";
import { defineSessions, withSession } from "../src/index";
import { serveFetch } from "./helpers/node-fetch-server";
import { contractRoute } from "./suites/adapter-routes";
import { ADAPTER_SECRET, describeAdapter } from "./suites/adapter-suite";

// The generic fetch-style wrapper, served through a plain node:http bridge (the shape of
// Deno.serve, Workers and srvx: a function from Request to Response).
describeAdapter({
  name: "withSession (fetch)",
  start: (sessions) => serveFetch(withSession(sessions, contractRoute)),
});

describe("withSession (fetch) specifics", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });

  it("passes extra handler arguments through (env, ctx on Workers)", async () => {
    const handler = withSession(sessions, (_request, session, env: { greeting: string }) => {
      session.set("greeting", env.greeting);
      return new Response(env.greeting);
    });
    const response = await handler(new Request("http://127.0.0.1/"), { greeting: "hi" });
    expect(await response.text()).toBe("hi");
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it("copies a response with immutable headers (Response.redirect) to add the cookie", async () => {
    const handler = withSession(sessions, (_request, session) => {
      session.set("user", "ada");
      return Response.redirect("http://127.0.0.1/home", 303);
    });
    const response = await handler(new Request("http://127.0.0.1/login"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://127.0.0.1/home");
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it("rethrows errors that are not storage failures", async () => {
    const handler = withSession(sessions, () => {
      throw new TypeError("boom");
    });
    await expect(handler(new Request("http://127.0.0.1/"))).rejects.toThrow("boom");
  });
});
