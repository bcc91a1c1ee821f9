import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RunningServer } from "../suites/adapter-suite";
import { whenListening } from "./child-server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The Bun binary the `bun` devDependency installs. */
export const BUN_BINARY = `${ROOT}node_modules/.bin/bun`;

/** Why real Bun cannot run here, or `undefined` when it can. */
export function bunUnavailable(): string | undefined {
  if (!existsSync(BUN_BINARY)) return `${BUN_BINARY} is missing (the "bun" devDependency installs it; its postinstall must run)`;
  const probe = spawnSync(BUN_BINARY, ["--version"], { encoding: "utf8", timeout: 15_000 });
  if (probe.status !== 0) return `${BUN_BINARY} --version failed: ${probe.error?.message ?? probe.stderr.trim()}`;
  return undefined;
}

/**
 * Runs `script` (relative to the repo root) with the real Bun binary and resolves once it
 * prints `listening <url>`; rejects with its output if it exits first. `close` kills it.
 */
export function startBunServer(script: string, env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(BUN_BINARY, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return whenListening(child, `bun ${script}`);
}
