import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startRedisCluster, startSentinelGroup, warnSkipped, type RedisCluster, type SentinelGroup } from "./helpers/redis-cluster";
import { SECRET } from "./suites/store-suite";
import { startAll } from "./helpers/start-all";

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

/**
 * While its replicas hang (SIGSTOP: connections open, no acknowledgements), a master's writes
 * fail unconfirmed until the replicas' lag passes 10 s; then they are acknowledged again. Every
 * increment reached the master, confirmed or not.
 */
async function writesWhileReplicasHang(url: string, pause: (paused: boolean) => Promise<void>) {
  // WAIT gets ¾ of storageTimeout: 1.5 s here, with 0.5 s left before the storage call's own bound.
  const sessions = defineSessions({ secrets: SECRET, storage: url, prefix: "replica-hang", storageTimeout: 2000 });
  const agent = createAgent(sessions);
  await agent.request((s) => s.set("n", 0));
  await pause(true);
  const outcomes: string[] = [];
  try {
    for (let i = 0; i < 100 && outcomes.at(-1) !== "ok"; i++) {
      outcomes.push(await agent.request((s) => s.update("n", (n: number) => n + 1)).then(() => "ok", (error: Error) => error.message));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await pause(false);
  }
  const { value: n } = await agent.request((s) => s.get("n"));
  await sessions.close();
  return { outcomes, n: n as number };
}

describe.skipIf(skip)("a replica that dies or hangs stops being waited for (Sentinel and Cluster)", () => {
  let group: SentinelGroup;
  let cluster: RedisCluster;
  beforeAll(async () => {
    [group, cluster] = await startAll([startSentinelGroup({ sentinels: 3 }), startRedisCluster({ masters: 3 })]);
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

  const checkHang = ({ outcomes, n }: { outcomes: string[]; n: number }) => {
    expect(outcomes[0]).not.toBe("ok");
    expect(outcomes.at(-1)).toBe("ok");
    // Unacknowledged, all of them: most with WAIT's answer, on a loaded machine some past the
    // storage call's own bound (WAIT's answer came too late): a 503 either way, never an ack.
    const failures = outcomes.filter((outcome) => outcome !== "ok");
    expect(failures.some((message) => /not confirmed by 1 replica/.test(message))).toBe(true);
    expect(failures.filter((message) => !/not confirmed by 1 replica|did not answer within 2000 ms/.test(message))).toEqual([]);
    console.log(`replicas hung: ${failures.length} writes failed unacknowledged before one was acknowledged without them`);
    expect(n).toBe(outcomes.length);
  };

  // These two run first: the ones after them kill the replicas.
  it("behind Sentinel: a hung replica fails writes until it counts as lagging, then writes are acknowledged again", async () => {
    const replica = await group.replicaPort();
    checkHang(await writesWhileReplicasHang(group.url, async (paused) => group.pause(replica, paused)));
  }, 45_000);

  it("on a Cluster: a hung replica fails writes until it counts as lagging, then writes are acknowledged again", async () => {
    const replicas = await cluster.replicas();
    checkHang(await writesWhileReplicasHang(cluster.url, async (paused) => replicas.forEach((port) => cluster.pause(port, paused))));
    await cluster.waitHealthy(20_000); // the replicas rejoin before they are killed below
  }, 60_000);

  it("behind Sentinel: at most one unconfirmed write, then every write acknowledged and stored", async () => {
    const replica = await group.replicaPort();
    check(await writesAfterReplicaDeath(group.url, () => group.kill(replica)));
  });

  it("on a Cluster: at most one unconfirmed write, then every write acknowledged and stored", async () => {
    const replicas = await cluster.replicas();
    check(await writesAfterReplicaDeath(cluster.url, async () => {
      for (const port of replicas) await cluster.kill(port);
    }));
  });
});
