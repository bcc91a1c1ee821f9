import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { defineSessions, SessionCookieTooLargeError } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const LIMIT = 4096;
/** Incompressible text of about `bytes` bytes (sealing does not compress anyway). */
const noise = (bytes: number) => randomBytes(Math.ceil((bytes * 3) / 4)).toString("base64url").slice(0, bytes);
const names = (lines: string[]) => lines.map((line) => line.slice(0, line.indexOf("=")));
const expired = (lines: string[]) => names(lines.filter((line) => /; Max-Age=0/.test(line)));
const live = (lines: string[]) => names(lines.filter((line) => !/; Max-Age=0/.test(line)));

describe('"cookie" storage with chunk: true', () => {
  const make = () =>
    createAgent(
      defineSessions({
        secrets: SECRET,
        storage: "cookie",
        chunk: true,
        // Long attributes count against the limit too.
        cookie: { name: "__Secure-session", domain: "shop.example.com", path: "/" },
      }),
    );

  it("splits a large session over name.0, name.1, … each line within 4096 bytes, and reads it back", async () => {
    const agent = make();
    const big = noise(10_000);
    const { setCookies } = await agent.request((s) => s.set("notes", big), { url: "https://shop.example.com/" });
    expect(live(setCookies)).toEqual(["__Secure-session.0", "__Secure-session.1", "__Secure-session.2", "__Secure-session.3"]);
    for (const line of setCookies) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(LIMIT);
      expect(line).toMatch(/; Domain=shop\.example\.com; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    }
    const { value } = await agent.request((s) => s.get("notes"), { url: "https://shop.example.com/" });
    expect(value).toBe(big);
  });

  it("expires the stale chunks when the value shrinks, and the chunks when it fits one cookie again", async () => {
    const agent = make();
    const url = "https://shop.example.com/";
    await agent.request((s) => s.set("notes", noise(10_000)), { url });
    expect([...agent.jar.keys()]).toHaveLength(4);

    const shrunk = await agent.request((s) => s.set("notes", noise(5_000)), { url });
    expect(live(shrunk.setCookies)).toEqual(["__Secure-session.0", "__Secure-session.1"]);
    expect(expired(shrunk.setCookies)).toEqual(["__Secure-session.2", "__Secure-session.3"]);
    expect([...agent.jar.keys()].sort()).toEqual(["__Secure-session.0", "__Secure-session.1"]);

    const small = await agent.request((s) => s.set("notes", "short"), { url });
    expect(live(small.setCookies)).toEqual(["__Secure-session"]);
    expect(expired(small.setCookies)).toEqual(["__Secure-session.0", "__Secure-session.1"]);
    expect((await agent.request((s) => s.get("notes"), { url })).value).toBe("short");

    // And back up: the single cookie is expired when the value moves to chunks.
    const grown = await agent.request((s) => s.set("notes", noise(5_000)), { url });
    expect(expired(grown.setCookies)).toEqual(["__Secure-session"]);
    expect([...agent.jar.keys()].sort()).toEqual(["__Secure-session.0", "__Secure-session.1"]);

    // destroy() expires every chunk.
    const destroyed = await agent.request((s) => s.destroy(), { url });
    expect(live(destroyed.setCookies)).toEqual([]);
    expect(expired(destroyed.setCookies)).toEqual(["__Secure-session.0", "__Secure-session.1"]);
    expect(agent.jar.size).toBe(0);
  });

  it("treats a missing or foreign chunk as no session, never an error", async () => {
    const agent = make();
    const url = "https://shop.example.com/";
    await agent.request((s) => s.set("notes", noise(6_000)), { url });
    const first = agent.jar.get("__Secure-session.0")!;
    const second = agent.jar.get("__Secure-session.1")!;
    const missing = await agent.request((s) => s.get("notes"), { url, cookie: `__Secure-session.0=${first}` });
    expect(missing.value).toBeUndefined();
    const forged = await agent.request((s) => s.get("notes"), { url, cookie: `__Secure-session.0=${first}; __Secure-session.1=${second.slice(1)}x` });
    expect(forged.value).toBeUndefined();
  });

  it("refuses a session too large for 16 chunks with the size in the error", async () => {
    const agent = make();
    const error = await agent.request((s) => s.set("notes", noise(80_000)), { url: "https://shop.example.com/" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionCookieTooLargeError);
  });
});

describe('"cookie" storage without chunk', () => {
  it("throws SessionCookieTooLargeError naming the size, and sets nothing", async () => {
    const agent = createAgent(defineSessions({ secrets: SECRET, storage: "cookie" }));
    await agent.request((s) => s.set("notes", "small"));
    const before = agent.jar.get("sid");
    const error = (await agent.request((s) => s.set("notes", noise(5_000))).catch((e: unknown) => e)) as SessionCookieTooLargeError;
    expect(error).toBeInstanceOf(SessionCookieTooLargeError);
    expect(error.size).toBeGreaterThan(LIMIT);
    expect(error.limit).toBe(LIMIT);
    expect(error.message).toContain(`${error.size} bytes`);
    expect(error.message).toContain("chunk: true");
    expect(agent.jar.get("sid")).toBe(before);
  });

  it("counts the attributes: a value that fits alone fails once Domain and Secure are added", async () => {
    const value = (agent: ReturnType<typeof createAgent>, size: number, url?: string) =>
      agent.request((s) => s.set("notes", noise(size)), url ? { url } : {}).then(
        (result) => result.setCookies,
        (error: unknown) => error,
      );
    const plain = createAgent(defineSessions({ secrets: SECRET, storage: "cookie" }));
    // Find a size whose plain line lands just under the limit.
    let size = 2900;
    while (true) {
      const lines = await value(plain, size + 10);
      if (!Array.isArray(lines)) break;
      size += 10;
    }
    const lines = (await value(plain, size)) as string[];
    expect(Buffer.byteLength(lines[0]!)).toBeLessThanOrEqual(LIMIT);
    expect(Buffer.byteLength(lines[0]!)).toBeGreaterThan(LIMIT - 40);
    const decorated = createAgent(defineSessions({ secrets: SECRET, storage: "cookie", cookie: { domain: "shop.example.com" } }));
    expect(await value(decorated, size, "https://shop.example.com/")).toBeInstanceOf(SessionCookieTooLargeError);
  });
});
