import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, SessionStorageError } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startRedisCluster, warnSkipped, type RedisCluster } from "./helpers/redis-cluster";
import { slotOf } from "../src/store/redis-cluster";
import { describeDeployment } from "./suites/redis-deployment-suite";
import { SECRET } from "./suites/store-suite";

const skip = clusterSkipReason();
if (skip) warnSkipped("Redis Cluster tests", skip);

describe.skipIf(skip)("sessionkit's Redis store on a real Redis Cluster (3 masters + 3 replicas)", () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  });
  afterAll(() => cluster?.stop());

  const keysOnMasters = async (pattern: string) => {
    const found = new Map<number, string[]>();
    for (const port of await cluster.masters()) found.set(port, (await cluster.node(port).keys(pattern)) as string[]);
    return found;
  };

  it("a redis+cluster:// URL spreads records over every master, and sign-ins touch keys on several slots without MOVED", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: cluster.url, prefix: "spread" });
    for (let i = 0; i < 60; i++) {
      const { response } = await createAgent(sessions).request((s) => (s.set("n", i), s.setOwner(`owner-${i % 5}`)));
      expect(response.status).toBe(200);
    }
    const perMaster = [...(await keysOnMasters("spread:s:*")).values()].map((keys) => keys.length);
    console.log(`records per master: ${perMaster.join(", ")}`);
    expect(perMaster).toHaveLength(3);
    expect(perMaster.every((count) => count > 0)).toBe(true);
    expect(perMaster.reduce((a, b) => a + b, 0)).toBe(60);
    await sessions.close();
  });

  it("the { driver: \"redis\", cluster: [...] } config works too, with the fail-fast options on every node", async () => {
    const nodes = cluster.ports.slice(0, 2).map((port) => ({ host: "127.0.0.1", port }));
    const sessions = defineSessions({ secrets: SECRET, storage: { driver: "redis", cluster: nodes, base: "cfg" }, storageTimeout: 1500 });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("n", 1));
    expect((await agent.request((s) => s.get("n"))).value).toBe(1);
    expect(await cluster.node(cluster.ports[0]!).ping()).toBe("PONG");
    await sessions.close();
  });

  it("computes a key's slot as CLUSTER KEYSLOT does (it picks the replicas a write waits for), hash tags included", async () => {
    const keys = ["", "a", "sessionkit:s:abc", "ünïcode:ключ", "{user1000}.following", "x{}y", "{}{tag}", "a{b{c}d}", "{a}}", "tail{"];
    for (let i = 0; i < 200; i++) keys.push(`spread:s:${Math.random().toString(36).slice(2)}${i % 7 === 0 ? `{t${i}}` : ""}`);
    const node = cluster.node(cluster.ports[0]!);
    for (const key of keys) expect(slotOf(key), key).toBe(await node.cluster("KEYSLOT", key));
  });

  describeDeployment("cluster", () => ({
    url: cluster.url,
    keysOnMasters,
    async killMasterOf(key) {
      const port = await cluster.masterOf(key);
      await cluster.kill(port);
      return port;
    },
    waitRecovered: () => cluster.waitHealthy(20_000),
    async pauseReplicas(paused) {
      for (const port of await cluster.replicas()) cluster.pause(port, paused);
    },
  }));

  it("sweep() fails, rather than counting short, while a master does not answer", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: cluster.url, prefix: "partial", storageTimeout: 1000 });
    for (let i = 0; i < 10; i++) await createAgent(sessions).request((s) => s.set("n", i));
    expect(await sessions.sweep()).toBe(0);
    const [victim] = await cluster.masters();
    await cluster.kill(victim!);
    await expect(sessions.sweep()).rejects.toBeInstanceOf(SessionStorageError);
    await sessions.close();
  });
});
