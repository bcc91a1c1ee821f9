import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defineSessions, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { SECRET } from "./suites/store-suite";

/** The app's session schema before the change: one `name`. */
const V1 = v.object({ name: v.optional(v.string()), cart: v.optional(v.array(v.number())) });
/** After it: `name` split into `first` and `last`. */
const V2 = v.object({ first: v.optional(v.string()), last: v.optional(v.string()), cart: v.optional(v.array(v.number())) });

/** The migration an app ships with V2: old records get `first`/`last` from `name`. */
function splitName(data: Record<string, unknown>): unknown {
  const { name, ...rest } = data;
  if (typeof name !== "string") return data; // nothing to split: leave it to the schema
  const space = name.indexOf(" ");
  return { ...rest, first: space < 0 ? name : name.slice(0, space), last: space < 0 ? "" : name.slice(space + 1) };
}

/** The stored data of a session, read straight from the store. */
async function storedData(storage: ReturnType<typeof createRecordingStorage>["storage"], handle: string) {
  const raw = (await storage.getItem(`sessionkit:s:${handle}`)) as { j: string } | null;
  return raw ? (JSON.parse(raw.j) as { d: Record<string, unknown> }).d : null;
}

describe("schema evolution with migrate (valibot, a name split into first and last)", () => {
  it("migrates an old record on load, writes the migrated record back on that request's commit, and migrates once", async () => {
    const { storage, calls } = createRecordingStorage();
    const before = defineSessions({ secrets: SECRET, storage, schema: V1 });
    const browser = createAgent(before);
    const { value: id } = await browser.request((s) => {
      s.set("name", "Ada Lovelace");
      s.set("cart", [3]);
      return s.id!;
    });
    const handle = before.handleOf(id)!;
    expect(await storedData(storage, handle)).toEqual({ name: "Ada Lovelace", cart: [3] });

    // The app is deployed with the new schema and its migration.
    const events: SessionEvent[] = [];
    let migrations = 0;
    const after = defineSessions({
      secrets: SECRET,
      storage,
      schema: V2,
      migrate: (data) => {
        migrations++;
        return splitName(data);
      },
      onEvent: (event) => events.push(event),
    });
    const upgraded = createAgent(after);
    upgraded.jar.set("sid", browser.jar.get("sid")!);
    const writesBefore = calls.filter((call) => call.method === "setItem").length;
    const first = await upgraded.request(async (s) => ({ all: await s.all(), id: s.id }));
    expect(first.value).toEqual({ all: { first: "Ada", last: "Lovelace", cart: [3] }, id });
    // Written back on this (read-only) request's commit, under the same id: no new cookie needed.
    expect(calls.filter((call) => call.method === "setItem").length - writesBefore).toBe(1);
    expect(await storedData(storage, handle)).toEqual({ first: "Ada", last: "Lovelace", cart: [3] });
    expect(first.setCookies).toEqual([]);
    expect(events.filter((event) => event.type === "schema-mismatch")).toEqual([]);

    // The next request finds data that fits: no second migration, no write.
    const writesThen = calls.filter((call) => call.method === "setItem").length;
    const second = await upgraded.request((s) => s.get("first"));
    expect(second.value).toBe("Ada");
    expect(migrations).toBe(1);
    expect(calls.filter((call) => call.method === "setItem").length).toBe(writesThen);
    await before.close();
    await after.close();
  });

  it("a request that writes while migrating stores both the migration and its write in one record", async () => {
    const { storage } = createRecordingStorage();
    const before = defineSessions({ secrets: SECRET, storage, schema: V1 });
    const browser = createAgent(before);
    const { value: id } = await browser.request((s) => {
      s.set("name", "Grace Hopper");
      return s.id!;
    });
    const after = defineSessions({ secrets: SECRET, storage, schema: V2, migrate: splitName });
    const upgraded = createAgent(after);
    upgraded.jar.set("sid", browser.jar.get("sid")!);
    await upgraded.request((s) => s.update("cart", (cart) => [...(cart ?? []), 7]));
    expect(await storedData(storage, after.handleOf(id)!)).toEqual({ first: "Grace", last: "Hopper", cart: [7] });
    await before.close();
    await after.close();
  });

  it("data that cannot migrate is given up as a schema-mismatch event (names, not values) and the session starts anew", async () => {
    const { storage } = createRecordingStorage();
    const loose = defineSessions({ secrets: SECRET, storage });
    const cases: Array<[string, Record<string, unknown>, (data: Record<string, unknown>) => unknown]> = [
      ["a migration result that still fails", { name: "Ada", cart: "not-an-array" }, splitName],
      ["a migration that throws", { name: "Ada", cart: "not-an-array" }, () => {
        throw new Error("cannot migrate");
      }],
      ["a migration that returns no object", { name: "Ada", cart: "not-an-array" }, () => "nope"],
    ];
    for (const [label, data, migrate] of cases) {
      const browser = createAgent(loose);
      await browser.request((s) => {
        for (const [key, value] of Object.entries(data)) s.set(key, value);
      });
      const events: SessionEvent[] = [];
      const strict = defineSessions({ secrets: SECRET, storage, schema: V2, migrate, onEvent: (event) => events.push(event) });
      const upgraded = createAgent(strict);
      upgraded.jar.set("sid", browser.jar.get("sid")!);
      const result = await upgraded.request(async (s) => ({ all: await s.all(), id: s.id }));
      expect(result.value, label).toEqual({ all: {}, id: undefined });
      const mismatch = events.filter((event) => event.type === "schema-mismatch");
      expect(mismatch, label).toHaveLength(1);
      expect(JSON.stringify(mismatch), label).not.toContain("Ada");
      expect(JSON.stringify(mismatch), label).not.toContain("not-an-array");
      // A write now goes to a new session under a new id.
      const fresh = await upgraded.request((s) => {
        s.set("first", "Someone");
        return s.id;
      });
      expect(fresh.setCookies, label).toHaveLength(1);
      await strict.close();
    }
    await loose.close();
  });

  it("keeps data that only has keys the schema no longer knows when the migration cannot place them", async () => {
    const { storage } = createRecordingStorage();
    const loose = defineSessions({ secrets: SECRET, storage });
    const browser = createAgent(loose);
    await browser.request((s) => {
      s.set("theme", "dark");
      s.set("cart", [1]);
    });
    const events: SessionEvent[] = [];
    const strict = defineSessions({
      secrets: SECRET,
      storage,
      schema: V2,
      migrate: () => {
        throw new Error("no rule for this key");
      },
      onEvent: (event) => events.push(event),
    });
    const upgraded = createAgent(strict);
    upgraded.jar.set("sid", browser.jar.get("sid")!);
    expect((await upgraded.request((s) => s.get("cart"))).value).toEqual([1]);
    expect(events.filter((event) => event.type === "schema-mismatch")).toEqual([]);
    // The next write drops the unknown key (reported by name).
    await upgraded.request((s) => s.set("first", "Ada"));
    expect((await upgraded.request((s) => s.all())).value).toEqual({ cart: [1], first: "Ada" });
    expect(events).toContainEqual({ type: "unknown-keys", keys: ["theme"] });
    await loose.close();
    await strict.close();
  });

  it("refuses migrate without a schema at defineSessions", () => {
    expect(() => defineSessions({ secrets: SECRET, migrate: (data) => data })).toThrow(/`migrate` only runs on data that fails `schema`/);
  });
});

describe("a schema that transforms (the store keeps its input)", () => {
  const Age = v.object({ age: v.optional(v.pipe(v.string(), v.transform(Number))) });

  it("survives a second and third request: no reset, no schema-mismatch", async () => {
    const { storage } = createRecordingStorage();
    const events: SessionEvent[] = [];
    const sessions = defineSessions({ secrets: SECRET, storage, schema: Age, onEvent: (event) => events.push(event) });
    const browser = createAgent(sessions);
    const { value: id } = await browser.request((s) => {
      s.set("age", "42" as unknown as number); // the schema's input is a string; its output a number
      return s.id!;
    });
    expect(await storedData(storage, sessions.handleOf(id)!)).toEqual({ age: "42" });
    for (let i = 0; i < 2; i++) {
      const again = await browser.request(async (s) => ({ age: await s.get("age"), id: s.id }));
      expect(again.value).toEqual({ age: "42", id });
    }
    expect(events.filter((event) => event.type === "schema-mismatch")).toEqual([]);
    await sessions.close();
  });
});
