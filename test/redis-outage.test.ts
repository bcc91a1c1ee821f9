import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../adapters/hono";
import { defineSessions, type Sessions } from "../src/index";
import { LedgerClient, type LedgerEntry } from "./helpers/ledger-client";
import { findRedisServer, startRedisServer, type RedisServer } from "./helpers/redis-server";
import { SECRET } from "./suites/store-suite";

const STORAGE_TIMEOUT = 300;
const CLIENTS = 20;
/**
 * storageTimeout + 1 s of slack. A request makes at most two storage calls (a read, then a
 * compare-and-set), each bounded by storageTimeout, so even its worst case (600 ms) fits.
 */
const FAIL_FAST_BOUND = STORAGE_TIMEOUT + 1000;
const OUTAGE_MS = 1500;
/** Successes every client must see after the restart before the load stops. */
const AFTER_RESTART = 5;
/** Hard cap on the load after the restart. */
const RECOVERY_CAP_MS = 8000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app under test: one counter per session, over sessionkit/hono on Redis. */
function counterApp(sessions: Sessions<any>): Hono {
  const app = new Hono();
  // Hono's default onError logs every error; a 500 here is still turned into the adapter's 503.
  app.onError((_, c) => c.text("Internal Server Error", 500));
  app.use(session(sessions));
  app.post("/inc", async (c) => {
    c.var.session.update("n", (n: number | undefined) => (n ?? 0) + 1);
    return c.json({ n: await c.var.session.get("n") });
  });
  app.get("/n", async (c) => c.json({ n: (await c.var.session.get("n")) ?? 0 }));
  return app;
}

function listen(app: Hono): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
      resolve({ server, url: `http://127.0.0.1:${info.port}` });
    });
  });
}

describe.skipIf(!findRedisServer())("a Redis that dies under load (real HTTP, Hono, redis-server killed and restarted)", () => {
  let dir: string;
  let redis: RedisServer;
  let sessions: Sessions<any>;
  let http: { server: ServerType; url: string };
  const unhandled: unknown[] = [];
  const collect = (reason: unknown) => void unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", collect);
    process.on("uncaughtException", collect);
    dir = await mkdtemp(join(tmpdir(), "sessionkit-aof-"));
    // Persisted with an fsync per write, so a SIGKILL keeps every write Redis acknowledged.
    redis = await startRedisServer({ persistDir: dir });
    sessions = defineSessions({ secrets: SECRET, storage: redis.url, storageTimeout: STORAGE_TIMEOUT });
    http = await listen(counterApp(sessions));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      http?.server.close(() => resolve());
      (http?.server as { closeAllConnections?: () => void } | undefined)?.closeAllConnections?.();
    });
    await sessions?.close();
    await redis?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    process.off("unhandledRejection", collect);
    process.off("uncaughtException", collect);
  });

  it("answers 503 fast without cookies while it is down, recovers by itself, and loses no acknowledged write", { timeout: 40_000 }, async () => {
    const clients = Array.from({ length: CLIENTS }, () => new LedgerClient(http.url));
    for (const client of clients) {
      await client.increment();
      expect(client.hasSession).toBe(true);
    }

    let stop = false;
    let restartedAt = Number.POSITIVE_INFINITY;
    const afterRestart = new Map<LedgerClient, number>();
    const loops = clients.map(async (client) => {
      for (let i = 0; i < 10_000 && !stop; i++) {
        const entry = await client.increment();
        if (entry.status === 200 && entry.sentAt >= restartedAt) afterRestart.set(client, (afterRestart.get(client) ?? 0) + 1);
      }
    });

    await sleep(1000);
    const killedAt = Date.now();
    await redis.kill();
    await sleep(OUTAGE_MS);
    await redis.restart();
    restartedAt = Date.now();
    const cap = restartedAt + RECOVERY_CAP_MS;
    while (Date.now() < cap && clients.some((client) => (afterRestart.get(client) ?? 0) < AFTER_RESTART)) await sleep(50);
    stop = true;
    await Promise.all(loops);

    const all = clients.flatMap((client) => client.entries);
    const unavailable = all.filter((entry) => entry.status === 503);
    const others = all.filter((entry) => entry.status !== 200 && entry.status !== 503);
    const firstRecovered = Math.min(...all.filter((e) => e.status === 200 && e.sentAt >= restartedAt).map((e) => e.sentAt + e.ms));
    const finals = await Promise.all(clients.map((client) => client.readBack()));
    const ledger = clients.map((client, index) => ({
      acknowledged: client.acknowledged,
      failed: client.failed,
      lastAcknowledged: client.lastAcknowledged,
      final: finals[index]!,
    }));
    const sum = (pick: (row: (typeof ledger)[number]) => number) => ledger.reduce((total, row) => total + pick(row), 0);
    const landedAnyway = sum((row) => row.final - row.acknowledged);
    console.log(
      `redis outage: ${all.length} requests from ${CLIENTS} clients; Redis down ${OUTAGE_MS} ms; ` +
        `${unavailable.length} × 503 (slowest ${Math.max(...unavailable.map((e) => e.ms))} ms, bound ${FAIL_FAST_BOUND} ms); ` +
        `first success ${firstRecovered - restartedAt} ms after the restart; ` +
        `${sum((r) => r.acknowledged)} increments acknowledged, ${sum((r) => r.failed)} failed, ` +
        `${sum((r) => r.final)} read back (${landedAnyway} failed ones landed anyway, ` +
        `${sum((r) => Math.max(0, r.acknowledged - r.final))} acknowledged lost); ` +
        `kill→restart ${restartedAt - killedAt} ms; unhandled rejections ${unhandled.length}`,
    );

    // The server process never broke: no unhandled rejection, no other status, no dropped connection.
    expect(unhandled).toEqual([]);
    expect(others.map((entry: LedgerEntry) => entry.status)).toEqual([]);
    // The outage was seen, and answered fast, with no session cookie.
    expect(unavailable.length).toBeGreaterThan(0);
    for (const entry of unavailable) {
      expect(entry.ms).toBeLessThan(FAIL_FAST_BOUND);
      expect(entry.sessionCookies).toEqual([]);
    }
    // It recovered by itself: every client committed again after the restart.
    for (const client of clients) expect(afterRestart.get(client) ?? 0).toBeGreaterThanOrEqual(AFTER_RESTART);
    // The ledger: every acknowledged increment is there; only failed ones may have landed on top.
    for (const row of ledger) {
      expect(row.final).toBeGreaterThanOrEqual(row.acknowledged);
      expect(row.final).toBeGreaterThanOrEqual(row.lastAcknowledged);
      expect(row.final).toBeLessThanOrEqual(row.acknowledged + row.failed);
    }
  });
});
