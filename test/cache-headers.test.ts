import { describe, expect, it } from "vitest";
import { defineSessions, type Session } from "../src/index";

const SECRET = "cache-header-test-secret-0123456789-abcde";

/** Commits a request that did `use` on its session onto a response with `headers`; returns the headers sent. */
async function commitWith(use: (session: Session<any>) => unknown, headers: Record<string, string> = {}, options: { header?: string } = {}) {
  const sessions = defineSessions({ secrets: SECRET, ...options });
  const { session, commit } = sessions.createSessionHandler(new Request("http://x/"));
  await use(session);
  return (await commit(new Response("body", { headers }))).headers;
}

describe("cache headers on every session-dependent response", () => {
  const reads: Array<[string, (s: Session<any>) => unknown]> = [
    ["a server read", (s) => s.get("user")],
    ["a client read", (s) => s.client.get("theme")],
    ["an id read", (s) => s.id],
    ["has()", (s) => s.has("user")],
    ["all()", (s) => s.all()],
  ];
  for (const [what, use] of reads) {
    it(`${what} makes the response private and Vary: Cookie`, async () => {
      const headers = await commitWith(use);
      expect(headers.get("vary")).toBe("Cookie");
      expect(headers.get("cache-control")).toBe("private, must-revalidate");
    });
  }

  it("an untouched session leaves the response alone", async () => {
    const headers = await commitWith(() => undefined, { "cache-control": "public, max-age=600" });
    expect(headers.get("cache-control")).toBe("public, max-age=600");
    expect(headers.get("vary")).toBeNull();
  });

  it("public and s-maxage never survive; other directives do", async () => {
    const headers = await commitWith((s) => s.get("user"), { "cache-control": "public, max-age=600, s-maxage=3600, stale-while-revalidate=30" });
    expect(headers.get("cache-control")).toBe("private, max-age=600, stale-while-revalidate=30");
  });

  it('a field-qualified private="set-cookie" is not private: the body becomes private', async () => {
    const headers = await commitWith((s) => s.get("user"), { "cache-control": 'public, private="set-cookie, x-a", max-age=60' });
    expect(headers.get("cache-control")).toBe("private, max-age=60");
  });

  it("an existing private or no-store is respected", async () => {
    expect((await commitWith((s) => s.get("user"), { "cache-control": "private, max-age=5" })).get("cache-control")).toBe("private, max-age=5");
    expect((await commitWith((s) => s.get("user"), { "cache-control": "no-store" })).get("cache-control")).toBe("no-store");
    expect((await commitWith((s) => s.get("user"), { "cache-control": "no-store, public" })).get("cache-control")).toBe("no-store");
  });

  it("CDN-targeted headers are neutralised", async () => {
    const headers = await commitWith((s) => s.get("user"), {
      "cdn-cache-control": "public, max-age=600",
      "surrogate-control": "max-age=600",
      "cloudflare-cdn-cache-control": "max-age=600",
    });
    expect(headers.get("cdn-cache-control")).toBe("no-store");
    expect(headers.get("surrogate-control")).toBe("no-store");
    expect(headers.get("cloudflare-cdn-cache-control")).toBe("no-store");
  });

  it("with header transport, Vary names the header too", async () => {
    const headers = await commitWith((s) => s.get("user"), {}, { header: "x-session-id" });
    expect(headers.get("vary")).toBe("Cookie, x-session-id");
  });

  it("cacheControl: false opts out", async () => {
    const sessions = defineSessions({ secrets: SECRET, cacheControl: false });
    const { session, commit } = sessions.createSessionHandler(new Request("http://x/"));
    await session.get("user");
    const headers = (await commit(new Response("x", { headers: { "cache-control": "public" } }))).headers;
    expect(headers.get("cache-control")).toBe("public");
    expect(headers.get("vary")).toBeNull();
  });
});
