import fc from "fast-check";
import * as v from "valibot";
import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { cleanupStorages, storageCases } from "./helpers/storages";

const SECRET = "plain-keys-test-secret-0123456789-abcdefgh";
const PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__"];
const keyName = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 12 }));

afterAll(cleanupStorages);

/** Object.prototype as it must stay: no own property added by any session operation. */
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort().join(",");

describe.each(storageCases)("keys are plain strings ($name)", (storageCase) => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });
  const make = () => {
    const sessions = defineSessions({ secrets: [SECRET], storage: storageCase.storage() });
    opened.push(sessions);
    return sessions;
  };

  it.skipIf(!!storageCase.skip)("an empty session has none of Object.prototype's names, and reading them is no write", async () => {
    const agent = createAgent(make());
    const seen = await agent.request(async (s) =>
      Promise.all(PROTOTYPE_NAMES.map(async (key) => [await s.has(key), await s.get(key), await s.client.get(key)])),
    );
    for (const [has, value, client] of seen.value) expect([has, value, client]).toEqual([false, undefined, undefined]);
    expect(seen.setCookies).toEqual([]);
  });

  it.skipIf(!!storageCase.skip)("set/get/has/unset/all/flash/update round-trip any key, across requests", async () => {
    const before = prototypeNames();
    const sessions = make();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(keyName, { minLength: 1, maxLength: 5 }), async (keys) => {
        const agent = createAgent(sessions);
        await agent.request((s) => {
          keys.forEach((key, index) => s.set(key, { role: `v${index}` }));
          s.flash(keys[0]!, "flashed");
          s.client.set(keys[0]!, "client");
        });
        const read = await agent.request(async (s) => ({
          values: await Promise.all(keys.map((key) => s.get(key))),
          has: await Promise.all(keys.map((key) => s.has(key))),
          all: await s.all(),
          client: await s.client.get(keys[0]!),
        }));
        // The flash of keys[0] is read once (it wins over the plain value), then the plain value is back.
        expect(read.value.values).toEqual(keys.map((key, index) => (index === 0 ? "flashed" : { role: `v${index}` })));
        expect(read.value.has.every(Boolean)).toBe(true);
        expect(Object.keys(read.value.all).sort()).toEqual([...keys].sort());
        expect(read.value.client).toBe("client");
        await agent.request((s) => {
          s.update(keys[0]!, (current: any) => ({ ...current, touched: true }));
          if (keys.length > 1) s.unset(keys[1]!);
        });
        const after = await agent.request(async (s) => ({ first: await s.get(keys[0]!), second: await s.has(keys[1] ?? keys[0]!) }));
        expect(after.value.first).toEqual({ role: "v0", touched: true });
        if (keys.length > 1) expect(after.value.second).toBe(false);
      }),
      { numRuns: storageCase.name === "memory" || storageCase.name === "cookie" ? 60 : 15 },
    );
    expect(prototypeNames()).toBe(before);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it.skipIf(!!storageCase.skip)("a get-mutate-set on __proto__ pollutes nothing, also with a schema", async () => {
    const sessions = defineSessions({
      secrets: [SECRET],
      storage: storageCase.storage(),
      schema: v.looseObject({ user: v.optional(v.string()) }),
    });
    opened.push(sessions);
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("__proto__", { role: "admin" }));
    await agent.request(async (s) => {
      const value = ((await s.get("__proto__")) ?? {}) as Record<string, unknown>;
      value.polluted = true;
      s.set("__proto__", value);
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    const all = (await agent.request((s) => s.all())).value;
    expect(Object.getPrototypeOf(all)).toBe(Object.prototype);
    expect((all as Record<string, unknown>).role).toBeUndefined();
  });
});
