import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const RUNS = 10_000;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Header values a Request accepts: no NUL, CR or LF, no leading/trailing whitespace issues. */
const headerSafe = (value: string) => !/[\0\r\n]/.test(value) && [...value].every((ch) => ch.charCodeAt(0) < 256);

/** base64url-ish strings, optionally with dots and chunk-count prefixes: close to real tokens. */
const tokenLike = fc
  .array(fc.constantFrom(...BASE64URL, ".", "~", "=", "%"), { maxLength: 180 })
  .map((chars) => chars.join(""));

/**
 * Runs one request with the given headers and checks the invariants: no throw, a 200, no
 * session data that was not issued, no id.
 */
async function probe(sessions: Sessions<any>, headers: Record<string, string>): Promise<boolean> {
  const { session, commit } = sessions.createSessionHandler(new Request("http://x/", { headers }));
  const user = await session.get("user");
  const client = await session.client.get("theme");
  const id = session.id;
  const response = await commit(new Response("ok"));
  return user === undefined && client === undefined && id === undefined && response.status === 200;
}

/** A sessions object with one real session in it, so a forged input has something to hit. */
async function seeded(options: Parameters<typeof defineSessions>[0]) {
  const sessions = defineSessions(options);
  const agent = createAgent(sessions);
  await agent.request((s) => (s.set("user", "alice"), s.client.set("theme", "dark")));
  return { sessions, agent };
}

describe(`hostile input (${RUNS.toLocaleString("en")} cases each): never throws, never hangs, never yields a session not issued`, () => {
  it("arbitrary Cookie headers", async () => {
    const { sessions } = await seeded({ secrets: SECRET });
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }).filter(headerSafe), (cookie) => probe(sessions, { cookie })),
      { numRuns: RUNS },
    );
  });

  it("arbitrary tokens in the session cookie", async () => {
    const { sessions } = await seeded({ secrets: SECRET });
    await fc.assert(fc.asyncProperty(tokenLike, (token) => probe(sessions, { cookie: `a=1; sid=${token}; b=2` })), { numRuns: RUNS });
  });

  it("arbitrary and mutated sealed values in cookie storage", async () => {
    const { sessions, agent } = await seeded({ secrets: SECRET, storage: "cookie" });
    const sealed = agent.jar.get("sid")!;
    const mutated = fc
      .record({ at: fc.nat(sealed.length - 1), ch: fc.constantFrom(...BASE64URL) })
      .map(({ at, ch }) => sealed.slice(0, at) + ch + sealed.slice(at + 1))
      .filter((value) => value !== sealed);
    await fc.assert(fc.asyncProperty(fc.oneof(tokenLike, mutated), (value) => probe(sessions, { cookie: `sid=${value}` })), { numRuns: RUNS });
  });

  it("arbitrary chunked-cookie sets", async () => {
    const { sessions, agent } = await seeded({ secrets: SECRET, storage: "cookie", chunk: true });
    const sealed = agent.jar.get("sid")!;
    const chunkSet = fc.array(fc.oneof(tokenLike, fc.constant(sealed.slice(0, 40)), fc.constant(`2~${sealed.slice(0, 50)}`)), { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(chunkSet, fc.boolean(), (chunks, withPlain) => {
        const cookie = chunks.map((value, index) => `sid.${index}=${value}`).join("; ") + (withPlain ? `; sid=${chunks[0]}` : "");
        return probe(sessions, { cookie });
      }),
      { numRuns: RUNS },
    );
  });

  it("arbitrary session headers (header transport)", async () => {
    const { sessions } = await seeded({ secrets: SECRET, cookie: false, header: "x-session-id" });
    const value = fc.oneof(tokenLike, fc.string({ unit: "binary", maxLength: 200 }).filter(headerSafe));
    await fc.assert(fc.asyncProperty(value, (token) => probe(sessions, { "x-session-id": token })), { numRuns: RUNS });
  });

  it("a valid token still works after all that", async () => {
    const { sessions, agent } = await seeded({ secrets: SECRET });
    await probe(sessions, { cookie: "sid=garbage" });
    expect((await agent.request((s) => s.get("user"))).value).toBe("alice");
  });
});
