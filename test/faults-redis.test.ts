import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, SessionStorageError, type Sessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { findRedisServer, startRedisServer, type RedisServer } from "./helpers/redis-server";
import { SECRET } from "./suites/store-suite";

const STORAGE_TIMEOUT = 500;

describe.skipIf(!findRedisServer())("with Redis down", () => {
  let redis: RedisServer;
  let sessions: Sessions<any>;
  beforeAll(async () => {
    redis = await startRedisServer();
    sessions = defineSessions({ secrets: SECRET, storage: redis.url, storageTimeout: STORAGE_TIMEOUT });
  });
  afterAll(async () => {
    await sessions?.close();
    await redis?.stop();
  });

  it("fails fast with SessionStorageError, sets no cookie, leaks no token, and recovers once Redis is back", async () => {
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("n", 1));
    const token = agent.jar.get("sid")!;
    expect((await agent.request((s) => s.get("n"))).value).toBe(1);

    await redis.kill();

    const { session } = sessions.createSessionHandler(new Request("http://x/", { headers: { cookie: `sid=${token}` } }));
    const started = Date.now();
    const read = await session.get("n").then(
      () => undefined,
      (error: unknown) => error,
    );
    const elapsed = Date.now() - started;
    expect(read).toBeInstanceOf(SessionStorageError);
    // Bounded by storageTimeout (plus scheduling slack), not ioredis' ~10 s of retries.
    expect(elapsed).toBeLessThan(STORAGE_TIMEOUT + 1500);
    const message = `${(read as Error).message} ${String((read as Error).cause)}`;
    expect(message).not.toContain(token.slice(0, 22));
    expect(message).not.toContain(token.slice(23));

    // A write for a new visitor: commit rejects and no cookie is set.
    const fresh = sessions.createSessionHandler(new Request("http://x/"));
    fresh.session.set("cart", [1]);
    const response = new Response("ok");
    await expect(fresh.commit(response)).rejects.toBeInstanceOf(SessionStorageError);
    expect(response.headers.getSetCookie()).toEqual([]);

    // An existing visitor's write: the same, and the stored value is not replaced by an empty session.
    await expect(agent.request((s) => s.update("n", (n: number) => n + 1))).rejects.toBeInstanceOf(SessionStorageError);
    expect(agent.jar.get("sid")).toBe(token);

    await redis.restart();
    const deadline = Date.now() + 10_000;
    let value: unknown;
    while (Date.now() < deadline) {
      value = await agent.request((s) => s.get("n")).then((r) => r.value, () => "down");
      if (value !== "down") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Redis keeps nothing on disk here, so the record is gone after the restart: the session is
    // treated as unknown (never as an error), and new writes work on the same sessions object.
    expect(value).toBeUndefined();
    await agent.request((s) => s.set("n", 5));
    expect((await agent.request((s) => s.get("n"))).value).toBe(5);
  });
});
