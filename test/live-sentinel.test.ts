import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, type SessionChange, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startSentinelGroup, warnSkipped, type SentinelGroup } from "./helpers/redis-cluster";
import { SECRET } from "./suites/store-suite";
import { eventually } from "./helpers/eventually";

const skip = clusterSkipReason();
if (skip) warnSkipped("live channel behind Sentinel tests", skip);

describe.skipIf(skip)("broadcast behind real Sentinels (1 master, 1 replica, 3 Sentinels)", () => {
  let group: SentinelGroup;
  beforeAll(async () => {
    group = await startSentinelGroup({ sentinels: 3 });
  });
  afterAll(() => group?.stop());

  it("delivers across instances, and again after the master is SIGKILLed and a replica promoted", async () => {
    const events: SessionEvent[] = [];
    const options = { secrets: SECRET, storage: group.url, broadcast: group.url, prefix: "sentinel" };
    const writer = defineSessions({ ...options, onEvent: (event) => events.push(event) });
    const reader = defineSessions(options);
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("n", 0), s.id!));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the creation's message goes by first
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;
    await agent.request((s) => s.set("n", 1));
    await eventually("the change before the failover", () => heard.length >= 1);
    expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);

    const old = await group.masterPort();
    const killedAt = Date.now();
    await group.kill(old);
    const promoted = await group.waitForNewMaster(old);
    const promotedAfter = Date.now() - killedAt;
    let deliveredAfter = 0;
    await eventually("a change to reach the original listener after the failover", async () => {
      await agent.request((s) => s.update("n", (n: number) => n + 1)).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (heard.length > 1) deliveredAfter = Date.now() - killedAt;
      return heard.length > 1;
    }, 15_000);
    expect(heard[1]).toEqual({ type: "changed", keys: ["n"] });
    expect(promoted).not.toBe(old);
    const again = reader.subscribe(id, () => {});
    await again.ready; // confirmed on the promoted master
    again();
    const failures = events.filter((event) => event.type === "storage-error" && event.operation === "broadcast").length;
    console.log(
      `sentinel broadcast failover: replica promoted ${promotedAfter} ms after the SIGKILL, first change delivered ${deliveredAfter} ms after, ` +
        `${failures} broadcast failure event(s) on the publisher`,
    );
    unsubscribe();
    await Promise.all([writer.close(), reader.close()]);
  }, 40_000);
});
