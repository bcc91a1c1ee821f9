import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineSessions, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

const OLD_SECRET = "old-secret-abcdefghijklmnopqrstuvwxyz-0123";

describe("tokens", () => {
  it("are an id of at least 128 random bits plus an HMAC-SHA256", async () => {
    const agent = createAgent(defineSessions({ secrets: SECRET }));
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      agent.jar.clear();
      const { value, setCookies } = await agent.request((s) => {
        s.set("n", i);
        return s.id!;
      });
      ids.add(value);
      const token = setCookies[0]!.split(";")[0]!.slice("sid=".length);
      const [id, mac] = token.split(".");
      expect(id).toBe(value);
      expect(Buffer.from(id!, "base64url")).toHaveLength(16); // 128 bits
      expect(Buffer.from(mac!, "base64url")).toHaveLength(32); // HMAC-SHA256
    }
    expect(ids.size).toBe(200);
  });

  it("rotate: a token under an old secret is accepted and re-issued under the first", async () => {
    const { storage: shared } = createRecordingStorage(); // one store across the rotation
    const before = createAgent(defineSessions({ secrets: [OLD_SECRET], storage: shared }));
    await before.request((s) => s.set("user", "alice"));
    const oldToken = before.jar.get("sid")!;

    const after = createAgent(defineSessions({ secrets: [SECRET, OLD_SECRET], storage: shared }));
    after.jar.set("sid", oldToken);
    const rotated = await after.request(async (s) => ({ user: await s.get("user"), id: s.id }));
    expect(rotated.value.user).toBe("alice");
    expect(rotated.setCookies).toHaveLength(1);
    const newToken = after.jar.get("sid")!;
    expect(newToken).not.toBe(oldToken);
    expect(newToken.split(".")[0]).toBe(rotated.value.id); // same session, new signature

    // The re-issued token verifies under the new secret alone; the old one no longer does.
    const retired = createAgent(defineSessions({ secrets: [SECRET], storage: shared }));
    expect((await retired.request((s) => s.get("user"), { cookie: `sid=${newToken}` })).value).toBe("alice");
    expect((await retired.request((s) => s.get("user"), { cookie: `sid=${oldToken}` })).value).toBeUndefined();
  });

  it("never writes a token or an id into storage keys or values", async () => {
    const { storage, calls } = createRecordingStorage();
    const sessions = defineSessions({ secrets: SECRET, storage });
    const agent = createAgent(sessions);
    const ids: string[] = [];
    const tokens: string[] = [];
    const collect = (result: { value: string | undefined }) => {
      ids.push(result.value!);
      tokens.push(agent.jar.get("sid")!);
    };
    collect(await agent.request((s) => (s.set("cart", [1]), s.setOwner("alice"), s.id)));
    collect(await agent.request((s) => (s.update("cart", (c: number[]) => [...c, 2]), s.id)));
    collect(await agent.request((s) => (s.cycleId(), s.id)));
    collect(await agent.request((s) => (s.flash("notice", "hi"), s.client.set("theme", "dark"), s.id)));
    await agent.request((s) => s.destroy());
    const writes = calls.filter((call) => call.method === "setItem");
    expect(writes.length).toBeGreaterThan(3);
    const atRest = JSON.stringify(calls);
    for (const secret of [...ids, ...tokens]) expect(atRest).not.toContain(secret);
  });

  it("never adopts an unknown id, even under a valid signature", async () => {
    const { storage } = createRecordingStorage();
    const events: SessionEvent[] = [];
    const sessions = defineSessions({ secrets: SECRET, storage, onEvent: (e) => events.push(e) });
    const agent = createAgent(sessions);
    const { value: id } = await agent.request((s) => (s.set("a", 1), s.id));
    await storage.clear();
    const result = await agent.request(async (s) => {
      const before = await s.get("a");
      s.set("b", 2);
      return { before, id: s.id };
    });
    expect(result.value.before).toBeUndefined();
    expect(result.value.id).not.toBe(id);
    expect(agent.jar.get("sid")!.startsWith(id!)).toBe(false);
    expect(events).toContainEqual({ type: "invalid-token", reason: "unknown-id" });
  });

  it("never accepts and never throws on 5,000 mutations of a valid token", async () => {
    const sessions = defineSessions({ secrets: SECRET });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("user", "alice"));
    const token = agent.jar.get("sid")!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%~ ";
    const mutation = fc.oneof(
      // replace one character
      fc.record({ at: fc.nat(token.length - 1), ch: fc.constantFrom(...alphabet) }).map(({ at, ch }) => token.slice(0, at) + ch + token.slice(at + 1)),
      // flip a bit of one character
      fc.record({ at: fc.nat(token.length - 1), bit: fc.nat(6) }).map(({ at, bit }) => token.slice(0, at) + String.fromCharCode(token.charCodeAt(at) ^ (1 << bit)) + token.slice(at + 1)),
      // truncate, extend, or splice garbage in
      fc.nat(token.length - 1).map((at) => token.slice(0, at)),
      fc.string({ maxLength: 8 }).map((tail) => token + tail),
      fc.record({ at: fc.nat(token.length), junk: fc.string({ minLength: 1, maxLength: 6 }) }).map(({ at, junk }) => token.slice(0, at) + junk + token.slice(at)),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (candidate) => {
        // Whitespace around a cookie value and surrounding quotes are not part of it (RFC 6265 §5.2).
        const asSent = candidate.trim().replace(/^"(.*)"$/, "$1");
        fc.pre(asSent !== token && !candidate.includes(";") && !/[\r\n]/.test(candidate));
        const { session } = sessions.createSessionHandler(new Request("http://x/", { headers: { cookie: `sid=${candidate}` } }));
        const user = await session.get("user");
        if (user !== undefined) accepted++;
        return user === undefined;
      }),
      { numRuns: 5_000 },
    );
    expect(accepted).toBe(0);
  });
});
