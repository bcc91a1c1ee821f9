import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, SessionValidationError, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";

const SECRET = "no-values-test-secret-0123456789-abcdefgh";
const ACCESS_TOKEN = "tok_live_4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
const dir = mkdtempSync(join(tmpdir(), "sessionkit-novalues-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("events and errors carry the key and the problem, never the stored value", () => {
  it("SessionValidationError names the key and what was expected, not what was set", async () => {
    const sessions = defineSessions({ secrets: SECRET, schema: v.object({ userId: v.optional(v.number()) }) });
    const agent = createAgent(sessions);
    const error = await agent.request((s) => s.set("userId", ACCESS_TOKEN as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionValidationError);
    const text = `${(error as Error).message} ${JSON.stringify(error)} ${JSON.stringify((error as SessionValidationError).issues)}`;
    expect(text).not.toContain(ACCESS_TOKEN);
    expect((error as Error).message).toMatch(/userId: Invalid type: Expected number/);
  });

  it("a schema-mismatch event names the key, not the stored value", async () => {
    const events: SessionEvent[] = [];
    const storage = `file:${join(dir, "mismatch")}`;
    const before = defineSessions({ secrets: SECRET, storage });
    const agent = createAgent(before);
    await agent.request((s) => s.set("accessToken", ACCESS_TOKEN));
    const after = defineSessions({ secrets: SECRET, storage, schema: v.object({ accessToken: v.optional(v.number()) }), onEvent: (e) => events.push(e) });
    const next = createAgent(after);
    next.jar.set("sid", agent.jar.get("sid")!);
    expect((await next.request((s) => s.get("accessToken"))).value).toBeUndefined();
    const mismatch = events.find((event) => event.type === "schema-mismatch");
    expect(mismatch).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(ACCESS_TOKEN);
    expect(JSON.stringify(mismatch)).toContain("accessToken");
  });

  it("fs storage errors carry no record path or handle", async () => {
    const events: SessionEvent[] = [];
    const base = join(dir, "a-file-not-a-folder");
    writeFileSync(base, "x"); // every record path under it fails (ENOTDIR), also as root
    const sessions = defineSessions({ secrets: SECRET, storage: `file:${base}`, onEvent: (e) => events.push(e) });
    const agent = createAgent(sessions);
    const failed = await agent.request((s) => s.set("n", 1)).catch((e: unknown) => e);
    expect((failed as Error).name).toBe("SessionStorageError");
    const cause = (failed as Error).cause as Error & { path?: string };
    const texts = [(failed as Error).message, String(cause?.message), String(cause?.path ?? ""), JSON.stringify(failed), JSON.stringify(events)];
    for (const text of texts) {
      expect(text).not.toContain(base);
      expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/); // no handle
    }
    expect((failed as Error).message).toMatch(/ENOTDIR/); // the cause is still named
  });
});
