import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunningServer } from "../suites/adapter-suite";
import { linkPackageInto, whenListening } from "./child-server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The Deno binary the `deno` devDependency installs. */
export const DENO_BINARY = join(ROOT, "node_modules/.bin/deno");

/** Why real Deno cannot run here, or `undefined` when it can. */
export function denoUnavailable(): string | undefined {
  if (!existsSync(DENO_BINARY)) return `${DENO_BINARY} is missing (the "deno" devDependency installs it)`;
  const probe = spawnSync(DENO_BINARY, ["--version"], { encoding: "utf8", timeout: 15_000 });
  if (probe.status !== 0) return `${DENO_BINARY} --version failed: ${probe.error?.message ?? probe.stderr.trim()}`;
  if (!existsSync(join(ROOT, "dist/index.js"))) return "dist/ is missing: run `npm run build` first (npm test does)";
  return undefined;
}

/** A Deno process that serves over HTTP; `output` is everything it printed so far. */
export interface DenoServer extends RunningServer {
  output(): string;
}

/**
 * Runs `deno run <flags> main.ts` in `exampleDir` with exactly `env` (plus PATH and a private
 * DENO_DIR: nothing else of this process's environment leaks in, so a missing permission shows)
 * and resolves once it prints `listening <url>`. "sessionkit" resolves through a node_modules
 * link to the repository (what `npm install` of the example's `file:../..` dependency makes).
 */
export function startDeno(exampleDir: string, flags: string[], env: Record<string, string>): Promise<DenoServer> {
  linkPackageInto(exampleDir);
  const child = spawn(DENO_BINARY, ["run", "--no-prompt", ...flags, "main.ts"], {
    cwd: exampleDir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return whenListening(child, `deno ${flags.join(" ")} main.ts`);
}
