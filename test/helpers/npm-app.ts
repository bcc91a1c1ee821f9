// A throwaway app that sees sessionkit only as npm delivers it: the packed tarball, unpacked into
// the app's node_modules, next to the packages a test names (linked from this repository's
// node_modules) and sessionkit's own dependencies. Nothing else of the repository is visible.
import { execFile } from "node:child_process";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `npm pack` into `destination` (never the repository root); resolves to the tarball's path. */
export async function packInto(destination: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", destination], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  return join(destination, packed!.filename);
}

/** The paths inside a tarball (without npm's `package/` prefix). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", tarball], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split("\n").filter(Boolean).map((path) => path.replace(/^package\//, ""));
}

/**
 * Lays out an app in `dir`: `fixture`'s files, `node_modules/sessionkit` unpacked from
 * `tarball`, and symlinks to this repository's copies of `packages` and of sessionkit's
 * `dependencies` (what `npm install` would add). Peer and dev dependencies are not linked.
 */
export async function createApp(dir: string, tarball: string, fixture: string, packages: readonly string[]): Promise<void> {
  const own = join(dir, "node_modules", "sessionkit");
  await mkdir(own, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", own, "--strip-components=1"]);
  const manifest = JSON.parse(await readFile(join(own, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const name of new Set([...packages, ...Object.keys(manifest.dependencies ?? {})])) {
    const link = join(dir, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(ROOT, "node_modules", name), link, "dir");
  }
  await cp(fixture, dir, { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "npm-types-app", private: true, type: "module" }));
}

/** Runs the app's `tsc -p <tsconfig>`; resolves to its exit code and output. */
export async function typecheck(dir: string, tsconfig: string): Promise<{ code: number; output: string }> {
  const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, "-p", tsconfig, "--pretty", "false"], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** The bare module specifiers a declaration file imports or references (`import … from "x"`, `import("x")`, `/// <reference types="x">`). */
export function importedModules(declarations: string): string[] {
  const found = new Set<string>();
  const patterns = [/\bfrom\s+["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g, /^\s*import\s+["']([^"']+)["']/gm, /<reference\s+types=["']([^"']+)["']/g];
  for (const pattern of patterns) for (const match of declarations.matchAll(pattern)) found.add(match[1]!);
  return [...found].filter((specifier) => !specifier.startsWith("."));
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}
