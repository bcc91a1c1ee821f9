import { getIronSession } from "iron-session";
import { describe, expect, it } from "vitest";
import { defineSessions, type SessionEvent } from "../src/index";

// The README's "From iron-session" map, checked against iron-session 8 itself: the same
// options give the same cookie, and an iron-session cookie reaching the migrated app reads as
// no session (users sign in once), never as an error.
const PASSWORD = "iron-session-password-of-32-chars-at-least";
const COOKIE_NAME = "app_session";
const TTL = 3600;

/** A Set-Cookie line as its name, value and attributes (lower-case names). */
function parse(line: string) {
  const [pair, ...rest] = line.split(/;\s*/);
  const eq = pair!.indexOf("=");
  const attributes = new Map(rest.map((part) => {
    const at = part.indexOf("=");
    return at === -1 ? [part.toLowerCase(), ""] : [part.slice(0, at).toLowerCase(), part.slice(at + 1)];
  }));
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes };
}

/** iron-session's own Set-Cookie for `{ user }` (or for a destroy), through its web Request/Response API. */
async function ironSetCookie(change: (session: { user?: string; save(): Promise<void>; destroy(): void }) => Promise<void> | void, cookie?: string) {
  const response = new Response("ok");
  const session = await getIronSession<{ user?: string }>(new Request("https://app.example/", { headers: cookie ? { cookie } : {} }), response, {
    password: PASSWORD, cookieName: COOKIE_NAME, ttl: TTL,
  });
  await change(session);
  return response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE_NAME}=`))!;
}

describe("migrating from iron-session with the README's option map", () => {
  const events: SessionEvent[] = [];
  const sessions = defineSessions({
    secrets: PASSWORD, cookie: { name: COOKIE_NAME }, idleTimeout: TTL, storage: "cookie", onEvent: (event) => events.push(event),
  });
  const request = async (handle: (session: ReturnType<typeof sessions.createSessionHandler>["session"]) => unknown, cookie?: string) => {
    const { session, commit } = sessions.createSessionHandler(new Request("https://app.example/", { headers: cookie ? { cookie } : {} }));
    const value = await handle(session);
    const response = await commit(new Response("ok"));
    return { value, setCookie: response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE_NAME}=`)) };
  };

  it("gives the cookie iron-session gave: its name, path, HttpOnly, SameSite=Lax, and its lifetime within iron-session's 60 s skew", async () => {
    const iron = parse(await ironSetCookie(async (session) => ((session.user = "ada"), session.save())));
    const ours = parse((await request((session) => session.set("user", "ada"))).setCookie!);
    expect(ours.name).toBe(iron.name);
    for (const attribute of ["path", "httponly"]) expect(ours.attributes.get(attribute), attribute).toBe(iron.attributes.get(attribute));
    expect(ours.attributes.get("samesite")?.toLowerCase()).toBe(iron.attributes.get("samesite")?.toLowerCase());
    // iron-session sets Max-Age = ttl − 60 s; sessionkit's idle timeout is the cookie's whole lifetime.
    expect(Number(ours.attributes.get("max-age"))).toBe(TTL);
    expect(TTL - Number(iron.attributes.get("max-age"))).toBe(60);
    // Secure by default (sessionkit) where iron-session also sets it by default.
    expect(ours.attributes.has("secure")).toBe(iron.attributes.has("secure"));
  });

  it("reads an existing iron-session cookie as no session — no error, no data — and a write replaces it with its own", async () => {
    const ironCookie = parse(await ironSetCookie(async (session) => ((session.user = "ada"), session.save())));
    const sent = `${COOKIE_NAME}=${ironCookie.value}`;
    events.length = 0;
    const read = await request((session) => session.get("user"), sent);
    expect(read.value).toBeUndefined();
    expect(events.some((event) => event.type === "invalid-token")).toBe(true);
    const written = await request((session) => (session.set("user", "ada"), session.get("user")), sent);
    expect(written.value).toBe("ada");
    const replaced = parse(written.setCookie!);
    expect(replaced.value).not.toBe(ironCookie.value);
    expect((await request((session) => session.get("user"), `${COOKIE_NAME}=${replaced.value}`)).value).toBe("ada");
    // And the other way: iron-session does not take sessionkit's cookie for one of its own.
    const ironReads = await getIronSession<{ user?: string }>(new Request("https://app.example/", { headers: { cookie: `${COOKIE_NAME}=${replaced.value}` } }), new Response(), {
      password: PASSWORD, cookieName: COOKIE_NAME, ttl: TTL,
    });
    expect(ironReads.user).toBeUndefined();
  });

  it("session.destroy() clears the cookie as iron-session's destroy() does", async () => {
    const ironSeal = parse(await ironSetCookie(async (session) => ((session.user = "ada"), session.save())));
    const ironDestroyed = parse(await ironSetCookie((session) => session.destroy(), `${COOKIE_NAME}=${ironSeal.value}`));
    const ours = parse((await request((session) => session.set("user", "ada"))).setCookie!);
    const destroyed = parse((await request((session) => session.destroy(), `${COOKIE_NAME}=${ours.value}`)).setCookie!);
    expect(ironDestroyed.attributes.get("max-age")).toBe("0");
    expect(destroyed.attributes.get("max-age")).toBe("0");
    expect(destroyed.value).toBe("");
  });
});
