import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AdapterSessionsConfig, RunningServer } from "../suites/adapter-suite";
import { freePort } from "./ports";

/** The example app's directory. */
export const EXAMPLE_DIR = fileURLToPath(new URL("../../examples/sveltekit/", import.meta.url));
const BIN = (path: string) => fileURLToPath(new URL(`../../node_modules/${path}`, import.meta.url));

/** Which copy of the app, built by which kit: examples/sveltekit on this Node and the root's kit 2 by default. */
export interface SvelteKitApp {
  /** The app's folder (with a trailing slash). */
  dir: string;
  /** The Node binary that builds and runs it. */
  node: string;
  /** The Vite CLI that builds it (it loads the kit next to it). */
  vite: string;
}

/** examples/sveltekit, built with the repository's Vite and kit 2 on this Node. */
export const KIT_2_APP: SvelteKitApp = { dir: EXAMPLE_DIR, node: process.execPath, vite: BIN("vite/bin/vite.js") };

/** Builds the app with Vite and adapter-node into `build/` (a few seconds). */
export async function buildExample(app: SvelteKitApp = KIT_2_APP): Promise<void> {
  await promisify(execFile)(app.node, [app.vite, "build", "--logLevel", "warn"], {
    cwd: app.dir,
    env: { ...process.env, NODE_ENV: "production" },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** Type-checks the example (`svelte-kit sync` ran during the build); rejects with tsc's output. */
export async function typecheckExample(): Promise<void> {
  await promisify(execFile)(process.execPath, [BIN("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: EXAMPLE_DIR }).catch(
    (error: Error & { stdout?: string; stderr?: string }) => {
      // tsc reports on stdout, which execFile's message leaves out.
      throw new Error(`the SvelteKit example does not type-check:\n${error.stdout ?? ""}${error.stderr ?? ""}`, { cause: error });
    },
  );
}

/**
 * Starts the built app (`node build/index.js`) on a free 127.0.0.1 port with the session
 * options as environment variables; resolves once it listens. `close` ends the process.
 */
export async function startExample(config: AdapterSessionsConfig, app: SvelteKitApp = KIT_2_APP): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(app.node, ["build/index.js"], {
    cwd: app.dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      ORIGIN: url,
      SHUTDOWN_TIMEOUT: "1",
      SESSION_SECRET: config.secrets[0],
      SESSION_STORAGE: config.storage,
      SESSION_STORAGE_TIMEOUT: config.storageTimeout === undefined ? "" : String(config.storageTimeout),
      SESSION_ROTATION_GRACE: config.rotationGrace === undefined ? "" : String(config.rotationGrace),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      if (output.includes("Listening on")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk));
    child.once("exit", (code) => reject(new Error(`the SvelteKit example exited (${code}) before listening:\n${output}`)));
  });
  await listening;
  return {
    url,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      // adapter-node exits once the app released everything on "sveltekit:shutdown"; a process
      // still running after 10 s leaks a handle: kill it, and fail.
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      clearTimeout(timer);
      if (signal === "SIGKILL") throw new Error(`the SvelteKit example did not exit on SIGTERM:\n${output}`);
    },
  };
}

