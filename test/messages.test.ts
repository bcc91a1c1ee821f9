import { describe, expect, it } from "vitest";
import { defineSessions, SessionConfigError, SessionCookieTooLargeError } from "../src/index";

const SECRET = "messages-test-secret-0123456789-abcdefghij";

/** Every message reads `sessionkit: <what happened>. <how to fix>.` */
const FORMAT = /^sessionkit: .+\. .+\.$|^sessionkit: .+[.!]$/s;

describe("messages say what happened and how to fix it", () => {
  it("an unset secret (a missing environment variable) says so, and how to make one", () => {
    for (const secrets of [undefined, [undefined], [""], process.env.SESSIONKIT_SURELY_UNSET]) {
      const error = (() => {
        try {
          defineSessions({ secrets: secrets as never });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(SessionConfigError);
      expect(error!.message).toMatch(FORMAT);
      expect(error!.message).toMatch(/SESSION_SECRET/);
      expect(error!.message).toMatch(/openssl rand -base64 32/);
      expect(error!.message).toMatch(/32 (random )?characters/);
    }
  });

  it("client data too large for the cookie points at server-side data, not at `chunk` (which server storage refuses)", async () => {
    const sessions = defineSessions({ secrets: SECRET });
    const { session, commit } = sessions.createSessionHandler(new Request("http://x/"));
    session.client.set("blob", "x".repeat(5000));
    const error = await commit(new Response("ok")).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(SessionCookieTooLargeError);
    expect((error as Error).message).toMatch(FORMAT);
    expect((error as Error).message).toMatch(/session\.client/);
    expect((error as Error).message).toMatch(/session\.set/);
    expect((error as Error).message).not.toMatch(/chunk/);
    expect(() => defineSessions({ secrets: SECRET, chunk: true })).toThrow(/only applies to `storage: "cookie"`/);
  });

  it('"cookie" storage over the limit suggests chunk: true, which it accepts', async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "cookie" });
    const { session, commit } = sessions.createSessionHandler(new Request("http://x/"));
    session.set("blob", "x".repeat(5000));
    const error = await commit(new Response("ok")).catch((e: unknown) => e as Error);
    expect((error as Error).message).toMatch(/chunk: true/);
    expect(() => defineSessions({ secrets: SECRET, storage: "cookie", chunk: true })).not.toThrow();
  });

  it("a malformed Redis URL says how to write it", () => {
    expect(() => defineSessions({ secrets: SECRET, storage: "redis:/localhost" })).toThrow(/needs "\/\/" and a host\. Write it as "redis:\/\/host:6379"/);
  });
});
