// sessionkit itself, from the built package (dist/index.js — run `npm run build` first), in
// three storages: "memory:", "cookie" (stateless, sealed) and Redis. Driven like the fetch-style
// peers: handler(Request) → commit(Response), in-process. Every op commits, reads included, as
// the contract asks (Vary/Cache-Control, rolling refresh); a read that changed nothing sets no
// cookie.
// Redis runs when REDIS_URL is set or a server answers PING at 127.0.0.1:6379; its records go
// under a dedicated base ("sessionkit-bench") that is deleted before and after the run.

import { existsSync } from "node:fs";
import net from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SECRET, buildScenarios, webRequest } from "../scenarios.mjs";

/** The build under test; SESSIONKIT_DIST=/path/to/dist/index.js times another one (e.g. an older commit's). */
const DIST = process.env.SESSIONKIT_DIST ? pathToFileURL(process.env.SESSIONKIT_DIST) : new URL("../../dist/index.js", import.meta.url);
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const REDIS_BASE = "sessionkit-bench";

/** @returns {Promise<any | undefined>} the built sessionkit module, or undefined if not built */
async function loadSessionkit() {
  return existsSync(fileURLToPath(DIST)) ? import(DIST.href) : undefined;
}

/**
 * Whether a Redis server answers PING at `url` within 500 ms.
 * @param {string} url
 */
function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    // "-NOAUTH" is an answer too: the URL's credentials are for the client, not for this probe.
    socket.once("data", (data) => done(/^(\+PONG|-NOAUTH)/.test(String(data))));
  });
}

/** Deletes every key the benchmark stored under REDIS_BASE. */
async function clearRedis() {
  const { default: Redis } = await import("ioredis");
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: `${REDIS_BASE}:*`, count: 1000 })) {
      if (keys.length) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * Scenarios for one sessionkit instance.
 * @param {any} sessions the result of `defineSessions`
 */
function sessionkitScenarios(sessions) {
  /** @type {Record<string, (session: any) => Promise<string> | string>} */
  const handlers = {
    seed(session) {
      session.set("n", 1);
      session.set("user", "alice");
      return "1";
    },
    new(session) {
      session.set("n", 1);
      return "1";
    },
    read: async (session) => String((await session.get("n")) ?? ""),
    async write(session) {
      const n = (await session.get("n")) + 1;
      session.set("n", n);
      return String(n);
    },
  };
  return buildScenarios({
    async send(op, cookie) {
      const { session, commit } = sessions.createSessionHandler(webRequest(op, cookie));
      return commit(new Response(await handlers[op](session)));
    },
  });
}

/**
 * A sessionkit peer on `storage`.
 * @param {string} store label
 * @param {() => Promise<unknown | { skip: string }>} storage the `storage` option, or why not
 * @returns {import("../scenarios.mjs").Peer}
 */
function sessionkitPeer(store, storage) {
  return {
    name: "sessionkit",
    store,
    driven: "createSessionHandler(Request) → commit(Response) in a fetch-style handler",
    async setup() {
      const sessionkit = await loadSessionkit();
      if (!sessionkit) return { skip: "dist/index.js not built yet (npm run build)" };
      const option = await storage();
      if (option && typeof option === "object" && "skip" in option) return option;
      const sessions = sessionkit.defineSessions({ secrets: [SECRET], storage: option });
      const scenarios = await sessionkitScenarios(sessions);
      scenarios.teardown = async () => {
        await sessions.close?.();
        if (store === "redis") await clearRedis();
      };
      return scenarios;
    },
  };
}

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  sessionkitPeer("memory", async () => "memory:"),
  sessionkitPeer("cookie", async () => "cookie"),
  sessionkitPeer("redis", async () => {
    if (!(await redisAnswers(REDIS_URL))) return { skip: `no Redis answering at ${REDIS_URL} (set REDIS_URL)` };
    await clearRedis();
    // A driver config rather than the bare URL only to give the records a base we can delete.
    return { driver: "redis", url: REDIS_URL, base: REDIS_BASE };
  }),
];
