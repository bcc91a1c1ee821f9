import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports";

/** The demo's entry, as `npm start` runs it. */
export const DEMO_ENTRY = fileURLToPath(new URL("../../demo/server.js", import.meta.url));
const BUILT = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

/** A running `node demo/server.js`. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>` as the demo printed it. */
  readonly url: string;
  readonly port: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port, directory and environment. */
  restart(): Promise<void>;
}

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Working directory: the default storage `file:./.data/sessions` lands there. */
  cwd: string;
  /** Extra environment (SESSION_STORAGE, SESSION_SECRET, …). */
  env?: Record<string, string>;
  /** Port; a free one by default. */
  port?: number;
}

/**
 * Starts the demo as a child process and resolves once it printed its URL. The demo imports
 * the built package, so dist/ must exist (`npm test` builds first).
 */
export async function startDemo(options: DemoOptions): Promise<DemoServer> {
  if (!existsSync(BUILT)) throw new Error("dist/ is missing: run `npm run build` first (npm test does).");
  const port = options.port ?? (await freePort());
  let child: ChildProcess | undefined;
  let printed = "";

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const started = spawn(process.execPath, [DEMO_ENTRY], {
        cwd: options.cwd,
        env: { ...process.env, SESSION_SECRET: "", SESSION_STORAGE: "", SESSION_BROADCAST: "", ...options.env, PORT: String(port) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      const timer = setTimeout(() => reject(new Error(`the demo did not start within 15 s:\n${printed}`)), 15_000);
      const onData = (data: Buffer) => {
        printed += data.toString();
        if (printed.includes(`http://127.0.0.1:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout!.on("data", onData);
      started.stderr!.on("data", onData);
      started.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo exited with ${code}:\n${printed}`));
      });
    });

  const stop = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => current.kill("SIGKILL"), 5000);
      current.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      current.kill("SIGTERM");
    });
  };

  await launch();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    output: () => printed,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
  };
}
