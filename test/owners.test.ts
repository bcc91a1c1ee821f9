import { afterAll, describe, expect, inject, it } from "vitest";
import { defineSessions, SessionConfigError, type SessionChange, type Sessions, type StorageOption } from "../src/index";
import { createAgent } from "./helpers/agent";
import { SECRET } from "./suites/store-suite";

const redisUrl = inject("redisUrl");
let base = 0;

/** Owners live in the server-side store: run the same checks on memory and on a real Redis. */
const stores: { name: string; storage: () => StorageOption; skip?: string }[] = [
  { name: "memory", storage: () => "memory:" },
  {
    name: "redis",
    storage: () => ({ driver: "redis", url: redisUrl, base: `owners${base++}` }),
    skip: redisUrl ? undefined : "no Redis available",
  },
];

for (const store of stores) {
  describe.skipIf(!!store.skip)(`owners and revocation on ${store.name}`, () => {
    const opened: Sessions<any>[] = [];
    const make = () => {
      const sessions = defineSessions({ secrets: SECRET, storage: store.storage() });
      opened.push(sessions);
      return sessions;
    };
    afterAll(async () => {
      await Promise.all(opened.map((sessions) => sessions.close()));
    });

    /** A browser signed in as `owner`: its agent and its session id. */
    const signIn = async (sessions: Sessions<any>, owner: string) => {
      const agent = createAgent(sessions);
      const { value: id } = await agent.request((s) => {
        s.set("user", owner);
        s.setOwner(owner);
        return s.id!;
      });
      return { agent, id };
    };

    it("lists an owner's sessions with opaque handles, times and the current one", async () => {
      const sessions = make();
      const laptop = await signIn(sessions, "ada");
      const phone = await signIn(sessions, "ada");
      await signIn(sessions, "grace");

      const listed = await sessions.listByOwner("ada", { current: laptop.id });
      expect(listed).toHaveLength(2);
      expect(listed.map((entry) => entry.handle).sort()).toEqual([sessions.handleOf(laptop.id), sessions.handleOf(phone.id)].sort());
      expect(listed.filter((entry) => entry.current).map((entry) => entry.handle)).toEqual([sessions.handleOf(laptop.id)]);
      for (const entry of listed) {
        expect(typeof entry.createdAt).toBe("number");
        expect(entry.lastSeenAt).toBeGreaterThanOrEqual(entry.createdAt);
        // A handle is neither the id nor any part of a token.
        for (const browser of [laptop, phone]) {
          expect(entry.handle).not.toContain(browser.id);
          for (const part of browser.agent.jar.get("sid")!.split(".")) expect(entry.handle).not.toContain(part);
        }
      }
      expect(await sessions.listByOwner("nobody")).toEqual([]);
    });

    it("revoke(handle) ends that session at once and tells its subscribers", async () => {
      const sessions = make();
      const laptop = await signIn(sessions, "ada");
      const phone = await signIn(sessions, "ada");
      const heard: SessionChange[] = [];
      const unsubscribe = sessions.subscribe(phone.id, (change) => heard.push(change));
      await unsubscribe.ready;

      await sessions.revoke(sessions.handleOf(phone.id)!);
      expect(heard).toEqual([{ type: "destroyed" }]);
      expect((await phone.agent.request((s) => s.get("user"))).value).toBeUndefined();
      expect((await laptop.agent.request((s) => s.get("user"))).value).toBe("ada");
      expect((await sessions.listByOwner("ada")).map((entry) => entry.handle)).toEqual([sessions.handleOf(laptop.id)]);
      unsubscribe();

      // Unknown or malformed handles are a no-op, never an error.
      await sessions.revoke(sessions.handleOf(phone.id)!);
      await sessions.revoke("../../etc/passwd");
    });

    it("revokeOwner ends every session of the owner except the one given", async () => {
      const sessions = make();
      const keep = await signIn(sessions, "ada");
      const others = [await signIn(sessions, "ada"), await signIn(sessions, "ada")];
      const stranger = await signIn(sessions, "grace");

      // `except` takes a handle or a Session.
      const { value: ended } = await keep.agent.request((s) => sessions.revokeOwner("ada", { except: s }));
      expect(await ended).toBe(2);
      for (const other of others) expect((await other.agent.request((s) => s.get("user"))).value).toBeUndefined();
      expect((await keep.agent.request((s) => s.get("user"))).value).toBe("ada");
      expect((await stranger.agent.request((s) => s.get("user"))).value).toBe("grace");
      expect((await sessions.listByOwner("ada")).map((entry) => entry.handle)).toEqual([sessions.handleOf(keep.id)]);

      expect(await sessions.revokeOwner("ada", { except: sessions.handleOf(keep.id) })).toBe(0);
      expect(await sessions.revokeOwner("ada")).toBe(1);
      expect(await sessions.listByOwner("ada")).toEqual([]);
    });

    it("follows the session through cycleId, a change of owner, setOwner(null) and destroy", async () => {
      const sessions = make();
      const { agent, id } = await signIn(sessions, "ada");

      const { value: cycled } = await agent.request((s) => (s.cycleId(), s.id!));
      expect(cycled).not.toBe(id);
      expect((await sessions.listByOwner("ada")).map((entry) => entry.handle)).toEqual([sessions.handleOf(cycled)]);

      await agent.request((s) => s.setOwner("grace"));
      expect(await sessions.listByOwner("ada")).toEqual([]);
      expect((await sessions.listByOwner("grace")).map((entry) => entry.handle)).toEqual([sessions.handleOf(cycled)]);

      await agent.request((s) => s.setOwner(null));
      expect(await sessions.listByOwner("grace")).toEqual([]);
      expect((await agent.request((s) => s.get("user"))).value).toBe("ada"); // the session itself lives on

      await agent.request((s) => s.setOwner("ada"));
      expect(await sessions.listByOwner("ada")).toHaveLength(1);
      await agent.request((s) => s.destroy());
      expect(await sessions.listByOwner("ada")).toEqual([]);
    });

    it("setOwner alone is enough to start a session", async () => {
      const sessions = make();
      const agent = createAgent(sessions);
      const { value: id, setCookies } = await agent.request((s) => (s.setOwner("ada"), s.id!));
      expect(setCookies).toHaveLength(1);
      expect((await sessions.listByOwner("ada", { current: id }))[0]).toMatchObject({ current: true });
    });
  });
}

describe("owners in cookie storage", () => {
  it("refuse setOwner, listing and revocation with a message that says why", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "cookie" });
    const agent = createAgent(sessions);
    await expect(agent.request((s) => s.setOwner("ada"))).rejects.toThrow(/server-side storage/);
    await expect(sessions.listByOwner("ada")).rejects.toBeInstanceOf(SessionConfigError);
    await expect(sessions.revokeOwner("ada")).rejects.toBeInstanceOf(SessionConfigError);
    await expect(sessions.revoke("x")).rejects.toBeInstanceOf(SessionConfigError);
    await sessions.close();
  });
});
