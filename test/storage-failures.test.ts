import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import memoryDriver from "unstorage/drivers/memory";
import redisDriver from "unstorage/drivers/redis";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { defineSessions, SessionConfigError, type SessionEvent, type SessionsOptions } from "../src/index";
import { freePort } from "./helpers/ports";
import { findRedisServer, startRedisServer } from "./helpers/redis-server";
import { SECRET } from "./suites/store-suite";

// Operations (DESIGN.md): a failing store is visible — its errors, events and log lines name
// the driver, the host and the cause, once per outage — and a missing piece says how to fix it.

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Commits one write; resolves with the error it rejected with, if any. */
async function write(sessions: ReturnType<typeof defineSessions>): Promise<unknown> {
  const { session, commit } = sessions.createSessionHandler(new Request("http://app.test/"));
  session.set("n", 1);
  return commit(new Response("ok")).then(() => undefined, (error: unknown) => error);
}

function collectingLogger() {
  return { error: vi.fn<(message: string) => void>(), warn: vi.fn<(message: string) => void>() };
}

describe("storage configuration that cannot work says so at defineSessions", () => {
  const refuse = (options: unknown, message: RegExp) => {
    let thrown: unknown;
    try {
      defineSessions(options as SessionsOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionConfigError);
    expect(String((thrown as Error).message)).toMatch(message);
    return String((thrown as Error).message);
  };

  it("a malformed Redis URL", () => {
    refuse({ secrets: SECRET, storage: "redis:/localhost" }, /"redis:\/localhost" is not a valid Redis URL: it needs "\/\/" and a host\. Write it as "redis:\/\/host:6379"/);
    const message = refuse({ secrets: SECRET, storage: "rediss://user:hunter2@/0" }, /is not a valid Redis URL/);
    expect(message).not.toContain("hunter2");
  });

  it("a driver that is neither a name nor a factory, and a logger without error()", () => {
    refuse({ secrets: SECRET, storage: { driver: 42 } }, /`storage` must be/);
    refuse({ secrets: SECRET, logger: { log() {} } }, /`logger` must have an `error\(message\)` method/);
  });
});

describe("a driver factory passed by the app", () => {
  it("is used as it is: no import by name", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: { driver: memoryDriver } });
    const { session, commit } = sessions.createSessionHandler(new Request("http://app.test/"));
    session.set("n", 7);
    const cookie = (await commit(new Response("ok"))).headers.getSetCookie()[0]!.split(";")[0]!;
    const next = sessions.createSessionHandler(new Request("http://app.test/", { headers: { cookie } }));
    expect(await next.session.get("n")).toBe(7);
    await sessions.close();
  });
});

describe("a driver factory that fails", () => {
  it("names it and the cause when it cannot be created", async () => {
    const events: SessionEvent[] = [];
    const logger = collectingLogger();
    const broken = () => {
      throw new Error("no binding named SESSIONS");
    };
    const sessions = defineSessions({ secrets: SECRET, storage: { driver: broken }, logger, onEvent: (event) => events.push(event) });
    const error = (await write(sessions)) as Error;
    expect(error.name).toBe("SessionStorageError");
    expect(error.message).toBe("sessionkit: storage open failed: cannot load the driver for broken: no binding named SESSIONS");
    expect(events).toContainEqual({ type: "storage-error", operation: "open", message: error.message });
    expect(await write(sessions)).toBeInstanceOf(Error); // a failed open is tried again, and not logged again
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it.skipIf(!inject("redisUrl"))("a redis factory gets the fail-fast options, as the name does, and works", async () => {
    const port = await freePort();
    const down = defineSessions({ secrets: SECRET, storage: { driver: redisDriver, url: `redis://127.0.0.1:${port}` }, storageTimeout: 300, logger: null });
    const started = Date.now();
    const error = (await write(down)) as Error;
    expect(Date.now() - started).toBeLessThan(1500); // not ioredis' ~10 s of retries
    expect(error.message).toMatch(new RegExp(`redis at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED`));
    await down.close();
    const up = defineSessions({ secrets: SECRET, storage: { driver: redisDriver, url: inject("redisUrl"), base: "factory" }, logger: null });
    expect(await write(up)).toBeUndefined();
    await up.close();
  });
});

describe("a Redis that is down", () => {
  it("names the driver, host and cause in the error, the event and one log line per outage", async () => {
    const port = await freePort();
    const events: SessionEvent[] = [];
    const logger = collectingLogger();
    const sessions = defineSessions({ secrets: SECRET, storage: `redis://127.0.0.1:${port}`, storageTimeout: 300, logger, onEvent: (event) => events.push(event) });
    const errors = [];
    for (let i = 0; i < 4; i++) errors.push(await write(sessions));
    const cause = new RegExp(`redis at 127\\.0\\.0\\.1:${port}: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}`);
    for (const error of errors) expect(String((error as Error).message)).toMatch(cause);
    const reported = events.filter((event) => event.type === "storage-error");
    expect(reported.length).toBeGreaterThan(0);
    for (const event of reported) expect(event).toMatchObject({ message: expect.stringMatching(cause) });
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]![0]).toMatch(cause);
    expect(logger.error.mock.calls[0]![0]).toMatch(/Sessions answer 503 until it recovers \(logged once per outage\)\.$/);
    await sessions.close();
  });

  it("logs nothing with logger: null", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const sessions = defineSessions({ secrets: SECRET, storage: `redis://127.0.0.1:${await freePort()}`, storageTimeout: 300, logger: null });
      expect(await write(sessions)).toBeInstanceOf(Error);
      expect(consoleError).not.toHaveBeenCalled();
      await sessions.close();
    } finally {
      consoleError.mockRestore();
    }
  });

  it.skipIf(!findRedisServer())("logs the recovery once when Redis answers again", async () => {
    const redis = await startRedisServer();
    const logger = collectingLogger();
    const sessions = defineSessions({ secrets: SECRET, storage: redis.url, storageTimeout: 300, logger });
    try {
      expect(await write(sessions)).toBeUndefined();
      await redis.kill();
      expect(await write(sessions)).toBeInstanceOf(Error);
      expect(await write(sessions)).toBeInstanceOf(Error);
      await redis.restart();
      await expect.poll(() => write(sessions), { timeout: 10_000, interval: 200 }).toBeUndefined();
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn.mock.calls[0]![0]).toMatch(new RegExp(`redis at 127\\.0\\.0\\.1:${redis.port}\\) answers again, after \\d+ failed call`));
      expect(await write(sessions)).toBeUndefined();
      expect(logger.warn).toHaveBeenCalledTimes(1);
    } finally {
      await sessions.close();
      await redis.stop();
    }
  });
});

