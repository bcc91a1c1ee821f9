import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { cleanupStorages, storageCases } from "./helpers/storages";

const SECRET = "privacy-test-secret-0123456789-abcdefghij";

/** Every way a logger or an error reporter turns an object into text or a copy. */
function exposures(value: object): Record<string, string> {
  let cloned: string;
  try {
    cloned = JSON.stringify(structuredClone(value)) ?? "";
  } catch (error) {
    cloned = `structuredClone threw ${(error as Error).name}`;
  }
  return {
    json: JSON.stringify(value) ?? "",
    inspect: inspect(value, { depth: 12, showHidden: true, getters: false }),
    spread: JSON.stringify({ ...value }),
    keys: JSON.stringify(Object.keys(value)),
    ownNames: JSON.stringify(Object.getOwnPropertyNames(value)),
    clone: cloned,
  };
}

afterAll(cleanupStorages);

describe.each(storageCases)("nothing secret is reachable from session or sessions ($name)", (storageCase) => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });

  it.skipIf(!!storageCase.skip)("JSON, util.inspect, spread, keys and structuredClone show no secret, key, token, id or data", async () => {
    const sessions = defineSessions({ secrets: [SECRET], storage: storageCase.storage(), header: "x-session-id" });
    opened.push(sessions);
    const agent = createAgent(sessions);
    const stored = "stored-value-that-must-not-show";
    // A write, then reads: the state now holds a token, an id, a record and client data.
    const first = await agent.request((s) => {
      s.set("user", stored);
      s.client.set("theme", "client-value-that-must-not-show");
      if (storageCase.serverSide) s.setOwner("owner-that-must-not-show");
      return s.id!;
    });
    const id = first.value;
    const token = agent.jar.get("sid")!;
    const shown: string[] = [];
    await agent.request(async (s) => {
      await s.get("user");
      await s.client.get("theme");
      void s.id;
      s.set("more", 1);
      for (const text of Object.values(exposures(s))) shown.push(text);
      for (const text of Object.values(exposures(s.client))) shown.push(text);
      for (const text of Object.values(exposures(sessions))) shown.push(text);
    });
    const { session } = sessions.createSessionHandler(new Request("http://x/", { headers: { cookie: `sid=${token}` } }));
    await session.get("user");
    for (const text of Object.values(exposures(session))) shown.push(text);

    const secrets = [SECRET, id, stored, "client-value-that-must-not-show", "owner-that-must-not-show", ...token.split(/[.~]/).filter((part) => part.length >= 16)];
    for (const text of shown) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/Uint8Array|ArrayBuffer|Hash|HMAC/i); // no key bytes, no key schedule
    }
    // Nor through the classes: no static member hands out a request's state.
    for (const object of [session, session.client, sessions]) {
      expect(Object.getOwnPropertyNames(object.constructor).sort()).toEqual(["length", "name", "prototype"]);
    }
    expect(JSON.stringify(session)).toBe("{}");
    expect(Object.keys(session)).toEqual([]);
    expect(Object.keys(sessions)).toEqual([]);
    expect(JSON.stringify(sessions)).toBe("{}");
  });

  it.skipIf(!!storageCase.skip)("the methods still work when taken off the objects", async () => {
    const sessions = defineSessions({ secrets: [SECRET], storage: storageCase.storage() });
    opened.push(sessions);
    const { createSessionHandler, handleOf } = sessions;
    const { session, commit } = createSessionHandler(new Request("http://x/"));
    session.set("n", 1);
    const response = await commit(new Response("ok"));
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(handleOf(session.id!)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
