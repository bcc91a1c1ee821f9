import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { createRecordingStorage } from "./helpers/recording-storage";
import { cleanupStorages, storageCases } from "./helpers/storages";

const OLD = "owner-index-old-secret-0123456789-abcdefgh";
const NEW = "owner-index-new-secret-0123456789-abcdefgh";

afterAll(cleanupStorages);

/** Signs one new session in under `owner`; returns its agent. */
async function signIn(sessions: Sessions<any>, owner: string, device?: unknown) {
  const agent = createAgent(sessions);
  await agent.request((s) => {
    s.set("user", "signed-in");
    s.setOwner(owner, { device });
  });
  return agent;
}

describe("owner keys are keyed hashes: a store dump names no owner", () => {
  it("no stored key or value contains the owner id or its plain SHA-256", async () => {
    const { storage, calls } = createRecordingStorage();
    const sessions = defineSessions({ secrets: NEW, storage });
    await signIn(sessions, "ada@example.com");
    const dump = JSON.stringify(calls);
    const plain = [createHash("sha256").update("owner:ada@example.com").digest("base64url"), createHash("sha256").update("ada@example.com").digest("base64url")];
    expect(dump).not.toContain("ada@example.com");
    for (const guess of plain) expect(dump).not.toContain(guess);
    expect(await sessions.listByOwner("ada@example.com")).toHaveLength(1);
  });
});

describe.each(storageCases.filter((c) => c.serverSide))("owner index ($name)", (storageCase) => {
  const opened: Sessions<any>[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((sessions) => sessions.close()));
  });

  // Two configurations sharing one store: "memory:" is one store per configuration.
  it.skipIf(!!storageCase.skip || storageCase.name === "memory")("a secret rotation loses no entry: old sessions are listed and revoked under the new secret", async () => {
    const storage = storageCase.storage();
    const before = defineSessions({ secrets: OLD, storage });
    opened.push(before);
    const laptop = await signIn(before, "grace");
    const after = defineSessions({ secrets: [NEW, OLD], storage });
    opened.push(after);
    const phone = await signIn(after, "grace");
    expect(await after.listByOwner("grace")).toHaveLength(2);
    // Re-indexing on the next sign-in moves nothing by itself; the old entry stays findable.
    expect(await after.revokeOwner("grace")).toBe(2);
    for (const agent of [laptop, phone]) {
      const { value } = await agent.request((s) => s.get("user"));
      expect(value).toBeUndefined();
    }
    // Once the old secret is gone for good, its sessions are gone too (their tokens no longer verify).
    const retired = defineSessions({ secrets: NEW, storage });
    opened.push(retired);
    expect(await retired.listByOwner("grace")).toHaveLength(0);
  });

  it.skipIf(!!storageCase.skip)("maxSessionsPerOwner: signing in beyond it ends the oldest sessions first", async () => {
    let clock = Date.now();
    const sessions = defineSessions({ secrets: NEW, storage: storageCase.storage(), maxSessionsPerOwner: 3, now: () => (clock += 1000) });
    opened.push(sessions);
    const agents = [];
    for (let i = 0; i < 5; i++) agents.push(await signIn(sessions, "lin", { name: `device ${i}` }));
    const listed = await sessions.listByOwner("lin");
    expect(listed.map((entry) => entry.device).sort((a: any, b: any) => a.name.localeCompare(b.name))).toEqual([
      { name: "device 2" },
      { name: "device 3" },
      { name: "device 4" },
    ]);
    const reads = await Promise.all(agents.map(async (agent) => (await agent.request((s) => s.get("user"))).value));
    expect(reads).toEqual([undefined, undefined, "signed-in", "signed-in", "signed-in"]);
  });
});
