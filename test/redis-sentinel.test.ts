import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startSentinelGroup, warnSkipped, type SentinelGroup } from "./helpers/redis-cluster";
import { describeDeployment } from "./suites/redis-deployment-suite";
import { SECRET } from "./suites/store-suite";

const skip = clusterSkipReason();
if (skip) warnSkipped("Redis Sentinel tests", skip);

describe.skipIf(skip)("sessionkit's Redis store behind real Sentinels (1 master, 1 replica, 3 Sentinels)", () => {
  let group: SentinelGroup;
  beforeAll(async () => {
    group = await startSentinelGroup({ sentinels: 3 });
  });
  afterAll(() => group?.stop());

  const onMaster = async <T>(use: (client: Redis) => Promise<T>): Promise<T> => {
    const client = new Redis({ port: await group.masterPort(), host: "127.0.0.1", maxRetriesPerRequest: 1 });
    try {
      return await use(client);
    } finally {
      client.disconnect();
    }
  };

  it("a redis+sentinel:// URL writes to the master the Sentinels name", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: group.url, prefix: "where" });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("n", 1));
    expect((await agent.request((s) => s.get("n"))).value).toBe(1);
    expect(await onMaster((client) => client.keys("where:s:*"))).toHaveLength(1);
    await sessions.close();
  });

  describeDeployment("sentinel", () => ({
    url: group.url,
    keysOnMasters: async (pattern) => new Map([[0, await onMaster((client) => client.keys(pattern))]]),
    async killMasterOf() {
      const port = await group.masterPort();
      await group.kill(port);
      return port;
    },
    async waitRecovered() {
      // killMasterOf ran just before: the Sentinels still name the dead master until they fail over.
      const dead = await group.masterPort();
      await group.waitForNewMaster(dead);
    },
    async pauseReplicas(paused) {
      group.pause(await group.replicaPort(), paused);
    },
  }));
});
