import { describe, expect, it } from "vitest";
import { defineSessions, SessionConfigError, type SessionsOptions } from "../src/index";
import { SECRET } from "./suites/store-suite";

const expectConfigError = (options: unknown, message: RegExp) => {
  expect(() => defineSessions(options as SessionsOptions)).toThrow(SessionConfigError);
  expect(() => defineSessions(options as SessionsOptions)).toThrow(message);
};

describe("defineSessions refuses bad configuration with a message that says how to fix it", () => {
  it("missing or short secrets", () => {
    expectConfigError({}, /`secrets` is missing.*openssl rand/);
    expectConfigError({ secrets: [] }, /`secrets` is missing/);
    expectConfigError({ secrets: "short" }, /secret #1 is 5 characters; each secret needs at least 32/);
    expectConfigError({ secrets: [SECRET, "x".repeat(31)] }, /secret #2 is 31 characters/);
  });

  it("never echoes a secret", () => {
    try {
      defineSessions({ secrets: "hunter2-but-short" });
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });

  it("unknown storage drivers and URLs", () => {
    expectConfigError({ secrets: SECRET, storage: { driver: "mongo-ish" } }, /unknown storage driver "mongo-ish". Known drivers: .*fs.*redis/);
    expectConfigError({ secrets: SECRET, storage: "ftp://x" }, /unknown storage URL scheme "ftp:"/);
    expectConfigError({ secrets: SECRET, storage: 42 }, /`storage` must be/);
  });

  it("__Host- and __Secure- prefix rules", () => {
    expectConfigError({ secrets: SECRET, cookie: { name: "__Host-sid", domain: "example.com" } }, /__Host- cookie must have Path=\/ and no Domain/);
    expectConfigError({ secrets: SECRET, cookie: { name: "__Host-sid", path: "/app" } }, /__Host- cookie must have Path=\//);
    expectConfigError({ secrets: SECRET, cookie: { name: "__Host-sid", secure: false } }, /__Host- cookie must be Secure/);
    expectConfigError({ secrets: SECRET, cookie: { name: "__Secure-sid", secure: false } }, /__Secure- cookie must be Secure/);
    expect(() => defineSessions({ secrets: SECRET, cookie: { name: "__Host-sid" } })).not.toThrow();
  });

  it("Partitioned needs Secure (any SameSite, as CHIPS and today's browsers have it); SameSite=None needs Secure", () => {
    expectConfigError({ secrets: SECRET, cookie: { partitioned: true, secure: false, sameSite: "none" } }, /Partitioned cookie must be Secure/);
    // Issue 9 point 8: CHIPS requires Secure, not SameSite=None (the old check refused this).
    expect(() => defineSessions({ secrets: SECRET, cookie: { partitioned: true, secure: true } })).not.toThrow();
    expect(() => defineSessions({ secrets: SECRET, cookie: { partitioned: true } })).not.toThrow();
    expectConfigError({ secrets: SECRET, cookie: { sameSite: "none", secure: false } }, /SameSite=None cookie must be Secure/);
    expect(() => defineSessions({ secrets: SECRET, cookie: { partitioned: true, sameSite: "none" } })).not.toThrow();
  });

  it("CR, LF, ';' and other non-token characters in cookie options or header names", () => {
    expectConfigError({ secrets: SECRET, cookie: { name: "sid\r\nX-Evil: 1" } }, /not a valid cookie name/);
    expectConfigError({ secrets: SECRET, cookie: { name: "s;d" } }, /not a valid cookie name/);
    expectConfigError({ secrets: SECRET, cookie: { domain: "a.com; Secure" } }, /domain contains a control character or ";"/);
    expectConfigError({ secrets: SECRET, cookie: { path: "/\r\nSet-Cookie: x=1" } }, /path contains a control character/);
    expectConfigError({ secrets: SECRET, cookie: { sameSite: "lax\n" as any } }, /sameSite must be/);
    expectConfigError({ secrets: SECRET, header: "x-session\r\n" }, /`header` must be a valid header name/);
  });

  it("numbers, schema, transports and modes that make no sense", () => {
    expectConfigError({ secrets: SECRET, idleTimeout: 0 }, /idleTimeout must be a positive number of seconds/);
    expectConfigError({ secrets: SECRET, absoluteTimeout: -5 }, /absoluteTimeout must be a positive/);
    expectConfigError({ secrets: SECRET, storageTimeout: Number.NaN }, /storageTimeout must be a positive number of milliseconds/);
    for (const waitForReplicas of [-1, 0.5, Number.NaN, "1"]) {
      expectConfigError({ secrets: SECRET, waitForReplicas }, /waitForReplicas must be a whole number ≥ 0/);
    }
    expect(() => defineSessions({ secrets: SECRET, waitForReplicas: 0 })).not.toThrow();
    expectConfigError({ secrets: SECRET, schema: { parse() {} } }, /must be a Standard Schema/);
    expectConfigError({ secrets: SECRET, cookie: false }, /`cookie: false` leaves no way/);
    expectConfigError({ secrets: SECRET, chunk: true }, /`chunk: true` only applies to `storage: "cookie"`/);
    expectConfigError({ secrets: SECRET, broadcast: "nats://x" }, /`broadcast` takes a Redis URL/);
  });

  it("does not modify the caller's options", () => {
    const options = Object.freeze({ secrets: Object.freeze([SECRET]), cookie: Object.freeze({ name: "id" }) });
    expect(() => defineSessions(options as SessionsOptions)).not.toThrow();
  });
});
