// Builds and runs the apps in examples/ as a user would: their own build command, then their
// own server process on a free 127.0.0.1 port, until it answers HTTP.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { lstatSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RunningServer } from "../suites/adapter-suite";
import { freePort } from "./ports";

/** The repository root (with a trailing slash). */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** A package's file under the root node_modules, e.g. `bin("vite/bin/vite.js")`. */
export const bin = (path: string) => `${ROOT}node_modules/${path}`;

/**
 * Makes `sessionkit` resolvable by name from every example, as if installed from npm:
 * `node_modules/sessionkit` → the repository root, whose `exports` point at `dist/` (built by
 * `npm run build`, which `npm test` runs first). Node, Bun, tsx, esbuild and Vite all follow it.
 * An example's own package.json (with its own name) rules out Node's package self-reference.
 */
export function linkPackage(): void {
  const link = bin("sessionkit");
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === "..") return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // not there yet
  }
  symlinkSync("..", link, "dir");
}

/** Runs a build step in `cwd`; resolves to the seconds it took, rejects with its output. */
export async function runStep(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    // NODE_ENV=production as a deploy build would (vitest sets "test", which makes some tools build for development)
    execFile(command, args, { cwd, env: { ...process.env, NODE_ENV: "production", ...env }, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[command, ...args].join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
  return (performance.now() - started) / 1000;
}

/** How to start one example's server. */
export interface ExampleServer {
  command: string;
  args: string[];
  cwd: string;
  /** Extra environment; PORT, HOST and SESSION_SECRET are set for you. */
  env?: Record<string, string>;
}

/** A started example: its URL, everything it printed, and `close` (SIGTERM, then SIGKILL after 10 s). */
export interface RunningExample extends RunningServer {
  output(): string;
}

/** Starts the example's server and resolves once `GET /` answers (at most 30 s). */
export async function startServer(server: ExampleServer, secret: string): Promise<RunningExample> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(server.command, server.args, {
    cwd: server.cwd,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), SESSION_SECRET: secret, ...server.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => void (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => void (output += chunk));
  const exited = once(child, "exit");
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${server.args.join(" ")} exited (${child.exitCode}) before answering:\n${output}`);
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return { url, close, output: () => output };
    } catch {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`${server.args.join(" ")} did not answer on ${url} within 30 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

