import { spawnSync, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { freeClusterPort, freePort } from "./ports";
import { findRedisServer, onFreePort, spawnRedis } from "./redis-server";

const run = promisify(execFile);

/** Path of redis-cli, or `undefined` when the machine has none (Debian's redis-tools ships it). */
export function findRedisCli(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-cli"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Why Cluster/Sentinel tests cannot run here, or `undefined` when they can. */
export function clusterSkipReason(): string | undefined {
  if (!findRedisServer()) return "no redis-server on PATH";
  if (!findRedisCli()) return "no redis-cli on PATH";
  return undefined;
}

/** Says loudly why a suite is skipped (a silent skip looks like a pass). */
export function warnSkipped(what: string, reason: string): void {
  console.warn(`\n${"!".repeat(78)}\n!! ${what} SKIPPED: ${reason}.\n!! Install redis-server and redis-tools (apt-get install redis-server); .ci/run does.\n${"!".repeat(78)}\n`);
}

/** redis-server processes of one test file: started on free ports, SIGKILLable, all stopped at the end. */
class Processes {
  readonly dir = mkdtempSync(join(tmpdir(), "sessionkit-redis-"));
  private readonly children = new Map<number, { child: ChildProcess; args: string[] }>();
  private readonly binary = findRedisServer()!;

  /** Starts redis-server with `args` (which name `port`); see {@link spawnRedis}. */
  async start(port: number, args: string[]): Promise<void> {
    this.children.set(port, { child: await spawnRedis(this.binary, port, args), args });
  }

  /** Starts a redis-server with the `args` built for a port from `pick` (another port if that one is taken); resolves to the port. */
  async startOnFreePort(args: (port: number) => string[], pick: () => Promise<number> = freePort): Promise<number> {
    return (await onFreePort((port) => this.start(port, args(port)), pick)).port;
  }

  /** SIGKILL: no goodbye to clients, replicas or the cluster bus. */
  async kill(port: number): Promise<void> {
    const entry = this.children.get(port);
    if (!entry || entry.child.exitCode !== null || entry.child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      entry.child.once("exit", () => resolve());
      entry.child.kill("SIGKILL");
    });
  }

  /** SIGSTOP / SIGCONT: the process stops reading, but its sockets stay open (its peers still count it connected). */
  signal(port: number, signal: "SIGSTOP" | "SIGCONT"): void {
    const entry = this.children.get(port);
    if (!entry) throw new Error(`no redis-server on port ${port}`);
    entry.child.kill(signal);
  }

  async restart(port: number): Promise<void> {
    const entry = this.children.get(port);
    if (!entry) throw new Error(`no redis-server on port ${port}`);
    await this.start(port, entry.args);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((port) => this.kill(port)));
    if (!process.env.KEEP_REDIS_DIR) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `build` with a fresh set of processes; when it fails, every process it started is stopped (none outlives a failed beforeAll). */
async function withProcesses<T>(build: (processes: Processes) => Promise<T>): Promise<T> {
  const processes = new Processes();
  try {
    return await build(processes);
  } catch (error) {
    await processes.stopAll();
    throw error;
  }
}

/** A real Redis Cluster on 127.0.0.1: `masters` masters with one replica each. */
export interface RedisCluster {
  /** Every node's port, masters first as created. */
  readonly ports: number[];
  /** `redis+cluster://127.0.0.1:p1,127.0.0.1:p2,…` */
  readonly url: string;
  /** Ports of the nodes that are masters now. */
  masters(): Promise<number[]>;
  /** Ports of the live nodes that are not masters now. */
  replicas(): Promise<number[]>;
  /** The port of the master serving `key`. */
  masterOf(key: string): Promise<number>;
  /** SIGKILLs one node. */
  kill(port: number): Promise<void>;
  /** SIGSTOPs (`true`) or SIGCONTs (`false`) one node. */
  pause(port: number, paused: boolean): void;
  /** Resolves once every node still alive says `cluster_state:ok` with `masters` masters, none of them killed. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** A plain connection to one node, for inspection. */
  node(port: number): Redis;
  stop(): Promise<void>;
}

/**
 * Starts `masters` × 2 redis-servers with cluster mode on, joins them with
 * `redis-cli --cluster create … --cluster-replicas 1`, and waits until the cluster is ok.
 * `nodeTimeoutMs` (cluster-node-timeout) sets how soon a dead master's replica takes over.
 */
export function startRedisCluster(options: { masters?: number; nodeTimeoutMs?: number } = {}): Promise<RedisCluster> {
  return withProcesses((processes) => buildRedisCluster(processes, options));
}

async function buildRedisCluster(processes: Processes, { masters = 3, nodeTimeoutMs = 1500 } = {}): Promise<RedisCluster> {
  const nodeArgs = (port: number) => [
    "--port", String(port), "--bind", "127.0.0.1", "--protected-mode", "no",
    "--cluster-enabled", "yes", "--cluster-config-file", join(processes.dir, `nodes-${port}.conf`),
    "--cluster-node-timeout", String(nodeTimeoutMs), "--dir", processes.dir, "--logfile", join(processes.dir, `log-${port}.txt`),
    "--repl-diskless-sync-delay", "0", "--save", "", "--appendonly", "no",
  ];
  const ports: number[] = [];
  for (let i = 0; i < masters * 2; i++) ports.push(await processes.startOnFreePort(nodeArgs, freeClusterPort));
  await run(findRedisCli()!, ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "1", "--cluster-yes"], {
    timeout: 30_000,
  });
  const connections = new Map<number, Redis>();
  const node = (port: number) => {
    let connection = connections.get(port);
    if (!connection) {
      connection = new Redis({ port, host: "127.0.0.1", lazyConnect: false, maxRetriesPerRequest: 1, retryStrategy: () => null });
      connection.on("error", () => {});
      connections.set(port, connection);
    }
    return connection;
  };
  const dead = new Set<number>();
  const alive = () => ports.filter((port) => !dead.has(port));
  const mastersNow = async () => {
    const text = (await node(alive()[0]!).cluster("NODES")) as string;
    return text
      .split("\n")
      .map((line) => line.split(" "))
      .filter((parts) => {
        const flags = parts[2]?.split(",") ?? [];
        return flags.includes("master") && !flags.some((flag) => flag.startsWith("fail")) && parts.length > 8; // serves slots
      })
      .map((parts) => Number(parts[1]!.split("@")[0]!.split(":")[1]));
  };
  const waitHealthy = async (timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const infos = await Promise.all(alive().map((port) => node(port).cluster("INFO") as Promise<string>));
        const ok = infos.every((info) => info.includes("cluster_state:ok") && info.includes(`cluster_size:${masters}`));
        const current = await mastersNow();
        // A replica can only take over once it has synced: wait for every replica's link too.
        const replication = await Promise.all(alive().map((port) => node(port).info("replication")));
        const synced = replication.every((info) => !info.includes("role:slave") || info.includes("master_link_status:up"));
        if (ok && synced && current.length === masters && current.every((port) => !dead.has(port))) return;
      } catch {
        // a node still starting: ask again
      }
      if (Date.now() > deadline) throw new Error(`the Redis Cluster was not healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await waitHealthy();
  return {
    ports,
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(",")}`,
    masters: mastersNow,
    async replicas() {
      const masters = await mastersNow();
      return alive().filter((port) => !masters.includes(port));
    },
    async masterOf(key) {
      const slot = (await node(alive()[0]!).cluster("KEYSLOT", key)) as number;
      const slots = (await node(alive()[0]!).cluster("SLOTS")) as unknown as [number, number, [string, number]][];
      const range = slots.find(([from, to]) => slot >= from && slot <= to);
      if (!range) throw new Error(`no master serves slot ${slot}`);
      return range[2][1];
    },
    async kill(port) {
      dead.add(port);
      connections.get(port)?.disconnect();
      connections.delete(port);
      await processes.kill(port);
    },
    pause: (port, paused) => processes.signal(port, paused ? "SIGSTOP" : "SIGCONT"),
    waitHealthy,
    node,
    async stop() {
      for (const connection of connections.values()) connection.disconnect();
      await processes.stopAll();
    },
  };
}

/** A real Sentinel group on 127.0.0.1: one master, one replica, `sentinels` Sentinels (quorum 2). */
export interface SentinelGroup {
  /** `redis+sentinel://127.0.0.1:s1,…/mymaster` */
  readonly url: string;
  readonly sentinelPorts: number[];
  /** The data node the Sentinels name as master now. */
  masterPort(): Promise<number>;
  /** The other data node: the replica, as long as no failover happened. */
  replicaPort(): Promise<number>;
  /** SIGKILLs a data node. */
  kill(port: number): Promise<void>;
  /** SIGSTOPs (`true`) or SIGCONTs (`false`) a data node. */
  pause(port: number, paused: boolean): void;
  /** Resolves once the Sentinels name a master other than `oldPort` that answers as master. */
  waitForNewMaster(oldPort: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a master, its replica and `sentinels` Sentinels watching them as `mymaster`. */
export function startSentinelGroup(options: { sentinels?: number; downAfterMs?: number } = {}): Promise<SentinelGroup> {
  return withProcesses((processes) => buildSentinelGroup(processes, options));
}

async function buildSentinelGroup(processes: Processes, { sentinels = 3, downAfterMs = 1000 } = {}): Promise<SentinelGroup> {
  const common = ["--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", processes.dir, "--repl-diskless-sync-delay", "0"];
  const masterPort = await processes.startOnFreePort((port) => ["--port", String(port), ...common]);
  const replicaPort = await processes.startOnFreePort((port) => ["--port", String(port), ...common, "--replicaof", "127.0.0.1", String(masterPort)]);
  const sentinelArgs = (port: number) => {
    const file = join(processes.dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`, "bind 127.0.0.1", "protected-mode no", `dir ${processes.dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds mymaster ${downAfterMs}`,
        "sentinel failover-timeout mymaster 4000", "sentinel parallel-syncs mymaster 1", "",
      ].join("\n"),
    );
    return [file, "--sentinel"];
  };
  const sentinelPorts = await Promise.all(Array.from({ length: sentinels }, () => processes.startOnFreePort(sentinelArgs)));
  const ask = async (): Promise<number> => {
    const sentinel = new Redis({ port: sentinelPorts[0]!, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => null });
    sentinel.on("error", () => {});
    try {
      const [, port] = (await sentinel.call("SENTINEL", "get-master-addr-by-name", "mymaster")) as [string, string];
      return Number(port);
    } finally {
      sentinel.disconnect();
    }
  };
  const role = async (port: number): Promise<string> => {
    const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => null });
    client.on("error", () => {});
    try {
      return String(((await client.call("ROLE")) as unknown[])[0]);
    } finally {
      client.disconnect();
    }
  };
  // Ready when the replica is in sync and every Sentinel knows the others (a failover needs a quorum).
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const sentinel = new Redis({ port: sentinelPorts[0]!, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => null });
      sentinel.on("error", () => {});
      const info = (await sentinel.call("SENTINEL", "master", "mymaster")) as string[];
      sentinel.disconnect();
      const field = (name: string) => Number(info[info.indexOf(name) + 1]);
      if (field("num-slaves") >= 1 && field("num-other-sentinels") >= sentinels - 1) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the Sentinel group did not come up within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `redis+sentinel://${sentinelPorts.map((port) => `127.0.0.1:${port}`).join(",")}/mymaster`,
    sentinelPorts,
    masterPort: ask,
    replicaPort: async () => {
      const master = await ask();
      return master === masterPort ? replicaPort : masterPort;
    },
    kill: (port) => processes.kill(port),
    pause: (port, paused) => processes.signal(port, paused ? "SIGSTOP" : "SIGCONT"),
    async waitForNewMaster(oldPort, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          const port = await ask();
          if (port !== oldPort && (await role(port)) === "master") return port;
        } catch {
          // ask again
        }
        if (Date.now() > until) throw new Error(`no new master within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => processes.stopAll(),
  };
}
