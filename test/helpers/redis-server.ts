import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { freePort } from "./ports";

/** A redis-server child process of the test's own, on a free port of 127.0.0.1. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Kills the process (SIGKILL): clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Path of redis-server, or `undefined` when the machine has none. */
export function findRedisServer(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}


/** Resolves once something answers PING with PONG on the port. */
export async function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("error", () => resolve(false));
      socket.once("connect", () => socket.write("PING\r\n"));
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("+PONG"));
      });
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * Spawns redis-server with `args` (which name `port`) and resolves once it answers PING; rejects
 * at once, with its last log lines, if it exits first (a port taken between being picked and
 * being bound, the Cluster bus port taken), and kills it if it never answers.
 */
export async function spawnRedis(binary: string, port: number, args: string[]): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const logfile = args.includes("--logfile") ? args[args.indexOf("--logfile") + 1] : undefined;
  await new Promise<void>((resolve, reject) => {
    const exited = (code: number | null, signal: string | null) => {
      const log = logfile && existsSync(logfile) ? readFileSync(logfile, "utf8") : "";
      const last = (output + log).trim().split("\n").slice(-3).join(" | ");
      reject(new Error(`redis-server for port ${port} exited (${signal ?? code}) before answering: ${last}`));
    };
    child.once("exit", exited);
    waitForRedis(port).then(
      () => (child.off("exit", exited), resolve()),
      (error: unknown) => (child.off("exit", exited), child.kill("SIGKILL"), reject(error)),
    );
  });
  return child;
}

/**
 * Runs `start` on a port from `pick`; when it fails (the port was taken between being picked
 * and being bound), on another one, 3 tries in all. Resolves to the port and what `start` gave.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, pick: () => Promise<number> = freePort): Promise<{ port: number; started: T }> {
  for (let attempt = 1; ; attempt++) {
    const port = await pick();
    try {
      return { port, started: await start(port) };
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Path of redis-server. @default the one on PATH */
  binary?: string;
  /**
   * Persist to this directory with an append-only file fsynced on every write
   * (`--appendonly yes --appendfsync always`), so data survives `kill()` + `restart()`.
   * Without it the server keeps nothing on disk and a kill loses everything.
   */
  persistDir?: string;
}

/**
 * Starts redis-server on a free port and waits until it answers. No persistence unless
 * `persistDir` is given; a string argument is the binary's path (the older form).
 */
export async function startRedisServer(options: string | RedisServerOptions = {}): Promise<RedisServer> {
  const { binary = findRedisServer(), persistDir } = typeof options === "string" ? { binary: options } : options;
  if (!binary) throw new Error("redis-server is not installed");
  // Without persistence it still gets a directory of its own: a replica writes the RDB it is sent
  // there, which would otherwise land in the working directory (the repository).
  const scratch = persistDir ? undefined : mkdtempSync(join(tmpdir(), "sessionkit-redis-"));
  const persistence = persistDir
    ? ["--dir", persistDir, "--save", "", "--appendonly", "yes", "--appendfsync", "always"]
    : ["--dir", scratch!, "--save", "", "--appendonly", "no"];
  const args = (port: number) => ["--port", String(port), "--bind", "127.0.0.1", ...persistence, "--protected-mode", "no"];
  const first = await onFreePort((port) => spawnRedis(binary, port, args(port)));
  const port = first.port;
  let child: ChildProcess | undefined = first.started;
  const launch = async () => {
    child = await spawnRedis(binary, port, args(port));
  };
  const kill = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      current.once("exit", () => resolve());
      current.kill("SIGKILL");
    });
  };
  const stop = async () => {
    await kill();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  };
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: launch, stop };
}
