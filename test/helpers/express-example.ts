import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, readlink, symlink } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { AdapterSessionsConfig, RunningServer } from "../suites/adapter-suite";
import { freePort } from "./ports";

/** The example app's directory. */
export const EXPRESS_EXAMPLE_DIR = fileURLToPath(new URL("../../examples/express/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Does what `npm install` does for the example's `"sessionkit": "file:../.."` dependency — a
 * symlink to the repository in its node_modules — so `import "sessionkit/node"` resolves through
 * the package's `exports` to the built dist/, as in a user's app. Express resolves from the root.
 */
export async function linkSessionkit(): Promise<void> {
  if (!existsSync(`${ROOT}dist/adapters/node.js`)) throw new Error("examples/express needs the build: run `npm run build` (npm test does).");
  const link = `${EXPRESS_EXAMPLE_DIR}node_modules/sessionkit`;
  await mkdir(`${EXPRESS_EXAMPLE_DIR}node_modules`, { recursive: true });
  const current = await readlink(link).catch(() => undefined);
  if (current === undefined) await symlink("../../..", link, "dir").catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error; // another test file linked it first
  });
}

/** Starts `node server.js` on a free 127.0.0.1 port with the session options as environment; resolves once it listens. */
export async function startExpressExample(config: AdapterSessionsConfig & { rotationGrace?: number }): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["server.js"], {
    cwd: EXPRESS_EXAMPLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      SESSION_SECRET: config.secrets[0]!,
      SESSION_STORAGE: config.storage,
      SESSION_STORAGE_TIMEOUT: config.storageTimeout ? String(config.storageTimeout) : "",
      // The suite's rotation grace, where the core has one (core v2's `rotationGrace`).
      SESSION_ROTATION_GRACE: String((config as { rotationGrace?: number }).rotationGrace ?? ""),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => String(chunk).includes("listening on") && resolve());
    child.once("exit", (code) => reject(new Error(`examples/express exited with ${code}: ${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

