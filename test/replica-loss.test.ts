import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startRedisCluster, startSentinelGroup, warnSkipped, type RedisCluster, type SentinelGroup } from "./helpers/redis-cluster";
import { SECRET } from "./suites/store-suite";

const skip = clusterSkipReason();
if (skip) warnSkipped("replica loss tests", skip);

/**
 * After its replicas die, a master's writes stop waiting for them (`WAIT` would time out on
 * every one): the first write after the death fails unconfirmed (it is not acknowledged), every
 * later one is acknowledged, and each acknowledged increment is stored.
 */
async function writesAfterReplicaDeath(url: string, killReplicas: () => Promise<void>) {
  const sessions = defineSessions({ secrets: SECRET, storage: url, prefix: "replica-loss", storageTimeout: 1000 });
  const agent = createAgent(sessions);
  await agent.request((s) => s.set("n", 0));
  await agent.request((s) => s.update("n", (n: number) => n + 1)); // waited for the replica: it was there
  await killReplicas();
  const outcomes: string[] = [];
  for (let i = 0; i < 20; i++) {
    outcomes.push(await agent.request((s) => s.update("n", (n: number) => n + 1)).then(() => "ok", (error: Error) => error.message));
  }
  const { value: n } = await agent.request((s) => s.get("n"));
  await sessions.close();
  return { outcomes, n: n as number };
}

describe.skipIf(skip)("a replica that dies stops being waited for (Sentinel and Cluster)", () => {
  let group: SentinelGroup;
  let cluster: RedisCluster;
  beforeAll(async () => {
    [group, cluster] = await Promise.all([startSentinelGroup({ sentinels: 3 }), startRedisCluster({ masters: 3 })]);
  }, 60_000);
  afterAll(() => Promise.all([group?.stop(), cluster?.stop()]));

  const check = ({ outcomes, n }: { outcomes: string[]; n: number }) => {
    const failed = outcomes.filter((outcome) => outcome !== "ok");
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const message of failed) expect(message).toMatch(/not confirmed by 1 replica/);
    expect(outcomes.slice(failed.length ? outcomes.indexOf(failed[0]!) + 1 : 0).every((outcome) => outcome === "ok")).toBe(true);
    // Every increment landed on the master, the unconfirmed one too ("it may still be applied").
    expect(n).toBe(1 + outcomes.length);
  };

  it("behind Sentinel: at most one unconfirmed write, then every write acknowledged and stored", async () => {
    const master = await group.masterPort();
    check(await writesAfterReplicaDeath(group.url, () => group.kill(group.dataPorts.find((port) => port !== master)!)));
  });

  it("on a Cluster: at most one unconfirmed write, then every write acknowledged and stored", async () => {
    const masters = await cluster.masters();
    check(await writesAfterReplicaDeath(cluster.url, async () => {
      for (const port of cluster.ports.filter((p) => !masters.includes(p))) await cluster.kill(port);
    }));
  });
});
