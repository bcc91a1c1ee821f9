import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineSessions, type SessionChange, type SessionEvent } from "../src/index";
import { createAgent } from "./helpers/agent";
import { clusterSkipReason, startRedisCluster, warnSkipped, type RedisCluster } from "./helpers/redis-cluster";
import { SECRET } from "./suites/store-suite";
import { eventually } from "./helpers/eventually";

const skip = clusterSkipReason();
if (skip) warnSkipped("live channel on Redis Cluster tests", skip);

describe.skipIf(skip)("broadcast over a real Redis Cluster (3 masters + 3 replicas)", () => {
  let cluster: RedisCluster;
  const killed = new Set<number>();
  beforeAll(async () => {
    cluster = await startRedisCluster({ masters: 3 });
  });
  afterAll(() => cluster?.stop());
  const options = (prefix: string, events?: SessionEvent[]) => ({
    secrets: SECRET, storage: cluster.url, broadcast: cluster.url, prefix,
    onEvent: (event: SessionEvent) => events?.push(event),
  });
  /** Ports of the live nodes with a Pub/Sub client connected. */
  const subscriberNodes = async () => {
    const found: number[] = [];
    for (const port of cluster.ports.filter((p) => !killed.has(p))) {
      const list = (await cluster.node(port).call("CLIENT", "LIST", "TYPE", "pubsub")) as string;
      if (list.trim()) found.push(port);
    }
    return found;
  };

  it("a change published through the Cluster reaches a subscriber in another instance, and every node carries it", async () => {
    const spies = cluster.ports.map((port) => new Redis({ port, host: "127.0.0.1", lazyConnect: true }));
    const heardBySpy = spies.map(() => 0);
    await Promise.all(spies.map((spy) => spy.connect()));
    await Promise.all(spies.map((spy, i) => (spy.on("message", () => heardBySpy[i]!++), spy.subscribe("spread:changes"))));
    const writer = defineSessions(options("spread"));
    const reader = defineSessions(options("spread"));
    const agent = createAgent(writer);
    try {
      const { value: id } = await agent.request((s) => (s.set("n", 1), s.id!));
      // Publishing is fire-and-forget: let the creation's message go by before the reader listens.
      await eventually("the creation on the channel", () => heardBySpy[0]! >= 1);
      const heard: SessionChange[] = [];
      const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
      await unsubscribe.ready;
      await agent.request((s) => s.set("n", 2));
      await eventually("the change in the other instance", () => heard.length >= 1);
      await eventually("the message on all six nodes", () => heardBySpy.every((count) => count >= 2));
      expect(heard).toEqual([{ type: "changed", keys: ["n"] }]);
      unsubscribe();
    } finally {
      for (const spy of spies) spy.disconnect();
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it("survives a failover: the subscription moves to a live node by itself, subscribe().ready resolves again, publishing resumes", async () => {
    const writerEvents: SessionEvent[] = [];
    const writer = defineSessions(options("failover", writerEvents));
    const reader = defineSessions(options("failover"));
    const agent = createAgent(writer);
    const { value: id } = await agent.request((s) => (s.set("n", 0), s.id!));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the creation's message goes by first
    const heard: SessionChange[] = [];
    const unsubscribe = reader.subscribe(id, (change) => heard.push(change));
    await unsubscribe.ready;
    await eventually("one subscriber connection", async () => (await subscriberNodes()).length === 1);
    const [subscribedOn] = await subscriberNodes();

    // Kill the reader's node; if it is a replica, kill a master of another shard too, so the
    // publisher lives through a real failover.
    const text = (await cluster.node(subscribedOn!).cluster("NODES")) as string;
    const nodes = text.trim().split("\n").map((line) => line.split(" ")).map((parts) => ({
      id: parts[0]!, port: Number(parts[1]!.split("@")[0]!.split(":")[1]), master: parts[2]!.includes("master"), of: parts[3]!,
    }));
    const self = nodes.find((node) => node.port === subscribedOn)!;
    const victims = self.master ? [self.port] : [self.port, nodes.find((node) => node.master && node.id !== self.of)!.port];
    const killedAt = Date.now();
    for (const port of victims) (killed.add(port), await cluster.kill(port));

    // While the subscription is down, a new subscriber's `ready` does not resolve before a SUBSCRIBE is confirmed.
    // The reader's own subscription moves to a live node by itself (ioredis alone would not resubscribe reliably).
    let resubscribedAfter = 0;
    await eventually("the subscription on a live node", async () => {
      const on = await subscriberNodes();
      if (on.length === 1 && !victims.includes(on[0]!)) return (resubscribedAfter = Date.now() - killedAt), true;
      return false;
    });
    await cluster.waitHealthy(20_000);
    let readyAfter = 0;
    await eventually("a confirmed SUBSCRIBE after the failover", async () => {
      try {
        const again = reader.subscribe(id, () => {});
        await again.ready;
        again();
        readyAfter = Date.now() - killedAt;
        return true;
      } catch {
        return false;
      }
    }, 15_000);
    const movedTo = await subscriberNodes();
    expect(movedTo).toHaveLength(1);
    expect(victims).not.toContain(movedTo[0]);

    // The listener registered before the failover hears commits made after it.
    let deliveredAfter = 0;
    let lastWrite = "none yet";
    const diagnosis = () => `last write: ${lastWrite}; writer events: ${JSON.stringify(writerEvents.map((event) => [event.type, "operation" in event ? event.operation : "reason" in event ? event.reason : undefined]))}`;
    await eventually(() => `a change to reach the original listener after the failover (${diagnosis()})`, async () => {
      await agent.request((s) => s.update("n", (n: number) => n + 1)).then(
        ({ value }) => (lastWrite = `ok, n = ${String(value)}`),
        (error: Error) => (lastWrite = `failed: ${error.message}`),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (heard.length > 0) deliveredAfter = Date.now() - killedAt;
      return heard.length > 0;
    }, 15_000);
    const failures = writerEvents.filter((event) => event.type === "storage-error" && event.operation === "broadcast").length;
    console.log(
      `cluster broadcast failover (killed ${victims.length === 1 ? "the subscriber's master" : "the subscriber's replica and another master"}): ` +
        `resubscribed on a live node ${resubscribedAfter} ms after the SIGKILL, cluster ok and a new subscribe ready ${readyAfter} ms after, ` +
        `first change delivered ${deliveredAfter} ms after, ${failures} broadcast failure event(s) on the publisher`,
    );
    expect(heard[0]).toEqual({ type: "changed", keys: ["n"] });
    unsubscribe();
    await Promise.all([writer.close(), reader.close()]);
  }, 60_000);
});
