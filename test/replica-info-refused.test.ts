import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { eventually } from "./helpers/eventually";
import { startRedisMonitor } from "./helpers/redis-monitor.mjs";
import { findRedisServer, startRedisServer, type RedisServer } from "./helpers/redis-server";
import { SECRET } from "./suites/store-suite";
import { startAll } from "./helpers/start-all";

const binary = findRedisServer();
if (!binary) console.warn("\n!!! replica-info-refused tests SKIPPED: no redis-server on this machine (.ci/run installs one)\n");

const PASSWORD = "acl-password-7f3e9c";

/**
 * A master with one live replica, and an ACL user that may do everything but INFO: sessionkit
 * cannot count the replicas, so it cannot wait for one. That must not pass in silence — the
 * promise "an acknowledged write survives a failover" no longer holds for this user.
 */
describe.skipIf(!binary)("a Redis user that may not run INFO: writes are not waited for replicas, and the logger is told once", () => {
  let master: RedisServer;
  let replica: RedisServer;
  let admin: Redis;
  beforeAll(async () => {
    [master, replica] = await startAll([startRedisServer(), startRedisServer()]);
    admin = new Redis(master.url);
    const follower = new Redis(replica.url);
    await follower.replicaof("127.0.0.1", String(master.port));
    follower.disconnect();
    await eventually("the replica online on the master", async () => /slave0:.*state=online/.test(await admin.info("replication")));
    await admin.call("ACL", "SETUSER", "noinfo", "on", `>${PASSWORD}`, "~*", "&*", "+@all", "-info");
  }, 30_000);
  afterAll(async () => {
    admin?.disconnect();
    await Promise.all([master?.stop(), replica?.stop()]);
  });

  const userUrl = () => `redis://noinfo:${PASSWORD}@127.0.0.1:${master.port}`;
  const logged = () => {
    const lines: string[] = [];
    return { lines, logger: { error: (line: string) => lines.push(`error: ${line}`), warn: (line: string) => lines.push(`warn: ${line}`) } };
  };

  it("the default user's writes wait for the replica (WAIT 1 in the write's round trip), with nothing logged", async () => {
    const { lines, logger } = logged();
    const sessions = defineSessions({ secrets: SECRET, storage: master.url, prefix: "info-allowed", logger });
    const monitor = await startRedisMonitor(master.url);
    await createAgent(sessions).request((s) => s.set("n", 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.stop();
    expect(monitor.commands.filter(({ name }) => name === "wait").map(({ args }) => args[0])).toEqual(["1"]);
    expect(lines).toEqual([]);
    await sessions.close();
  });

  it("a user without INFO: every write acknowledged without WAIT, one warning that names the host and the fixes, never the password", async () => {
    const { lines, logger } = logged();
    const sessions = defineSessions({ secrets: SECRET, storage: userUrl(), prefix: "info-refused", logger });
    const agent = createAgent(sessions);
    const monitor = await startRedisMonitor(master.url);
    for (let n = 0; n < 3; n++) {
      const { response } = await agent.request((s) => s.set("n", n));
      expect(response.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.stop();
    // (MONITOR does not show a refused command: the warning below is what shows INFO was asked.)
    expect(monitor.commands.some(({ name }) => name === "wait")).toBe(false);
    expect((await agent.request((s) => s.get("n"))).value).toBe(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn: sessionkit: redis at 127\.0\.0\.1:\d+ refused INFO \(NOPERM[^)]*\), so sessionkit cannot count its replicas/);
    expect(lines[0]).toContain("a failover may lose them");
    expect(lines[0]).toContain("+info");
    expect(lines[0]).toContain("waitForReplicas: 0");
    expect(lines[0]).not.toContain(PASSWORD);
    await sessions.close();
  });

  it("the same user with waitForReplicas: 0 asks nothing and logs nothing: acknowledging on the master alone was chosen", async () => {
    const { lines, logger } = logged();
    const sessions = defineSessions({ secrets: SECRET, storage: userUrl(), prefix: "info-not-needed", waitForReplicas: 0, logger });
    const monitor = await startRedisMonitor(master.url);
    await createAgent(sessions).request((s) => s.set("n", 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.stop();
    expect(monitor.commands.some(({ name }) => name === "info" || name === "wait")).toBe(false);
    expect(lines).toEqual([]);
    await sessions.close();
  });
});
