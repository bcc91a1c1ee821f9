import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import type { RunningServer } from "../suites/adapter-suite";
import { linkPackageInto } from "./child-server";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The wrangler CLI of the `wrangler` devDependency (4.86.x: the last that runs on Node 20). */
export const WRANGLER = join(ROOT, "node_modules/.bin/wrangler");
/** Keeps wrangler off the network: no telemetry, no update check (it runs with the banner). */
const QUIET_WRANGLER = { WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CI: "true", NO_COLOR: "1" };

/** Why workerd cannot run here, or `undefined` when it can. */
export function workerdUnavailable(): string | undefined {
  if (!existsSync(WRANGLER)) return `${WRANGLER} is missing (the "wrangler" devDependency installs it)`;
  if (!existsSync(join(ROOT, "node_modules/miniflare/package.json"))) return "miniflare is missing (wrangler brings it)";
  if (!existsSync(join(ROOT, "dist/index.js"))) return "dist/ is missing: run `npm run build` first (npm test does)";
  return undefined;
}

/** A Worker bundled by wrangler exactly as `wrangler deploy` would upload it. */
export interface WorkerBundle {
  /** The bundled module. */
  path: string;
  bytes: number;
  gzipBytes: number;
  /** The files esbuild put into the bundle (from its source map), relative to the repo root. */
  sources: string[];
  /** wrangler's own output (its "Total Upload" line, warnings). */
  log: string;
  /** Removes the output directory. */
  remove(): void;
}

/**
 * Bundles the Worker in `exampleDir` with `wrangler deploy --dry-run --outdir` (its esbuild, its
 * conditions, its checks: a Node built-in without `nodejs_compat` fails the build). The example
 * imports "sessionkit": like `npm install` of its `file:../..` dependency, a node_modules link
 * to the repository makes that the built package (dist/).
 */
export async function bundleWorker(exampleDir: string): Promise<WorkerBundle> {
  linkPackageInto(exampleDir);
  const outdir = mkdtempSync(join(tmpdir(), "sessionkit-worker-"));
  const { stdout, stderr } = await promisify(execFile)(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir], {
    cwd: exampleDir,
    env: { ...process.env, ...QUIET_WRANGLER },
    maxBuffer: 16 * 1024 * 1024,
  });
  const path = join(outdir, "index.js");
  const code = readFileSync(path);
  const map = JSON.parse(readFileSync(`${path}.map`, "utf8")) as { sources: string[] };
  // Source paths are relative to the output folder: make them absolute, then relative to the repository ("/dist/…", "/node_modules/…").
  const sources = map.sources.map((source) => {
    const absolute = resolve(outdir, source);
    return absolute.startsWith(ROOT) ? `/${absolute.slice(ROOT.length)}` : source;
  });
  return {
    path,
    bytes: statSync(path).size,
    gzipBytes: gzipSync(code).length,
    sources,
    log: `${stdout}${stderr}`,
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/**
 * Runs a bundled Worker in workerd through miniflare, on 127.0.0.1 at a free port, with an
 * in-memory KV namespace `SESSIONS` and the given vars. The module is listed explicitly, as
 * `wrangler dev` does (miniflare's own module walk refuses any computed `import()`).
 */
export async function startWorker(bundle: WorkerBundle, vars: Record<string, string>): Promise<RunningServer & { log: string[] }> {
  const { Miniflare, Log, LogLevel } = await import("miniflare");
  const log: string[] = [];
  class CapturingLog extends Log {
    constructor() {
      super(LogLevel.INFO);
    }
    override log(message: string): void {
      log.push(message);
    }
  }
  const worker = new Miniflare({
    modules: [{ type: "ESModule", path: bundle.path }],
    modulesRoot: dirname(bundle.path),
    compatibilityDate: "2026-04-01",
    kvNamespaces: ["SESSIONS"],
    bindings: vars,
    host: "127.0.0.1",
    port: 0,
    log: new CapturingLog(),
    handleRuntimeStdio(stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) {
      stdout.on("data", (chunk: Buffer) => log.push(String(chunk)));
      stderr.on("data", (chunk: Buffer) => log.push(String(chunk)));
    },
  });
  const url = await worker.ready.catch(async (error: unknown) => {
    await worker.dispose().catch(() => {});
    throw new Error(`workerd did not start: ${String(error)}\n${log.join("")}`);
  });
  return { url: url.href.replace(/\/$/, ""), log, close: () => worker.dispose() };
}
