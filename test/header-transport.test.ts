import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionFetch } from "../src/client";
import { defineSessions, withSession } from "../src/index";
import { SECRET } from "./suites/store-suite";
import { MemoryWebStorage } from "./helpers/web-storage";

describe("header transport", () => {
  const sessions = defineSessions({ secrets: SECRET, cookie: false, header: "x-session-id" });
  const handler = withSession(sessions, async (request, session) => {
    const url = new URL(request.url);
    if (url.pathname === "/add") session.update("cart", (cart: number[] | undefined) => [...(cart ?? []), Number(url.searchParams.get("item"))]);
    if (url.pathname === "/destroy") session.destroy();
    return Response.json({ cart: (await session.get("cart")) ?? [] });
  });
  let server: Server;
  let base: string;
  beforeAll(async () => {
    // A minimal node:http ↔ fetch bridge, so createSessionFetch talks to a real server.
    server = createServer(async (req, res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const response = await handler(new Request(`http://127.0.0.1${req.url}`, { headers }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await sessions.close();
  });

  it("sends no cookie, returns the token in the header and exposes it to CORS", async () => {
    const response = await fetch(`${base}/add?item=1`);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("x-session-id")).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get("access-control-expose-headers")).toBe("x-session-id");
    expect(response.headers.get("vary")).toBe("x-session-id");
  });

  it("keeps one session per Storage: two tabs, two carts", async () => {
    const tabA = createSessionFetch({ origin: base, storage: new MemoryWebStorage() });
    const tabB = createSessionFetch({ origin: base, storage: new MemoryWebStorage() });
    await tabA(`${base}/add?item=1`);
    await tabA(`${base}/add?item=2`);
    await tabB(`${base}/add?item=9`);
    expect(await (await tabA(`${base}/`)).json()).toEqual({ cart: [1, 2] });
    expect(await (await tabB(`${base}/`)).json()).toEqual({ cart: [9] });
  });

  it("forgets the token when the session is destroyed", async () => {
    const storage = new MemoryWebStorage();
    const tab = createSessionFetch({ origin: base, storage });
    await tab(`${base}/add?item=1`);
    expect(storage.getItem("sessionkit:token")).not.toBeNull();
    const destroyed = await tab(`${base}/destroy`);
    expect(destroyed.headers.get("x-session-id")).toBe("");
    expect(storage.getItem("sessionkit:token")).toBeNull();
    expect(await (await tab(`${base}/`)).json()).toEqual({ cart: [] });
  });

  it("checks the header before the cookie", async () => {
    const both = defineSessions({ secrets: SECRET, header: "x-session-id" });
    // An empty header: a header client with no token yet, so its token comes back in the header.
    const make = async (n: number, headers: Record<string, string>) => {
      const { session, commit } = both.createSessionHandler(new Request("http://x/", { headers }));
      session.set("n", n);
      const response = await commit(new Response());
      return { header: response.headers.get("x-session-id")!, cookie: response.headers.getSetCookie()[0]?.split(";")[0] };
    };
    const one = await make(1, {}); // a cookie client
    const two = await make(2, { "x-session-id": "" });
    expect(one.header).toBeNull();
    expect(two.cookie).toBeUndefined();
    const { session } = both.createSessionHandler(new Request("http://x/", { headers: { cookie: one.cookie!, "x-session-id": two.header } }));
    expect(await session.get("n")).toBe(2);
  });
});