describe("ioredis not installed", () => {
  // A node_modules like an app's without ioredis: the built package copied in, every other
  // package linked, and Node told to keep the links' paths (so ioredis is really out of reach).
  const app = mkdtempSync(join(tmpdir(), "sessionkit-no-ioredis-"));
  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it("is a SessionConfigError that says `npm install ioredis`: at defineSessions for storage (ESM and CJS), on subscribe for broadcast", async () => {
    const modules = join(app, "node_modules");
    mkdirSync(join(modules, "sessionkit"), { recursive: true });
    cpSync(join(ROOT, "dist"), join(modules, "sessionkit/dist"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(modules, "sessionkit/package.json"));
    for (const entry of readdirSync(join(ROOT, "node_modules"))) {
      if (entry !== "ioredis" && entry !== ".bin" && entry !== "sessionkit") symlinkSync(join(ROOT, "node_modules", entry), join(modules, entry));
    }
    const redisApp = (load: string) => `${load}
const secrets = ["${SECRET}"];
try {
  defineSessions({ secrets, storage: "redis://127.0.0.1:1", logger: null });
  console.log("defined");
} catch (error) {
  console.log("define", error.name, error.message);
}
`;
    writeFileSync(join(app, "main.mjs"), redisApp('import { defineSessions } from "sessionkit";'));
    writeFileSync(join(app, "main.cjs"), redisApp('const { defineSessions } = require("sessionkit");'));
    writeFileSync(
      join(app, "broadcast.mjs"),
      `import { defineSessions } from "sessionkit";
const live = defineSessions({ secrets: ["${SECRET}"], broadcast: "redis://127.0.0.1:1" });
await live.subscribe("x".repeat(22), () => {}).ready.catch((error) => console.log("broadcast", error.name, error.message));
`,
    );
    const run = async (script: string) => (await promisify(execFile)(process.execPath, ["--preserve-symlinks", script], { cwd: app })).stdout;
    const atDefine =
      'define SessionConfigError sessionkit: the "redis" storage driver needs the "ioredis" package, which is not installed. Run `npm install ioredis`';
    expect(await run("main.mjs")).toContain(atDefine);
    expect(await run("main.cjs")).toContain(atDefine);
    expect(await run("broadcast.mjs")).toContain(
      'broadcast SessionConfigError sessionkit: `broadcast` needs the "ioredis" package, which is not installed. Run `npm install ioredis`',
    );
  });
});

describe("the tests' own Redis", () => {
  it.skipIf(!inject("redisUrl"))("still works through a URL (the happy path is unchanged)", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: inject("redisUrl"), logger: null });
    expect(await write(sessions)).toBeUndefined();
    await sessions.close();
  });
});
