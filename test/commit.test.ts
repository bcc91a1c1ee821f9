import { describe, expect, it } from "vitest";
import { defineSessions, SessionStorageError } from "../src/index";
import { createAgent } from "./helpers/agent";
import { fetchImpls } from "./helpers/fetch-impls";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

for (const impl of fetchImpls) {
  describe(`commit on ${impl.name}`, () => {
    const setup = (options = {}) => {
      const { storage, calls } = createRecordingStorage();
      const sessions = defineSessions({ secrets: SECRET, storage, ...options });
      return { sessions, calls, agent: createAgent(sessions, impl) };
    };

    it("does zero storage calls for a handler that never touches its session", async () => {
      const { sessions, calls, agent } = setup();
      await agent.request((s) => s.set("a", 1));
      calls.length = 0;
      const { session, commit } = sessions.createSessionHandler(new impl.Request("http://x/", { headers: { cookie: agent.cookieHeader() } }));
      expect(session).toBeDefined();
      const response = new impl.Response("plain");
      expect(await commit(response)).toBe(response);
      expect(calls).toEqual([]);
      expect([...response.headers.keys()]).toEqual(["content-type"]);
    });

    it("loads once for concurrent reads in one request", async () => {
      const { calls, agent } = setup();
      await agent.request((s) => (s.set("a", 1), s.set("b", 2)));
      calls.length = 0;
      const { value } = await agent.request((s) => Promise.all([s.get("a"), s.get("b"), s.has("a"), s.all()]));
      expect(value).toEqual([1, 2, true, { a: 1, b: 2 }]);
      expect(calls.filter((c) => c.method === "getItem")).toHaveLength(1);
    });

    it("adds Vary: Cookie and Cache-Control: private when the response depended on the session", async () => {
      const { agent } = setup();
      const read = await agent.request((s) => s.get("a"));
      expect(read.response.headers.get("vary")).toBe("Cookie");
      expect(read.response.headers.get("cache-control")).toBe("private, must-revalidate");

      const publicResponse = new impl.Response("x", { headers: { "cache-control": "public, max-age=60, s-maxage=600", vary: "Accept-Encoding" } });
      const merged = await agent.request((s) => s.get("a"), { response: publicResponse });
      expect(merged.response.headers.get("cache-control")).toBe("private, max-age=60");
      expect(merged.response.headers.get("vary")).toBe("Accept-Encoding, Cookie");

      for (const kept of ["no-store", "private, max-age=5"]) {
        const { response } = await agent.request((s) => s.get("a"), { response: new impl.Response("x", { headers: { "cache-control": kept } }) });
        expect(response.headers.get("cache-control")).toBe(kept);
      }
    });

    it("cacheControl: false leaves caching headers alone", async () => {
      const { agent } = setup({ cacheControl: false });
      const { response } = await agent.request((s) => s.set("a", 1));
      expect(response.headers.get("vary")).toBeNull();
      expect(response.headers.get("cache-control")).toBeNull();
      expect(response.headers.getSetCookie()).toHaveLength(1);
    });

    it("appends to the response's own Set-Cookie headers, never replacing them", async () => {
      const { agent } = setup();
      const own = new impl.Response("x");
      own.headers.append("set-cookie", "theme=dark; Path=/");
      own.headers.append("set-cookie", "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/");
      const { setCookies } = await agent.request((s) => s.set("a", 1), { response: own });
      expect(setCookies).toHaveLength(3);
      expect(setCookies.slice(0, 2)).toEqual(["theme=dark; Path=/", "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT; Path=/"]);
      expect(setCookies[2]).toMatch(/^sid=/);
    });

    it("copies a response whose headers are immutable (Response.redirect)", async () => {
      const { agent } = setup();
      const redirect = impl.Response.redirect("http://x/next", 303);
      const { response, setCookies } = await agent.request((s) => s.set("a", 1), { response: redirect });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("http://x/next");
      expect(setCookies).toHaveLength(1);
    });

    it("is harmless to commit twice: one write, the same cookie on both responses", async () => {
      const { sessions, calls } = setup();
      const { session, commit } = sessions.createSessionHandler(new impl.Request("http://x/"));
      session.set("a", 1);
      const [first, second] = await Promise.all([commit(new impl.Response("1")), commit(new impl.Response("2"))]);
      const third = await commit(new impl.Response("3"));
      expect(calls.filter((c) => c.method === "setItem")).toHaveLength(1);
      expect(second.headers.getSetCookie()).toEqual(first.headers.getSetCookie());
      expect(third.headers.getSetCookie()).toEqual(first.headers.getSetCookie());
    });

    it("commits no writes on a 5xx response, unless commitOnError", async () => {
      const { agent, calls } = setup();
      await agent.request((s) => s.set("n", 1));
      calls.length = 0;
      const failed = await agent.request((s) => (s.set("n", 2), s.set("half", true)), { status: 500 });
      expect(failed.setCookies).toEqual([]);
      expect(calls.filter((c) => c.method === "setItem")).toEqual([]);
      expect((await agent.request((s) => s.all())).value).toEqual({ n: 1 });

      const opted = setup({ commitOnError: true });
      await opted.agent.request((s) => s.set("n", 1));
      await opted.agent.request((s) => s.set("n", 2), { status: 503 });
      expect((await opted.agent.request((s) => s.get("n"))).value).toBe(2);
    });

    it("sets Secure on https requests (secure: \"auto\") and behind an https proxy", async () => {
      const { agent } = setup();
      const plain = await agent.request((s) => s.set("a", 1), { url: "http://x/" });
      expect(plain.setCookies[0]).not.toContain("Secure");
      agent.jar.clear();
      const tls = await agent.request((s) => s.set("a", 1), { url: "https://x/" });
      expect(tls.setCookies[0]).toMatch(/; Secure$/);
      agent.jar.clear();
      const proxied = await agent.request((s) => s.set("a", 1), { url: "http://x/", headers: { "x-forwarded-proto": "https" } });
      expect(proxied.setCookies[0]).toContain("; Secure");
    });
  });
}

describe("commit after a failed read", () => {
  it("rejects a 500 with the storage error (adapters answer 503), lets any other status stand", async () => {
    const broken = defineSessions({ secrets: SECRET, storage: "redis://127.0.0.1:1", storageTimeout: 300 });
    const cookie = "sid=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const signed = await (async () => {
      const { session, commit } = defineSessions({ secrets: SECRET }).createSessionHandler(new Request("http://x/"));
      session.set("n", 1);
      return (await commit(new Response())).headers.getSetCookie()[0]!.split(";")[0]!;
    })();
    for (const [status, rejects] of [[500, true], [502, false], [200, false]] as const) {
      const { session, commit } = broken.createSessionHandler(new Request("http://x/", { headers: { cookie: signed } }));
      await expect(session.get("n")).rejects.toBeInstanceOf(SessionStorageError);
      const committed = commit(new Response("rendered by the framework", { status }));
      if (rejects) await expect(committed).rejects.toBeInstanceOf(SessionStorageError);
      else expect((await committed).status).toBe(status);
    }
    // A request whose token never reached storage (a forged one) has no read failure.
    const { session, commit } = broken.createSessionHandler(new Request("http://x/", { headers: { cookie } }));
    expect(await session.get("n")).toBeUndefined();
    expect((await commit(new Response("x", { status: 500 }))).status).toBe(500);
    await broken.close();
  });
});
