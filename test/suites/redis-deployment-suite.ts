import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { defineSessions, SessionStorageError, withSession, type SessionEvent } from "../../src/index";
import { createAgent } from "../helpers/agent";
import { serveFetch } from "../helpers/node-fetch-server";
import { SECRET } from "./store-suite";

const run = promisify(execFile);
const WORKER = new URL("../fixtures/increment-worker.mjs", import.meta.url).pathname;
const BUILT = existsSync(new URL("../../dist/index.js", import.meta.url));

/** A running Redis deployment (Cluster or Sentinel group) as the shared suite sees it. */
export interface Deployment {
  /** Its sessionkit storage URL. */
  readonly url: string;
  /** Keys matching `pattern` on each master, read directly (not through sessionkit). */
  keysOnMasters(pattern: string): Promise<Map<number, string[]>>;
  /** SIGKILLs the master that holds `key`; returns its port. */
  killMasterOf(key: string): Promise<number>;
  /** Resolves once a replica has taken over and the deployment serves every key again. */
  waitRecovered(): Promise<void>;
  /** SIGSTOPs (`true`) or SIGCONTs (`false`) every replica: its master still counts it connected, but it confirms nothing. */
  pauseReplicas(paused: boolean): Promise<void>;
}

/**
 * What must hold for sessionkit's Redis store on a replicated deployment: exact key listing
 * and sweep, no orphans across owners, no lost update across processes, and a master SIGKILLed
 * under load costing only 503s. `deployment()` is read when the tests run (started in beforeAll).
 * The failover test runs last: it leaves one master without a replica.
 */
