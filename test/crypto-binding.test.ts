// Instance binding (DESIGN.md "Tokens are bound to their defineSessions"): a token, a sealed
// cookie-mode session or a client part issued by one instance is refused by an instance with
// another `name` or cookie name, under the same secret — and still accepted by its own after a
// secret rotation.
import { createStorage } from "unstorage";
import { describe, expect, it } from "vitest";
import { defineSessions, SessionConfigError, type SessionEvent, type SessionsOptions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const NEW_SECRET = "new-secret-abcdefghijklmnopqrstuvwxyz-0123";

describe.each(["memory", "cookie"] as const)("instance binding, %s storage", (mode) => {
  const storage = mode === "cookie" ? () => "cookie" : (() => {
    const shared = createStorage(); // one store for every instance: only the keys tell them apart
    return () => shared;
  })();

  /** Issues a session with server data and a client part under `options`; returns its cookie value. */
  async function issue(options: Partial<SessionsOptions<undefined>>) {
    const agent = createAgent(defineSessions({ secrets: [SECRET], storage: storage(), ...options }));
    await agent.request((s) => {
      s.set("user", "alice");
      s.client.set("theme", "dark");
    });
    return agent.jar.get(options.cookie && typeof options.cookie === "object" && options.cookie.name ? options.cookie.name : "sid")!;
  }

  /** What an instance under `options` sees when sent `cookie`, and the events it reported. */
  async function present(options: Partial<SessionsOptions<undefined>>, cookie: string) {
    const events: SessionEvent[] = [];
    const agent = createAgent(defineSessions({ secrets: [SECRET], storage: storage(), onEvent: (e) => events.push(e), ...options }));
    const { value } = await agent.request(async (s) => ({ user: await s.get("user"), theme: await s.client.get("theme") }), { cookie });
    return { ...value, invalid: events.some((e) => e.type === "invalid-token") };
  }

  it("another `name` refuses the token, the seal and the client part", async () => {
    const shop = await issue({ name: "shop" });
    expect(await present({ name: "shop" }, `sid=${shop}`)).toEqual({ user: "alice", theme: "dark", invalid: false });
    expect(await present({ name: "admin" }, `sid=${shop}`)).toEqual({ user: undefined, theme: undefined, invalid: true });
    expect(await present({}, `sid=${shop}`)).toEqual({ user: undefined, theme: undefined, invalid: true });
  });

  it("another cookie name refuses a value moved from one cookie to the other", async () => {
    const shop = await issue({ cookie: { name: "shop_sid" } });
    expect(await present({ cookie: { name: "shop_sid" } }, `shop_sid=${shop}`)).toMatchObject({ user: "alice", theme: "dark" });
    expect(await present({ cookie: { name: "admin_sid" } }, `admin_sid=${shop}`)).toEqual({ user: undefined, theme: undefined, invalid: true });
  });

  if (mode === "memory") {
    it("the client part alone is bound too: a shop client part spliced onto an admin token is refused", async () => {
      const shop = await issue({ name: "shop" });
      const admin = await issue({ name: "admin" });
      const spliced = `${admin.slice(0, 66)}${shop.slice(66)}`;
      expect(await present({ name: "admin" }, `sid=${admin}`)).toMatchObject({ user: "alice", theme: "dark" });
      expect(await present({ name: "admin" }, `sid=${spliced}`)).toEqual({ user: undefined, theme: undefined, invalid: true });
    });
  }

  it("its own instance still accepts it after a secret rotation", async () => {
    const shop = await issue({ name: "shop" });
    const rotated = { name: "shop", secrets: [NEW_SECRET, SECRET] };
    expect(await present(rotated, `sid=${shop}`)).toEqual({ user: "alice", theme: "dark", invalid: false });
    expect(await present({ name: "admin", secrets: [NEW_SECRET, SECRET] }, `sid=${shop}`)).toMatchObject({ user: undefined, invalid: true });
  });
});

describe("the name option", () => {
  it("must be a non-empty string", () => {
    for (const name of ["", 42, {}]) {
      expect(() => defineSessions({ secrets: SECRET, name: name as string })).toThrow(SessionConfigError);
    }
    expect(() => defineSessions({ secrets: SECRET, name: "" })).toThrow(/`name` must be a non-empty string/);
  });

  it("header-only instances are bound by their header name", async () => {
    const make = (header: string) => createAgent(defineSessions({ secrets: SECRET, cookie: false, header }));
    const shop = make("x-shop-session");
    const { response } = await shop.request((s) => s.set("user", "alice"));
    const token = response.headers.get("x-shop-session")!;
    expect(token).toBeTruthy();
    const own = await shop.request(async (s) => s.get("user"), { headers: { "x-shop-session": token } });
    expect(own.value).toBe("alice");
    const other = await make("x-admin-session").request(async (s) => s.get("user"), { headers: { "x-admin-session": token } });
    expect(other.value).toBeUndefined();
  });
});
