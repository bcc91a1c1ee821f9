import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineSessions, SessionValidationError, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

const Cart = v.object({ userId: v.optional(v.string()), cart: v.optional(v.array(v.number())) });

describe("schema", () => {
  it("types the session from the schema", () => {
    const sessions = defineSessions({ secrets: SECRET, schema: Cart });
    const { session } = sessions.createSessionHandler(new Request("http://x/"));
    expectTypeOf(session.get("cart")).toEqualTypeOf<Promise<number[] | undefined>>();
    // @ts-expect-error — not in the schema
    session.set("nope", 1);
    // @ts-expect-error — wrong type
    session.set("cart", "not an array");
  });

  it("rejects an invalid write at commit with SessionValidationError and writes nothing", async () => {
    const { storage, calls } = createRecordingStorage();
    const sessions = defineSessions({ secrets: SECRET, storage, schema: Cart });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("cart", [1]));
    const writesBefore = calls.filter((c) => c.method === "setItem").length;
    const cookieBefore = agent.cookieHeader();
    const failure = agent.request((s) => s.set("cart", ["x"] as any));
    await expect(failure).rejects.toBeInstanceOf(SessionValidationError);
    await expect(failure).rejects.toThrow(/cart\.0: /);
    expect(calls.filter((c) => c.method === "setItem").length).toBe(writesBefore);
    expect(agent.cookieHeader()).toBe(cookieBefore);
    expect((await agent.request((s) => s.get("cart"))).value).toEqual([1]);
  });

  it("drops stored data that no longer fits (the schema changed) as a new session, with an event", async () => {
    const { storage } = createRecordingStorage();
    const v1 = createAgent(defineSessions({ secrets: SECRET, storage }));
    await v1.request((s) => s.set("cart", "legacy string"));
    const events: SessionEvent[] = [];
    const v2 = createAgent(defineSessions({ secrets: SECRET, storage, schema: Cart, onEvent: (e) => events.push(e) }));
    v2.jar.set("sid", v1.jar.get("sid")!);
    const result = await v2.request(async (s) => ({ cart: await s.get("cart"), all: await s.all() }));
    expect(result.value).toEqual({ cart: undefined, all: {} });
    expect(events).toContainEqual(expect.objectContaining({ type: "schema-mismatch" }));
    expect(JSON.stringify(events)).not.toContain(v1.jar.get("sid")!.slice(0, 22));
  });

  it("accepts async Standard Schemas", async () => {
    const Async = v.objectAsync({ n: v.pipeAsync(v.number(), v.checkAsync(async (n) => n > 0, "must be positive")) });
    const agent = createAgent(defineSessions({ secrets: SECRET, schema: Async }));
    await agent.request((s) => s.set("n", 2));
    await expect(agent.request((s) => s.set("n", -1))).rejects.toThrow(/must be positive/);
    expect((await agent.request((s) => s.get("n"))).value).toBe(2);
  });

  it("stores the schema's input, so a transforming schema re-validates on the next request (no reset)", async () => {
    const Age = v.object({ age: v.optional(v.pipe(v.string(), v.transform(Number), v.number())) });
    const events: SessionEvent[] = [];
    const agent = createAgent(defineSessions({ secrets: SECRET, schema: Age, onEvent: (e) => events.push(e) }));
    await agent.request((s) => s.set("age", "42"));
    for (let i = 0; i < 3; i++) expect((await agent.request((s) => s.get("age"))).value).toBe("42");
    expect(events.filter((event) => event.type === "schema-mismatch")).toEqual([]);
  });

  it("drops keys the schema does not know before storing, and says which (names only)", async () => {
    const events: SessionEvent[] = [];
    const agent = createAgent(defineSessions({ secrets: SECRET, schema: Cart, onEvent: (e) => events.push(e) }));
    await agent.request((s) => {
      s.set("cart", [1]);
      (s as any).set("stray", "secret-value-never-logged");
    });
    expect((await agent.request((s) => s.all())).value).toEqual({ cart: [1] });
    expect(events).toContainEqual({ type: "unknown-keys", keys: ["stray"] });
    expect(JSON.stringify(events)).not.toContain("secret-value-never-logged");
  });
});