export function describeDeployment(name: string, deployment: () => Deployment): void {
  const total = async (pattern: string) => [...(await deployment().keysOnMasters(pattern)).values()].flat().length;

  it("sweep() and key listing count every record on every master, exactly", async () => {
    let clock = Date.now();
    const prefix = "sweep";
    const sessions = defineSessions({ secrets: SECRET, storage: deployment().url, prefix, idleTimeout: 60, now: () => clock });
    for (let i = 0; i < 40; i++) await createAgent(sessions).request((s) => s.set("n", i));
    clock += 120_000; // the 40 are now past their idle timeout
    for (let i = 0; i < 10; i++) await createAgent(sessions).request((s) => s.set("n", i));
    expect(await total(`${prefix}:s:*`)).toBe(50);
    expect(await sessions.sweep()).toBe(40);
    expect(await sessions.sweep()).toBe(0);
    expect(await total(`${prefix}:s:*`)).toBe(10);
    await sessions.close();
  });

  it("owners on other slots than their sessions: revokeOwner ends them all and leaves no orphan record or index", async () => {
    const prefix = "owners";
    const sessions = defineSessions({ secrets: SECRET, storage: deployment().url, prefix });
    const owners = Array.from({ length: 8 }, (_, i) => `user-${i}`);
    for (const owner of owners) {
      for (let i = 0; i < 3; i++) {
        const { response } = await createAgent(sessions).request((s) => (s.set("n", i), s.setOwner(owner)));
        expect(response.status).toBe(200);
      }
    }
    expect(await total(`${prefix}:s:*`)).toBe(24);
    for (const owner of owners) expect(await sessions.listByOwner(owner)).toHaveLength(3);
    for (const owner of owners) expect(await sessions.revokeOwner(owner)).toBe(3);
    for (const owner of owners) expect(await sessions.listByOwner(owner)).toEqual([]);
    expect(await total(`${prefix}:s:*`)).toBe(0);
    expect(await total(`${prefix}:o:*`)).toBe(0);
    await sessions.close();
  });

  it.skipIf(!BUILT)("two processes × 300 concurrent update() on one session lose nothing", async () => {
    const prefix = "xproc";
    const sessions = defineSessions({ secrets: SECRET, storage: deployment().url, prefix });
    const agent = createAgent(sessions);
    await agent.request((s) => s.set("n", 0));
    const token = agent.jar.get("sid")!;
    const env = { ...process.env, SESSION_SECRET: SECRET };
    const outputs = await Promise.all(
      [0, 1].map(() => run(process.execPath, [WORKER, deployment().url, token, "300", "16", "url", prefix], { env, timeout: 60_000 })),
    );
    const counts = outputs.map(({ stdout }) => JSON.parse(stdout) as { ok: number; failed: number; errors: string[] });
    const { value: n } = await agent.request((s) => s.get("n"));
    const errors = [...new Set(counts.flatMap((c) => c.errors))];
    console.log(`${name}: 2 processes × 300 update(): ${counts.map((c) => c.ok).join(" + ")} acknowledged, ${String(n)} stored${errors.length ? `; failed commits: ${errors.join(" | ")}` : ""}`);
    expect(counts.map((c) => c.ok)).toEqual([300, 300]);
    expect(n).toBe(600);
    await sessions.close();
  });

  it("a write no replica confirms is not acknowledged (SessionStorageError with a clear message); waitForReplicas: 0 acknowledges it on the master alone", async () => {
    const prefix = "unconfirmed";
    const events: SessionEvent[] = [];
    const options = { secrets: SECRET, storage: deployment().url, prefix, storageTimeout: 2000, onEvent: (event: SessionEvent) => events.push(event) };
    const waiting = defineSessions(options);
    const masterOnly = defineSessions({ ...options, waitForReplicas: 0 });
    const agent = createAgent(waiting);
    await agent.request((s) => s.set("n", 1));
    const token = agent.jar.get("sid")!;
    // Connected first: a Cluster client that starts up now could ask a paused replica for the slot map.
    expect((await createAgent(masterOnly).request((s) => s.get("n"), { cookie: `sid=${token}` })).value).toBe(1);
    await deployment().pauseReplicas(true);
    let unconfirmed: unknown;
    let acknowledged: unknown;
    try {
      unconfirmed = await agent.request((s) => s.update("n", (n: number) => n + 1)).then(() => "acknowledged", (error: unknown) => error);
      acknowledged = await createAgent(masterOnly).request((s) => s.update("n", (n: number) => n + 1), { cookie: `sid=${token}` }).then(
        ({ response }) => response.status,
        (error: unknown) => error,
      );
    } finally {
      await deployment().pauseReplicas(false);
    }
    expect(unconfirmed).toBeInstanceOf(SessionStorageError);
    expect((unconfirmed as Error).message).toMatch(/not confirmed by 1 replica\(s\) within 1500 ms \(WAIT answered 0\)/);
    expect((unconfirmed as Error).message).not.toContain(token);
    expect(events.some((event) => event.type === "storage-error" && /not confirmed/.test(event.message))).toBe(true);
    expect(acknowledged).toBe(200);
    // Not acknowledged is not undone: like a timed-out write, the unconfirmed one reached the master.
    expect((await agent.request((s) => s.get("n"))).value).toBe(3);
    expect((await agent.request((s) => s.update("n", (n: number) => n + 1)).then(({ response }) => response.status))).toBe(200);
    await Promise.all([waiting.close(), masterOnly.close()]);
  });

  it("a master SIGKILLed under bounded load: only 503s, no acknowledged write lost, recovery without restart", async () => {
    const prefix = "failover";
    const errors: string[] = [];
    const sessions = defineSessions({
      secrets: SECRET, storage: deployment().url, prefix, storageTimeout: 1000,
      onEvent: (event) => event.type === "storage-error" && errors.push(`${Date.now()} ${event.message}`),
    });
    const server = await serveFetch(
      withSession(sessions, async (request, session) => {
        const path = new URL(request.url).pathname;
        if (path === "/new") return (session.set("n", 0), new Response(String(sessions.handleOf(session.id!))));
        if (path === "/read") return Response.json((await session.get("n")) ?? null);
        session.update("n", (n: number | undefined) => (n ?? 0) + 1);
        return new Response("ok");
      }),
    );
    const CLIENTS = 8;
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const response = await fetch(`${server.url}/new`);
        const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!;
        return { cookie, key: `${prefix}:s:${await response.text()}`, ok: 0, failed: 0, lastOkAt: 0, statuses: new Set<number>() };
      }),
    );
    let stop = false;
    let killedAt = 0;
    let lastFailureAt = 0;
    const load = clients.map(async (client) => {
      while (!stop) {
        const response = await fetch(`${server.url}/inc`, { headers: { cookie: client.cookie } });
        await response.arrayBuffer();
        client.statuses.add(response.status);
        if (response.status === 200) (client.ok++, (client.lastOkAt = Date.now()));
        else (client.failed++, (lastFailureAt = Date.now()));
        await new Promise((resolve) => setTimeout(resolve, 5)); // bounded load: each client paces itself
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    killedAt = Date.now();
    await deployment().killMasterOf(clients[0]!.key);
    await deployment().waitRecovered();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // load goes on on the promoted replica
    stop = true;
    await Promise.all(load);

    const stored: number[] = [];
    for (const client of clients) {
      const response = await fetch(`${server.url}/read`, { headers: { cookie: client.cookie } });
      expect(response.status).toBe(200);
      stored.push((await response.json()) as number);
    }
    const acknowledged = clients.reduce((sum, c) => sum + c.ok, 0);
    const failed = clients.reduce((sum, c) => sum + c.failed, 0);
    const lost = clients.reduce((sum, c, i) => sum + Math.max(0, c.ok - stored[i]!), 0);
    console.log(
      `${name} failover under load (${CLIENTS} clients): ${acknowledged} acknowledged, ${failed} answered 503, ` +
        `${lost} acknowledged increments lost, last 503 ${lastFailureAt ? lastFailureAt - killedAt : 0} ms after the SIGKILL` +
        (errors.length ? `; last storage error: ${errors.at(-1)!.slice(errors.at(-1)!.indexOf(" ") + 1)}` : ""),
    );
    for (const client of clients) expect([...client.statuses].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(failed).toBeGreaterThan(0); // the kill was felt
    for (const client of clients) expect(client.lastOkAt).toBeGreaterThan(lastFailureAt); // every client recovered, no restart
    expect(lost).toBe(0);
    clients.forEach((client, i) => expect(stored[i]).toBeLessThanOrEqual(client.ok + client.failed)); // a 503 may still have landed
    await server.close();
    await sessions.close();
  }, 40_000);
}
