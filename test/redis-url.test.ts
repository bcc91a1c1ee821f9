import { describe, expect, it } from "vitest";
import { defineSessions, SessionConfigError } from "../src/index";
// The URL forms are a documented contract (docs/scaling.md); their parsing is a pure function,
// checked here directly. Connecting through each form is tested on real deployments in
// redis-cluster.test.ts, redis-sentinel.test.ts and live-*.test.ts.
import { redisUrlOptions, withFailFast } from "../src/store/redis-options";
import { SECRET } from "./suites/store-suite";

describe("Redis URL forms", () => {
  it("redis:// and rediss:// stay one server, passed to ioredis as they are", () => {
    expect(redisUrlOptions("redis://:pw@127.0.0.1:6380/2")).toEqual({ url: "redis://:pw@127.0.0.1:6380/2" });
    expect(redisUrlOptions("rediss://cache.example:6380")).toEqual({ url: "rediss://cache.example:6380" });
  });

  it("redis+cluster:// lists seed nodes; credentials and TLS go to every node's connection", () => {
    expect(redisUrlOptions("redis+cluster://127.0.0.1:7000,127.0.0.1:7001,[::1]:7002,cache")).toEqual({
      cluster: [
        { host: "127.0.0.1", port: 7000 },
        { host: "127.0.0.1", port: 7001 },
        { host: "::1", port: 7002 },
        { host: "cache", port: 6379 },
      ],
      clusterOptions: { redisOptions: {} },
    });
    expect(redisUrlOptions("rediss+cluster://app:p%40ss@h1:7000,h2:7001/")).toEqual({
      cluster: [{ host: "h1", port: 7000 }, { host: "h2", port: 7001 }],
      clusterOptions: { redisOptions: { username: "app", password: "p@ss", tls: {} } },
    });
  });

  it("redis+sentinel:// lists Sentinels, then the master's name and an optional database", () => {
    expect(redisUrlOptions("redis+sentinel://s1,s2:26380/mymaster")).toEqual({
      sentinels: [{ host: "s1", port: 26379 }, { host: "s2", port: 26380 }],
      name: "mymaster",
    });
    expect(redisUrlOptions("rediss+sentinel://:datapw@s1:26379/main/3?sentinelPassword=sp&sentinelUsername=su")).toEqual({
      password: "datapw",
      sentinels: [{ host: "s1", port: 26379 }],
      name: "main",
      db: 3,
      sentinelUsername: "su",
      sentinelPassword: "sp",
      tls: {},
      enableTLSForSentinelMode: true,
    });
  });

  it("fail-fast options reach a Cluster's nodes, and the user's own settings win", () => {
    expect(withFailFast({ url: "redis://x" }, 1500)).toEqual({ url: "redis://x", maxRetriesPerRequest: 1, connectTimeout: 1500 });
    expect(withFailFast({ cluster: [{ host: "h", port: 1 }] }, 1500)).toEqual({
      cluster: [{ host: "h", port: 1 }],
      clusterOptions: { redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 1500 } },
    });
    const mine = { cluster: [], clusterOptions: { scaleReads: "slave", redisOptions: { connectTimeout: 99 } } };
    expect(withFailFast(mine, 1500)).toEqual({
      cluster: [],
      clusterOptions: { scaleReads: "slave", redisOptions: { maxRetriesPerRequest: 1, connectTimeout: 99 } },
    });
    expect(mine.clusterOptions.redisOptions).toEqual({ connectTimeout: 99 }); // the caller's object is untouched
  });

  it("malformed URLs throw SessionConfigError at defineSessions, saying how to write them and never echoing a password", () => {
    const bad = [
      ["redis+cluster://", /lists no hosts/],
      ["redis+cluster://h1:notaport", /not a host:port/],
      ["redis+cluster://h1:70000", /not a host:port/],
      ["redis+cluster://h1:7000/0", /takes no path/],
      ["redis+sentinel://user:hunter2@s1:26379", /names the master/],
      ["redis+sentinel://s1:26379/mymaster/x", /names the master/],
    ] as const;
    for (const [storage, message] of bad) {
      expect(() => defineSessions({ secrets: SECRET, storage })).toThrow(SessionConfigError);
      expect(() => defineSessions({ secrets: SECRET, storage })).toThrow(message);
      expect(() => defineSessions({ secrets: SECRET, broadcast: storage })).toThrow(message);
    }
    expect(() => defineSessions({ secrets: SECRET, storage: "redis+sentinel://user:hunter2@s1:26379" })).not.toThrow(/hunter2/);
    expect(() => defineSessions({ secrets: SECRET, storage: "mongodb://x" })).toThrow(/redis\+cluster:\/\/h1:p1,h2:p2/);
  });

  it("well-formed Cluster and Sentinel URLs are accepted without connecting (nothing happens until the first request)", async () => {
    const sessions = defineSessions({ secrets: SECRET, storage: "redis+cluster://127.0.0.1:1,127.0.0.1:2", broadcast: "redis+sentinel://127.0.0.1:3/mymaster" });
    await sessions.close();
  });
});
