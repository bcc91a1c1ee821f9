// Types as npm delivers them: the package is packed, unpacked into a temporary app that sees only
// the tarball, sessionkit's dependencies, typescript and the case's own packages, and each case's
// app is type-checked with `skipLibCheck` true and false. `@ts-expect-error` lines and exact
// `Equal` checks fail if a type silently became `any` (as it did while the .d.ts imported a
// devDependency). Needs the build (`npm test` runs it first).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { promisify } from "node:util";
import { DENO_BINARY, denoUnavailable } from "./helpers/deno-process";
import { createApp, importedModules, packageOf, packInto, ROOT, tarballFiles, typecheck } from "./helpers/npm-app";

const FIXTURES = join(ROOT, "test", "fixtures", "npm-types");
const BUILT = existsSync(join(ROOT, "dist", "index.d.ts"));
if (!BUILT) console.warn("\n*** npm-types: dist/ is missing, so these tests are skipped. Run `npm run build` (npm test does). ***\n");

/**
 * The apps: the core alone (only valibot and typescript besides the tarball), then the adapters
 * in one app with their frameworks (one program, so valibot's 600 KB of declarations are
 * checked once more, not once per framework).
 */
const APPS = [
  { name: "core, with valibot only", fixture: "core", packages: ["typescript", "valibot"] },
  {
    name: 'Hono c.get("session") / c.var.session, SvelteKit event.locals.session, React Router createSessionStorage / withSession',
    fixture: "frameworks",
    packages: ["typescript", "valibot", "hono", "@sveltejs/kit", "react-router", "@types/react"],
  },
] as const;

/** The `.tgz` files in the repository root, with their size and modification time. */
async function rootTarballs(): Promise<string[]> {
  const names = (await readdir(ROOT)).filter((name) => name.endsWith(".tgz")).sort();
  return Promise.all(names.map(async (name) => {
    const { size, mtimeMs } = await stat(join(ROOT, name));
    return `${name} ${size} ${mtimeMs}`;
  }));
}

const noDeno = denoUnavailable();
if (BUILT && noDeno) console.warn(`\n*** npm-types: the Deno type check is skipped: ${noDeno}. ***\n`);

describe.skipIf(!BUILT)("types from the packed package", () => {
  let work: string;
  let tarball: string;
  let rootTarballsBefore: string[];

  beforeAll(async () => {
    rootTarballsBefore = await rootTarballs();
    work = await mkdtemp(join(tmpdir(), "sessionkit-npm-types-"));
    tarball = await packInto(work);
  }, 60_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("packs dist/, LICENSE, README.md and package.json only, and neither leaves nor touches a tarball in the repository root", async () => {
    const files = await tarballFiles(tarball);
    expect(files.filter((file) => !file.startsWith("dist/")).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain("dist/index.d.cts");
    expect(await rootTarballs()).toEqual(rootTarballsBefore);
  });

  it("ships declarations that import only its dependencies and optional peers", async () => {
    const app = join(work, "imports");
    await createApp(app, tarball, join(FIXTURES, "core"), []);
    const own = join(app, "node_modules", "sessionkit");
    const manifest = JSON.parse(await readFile(join(own, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
    const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const declarations = (await readdir(join(own, "dist"), { recursive: true })).filter((file) => /\.d\.c?ts$/.test(file));
    expect(declarations.length).toBeGreaterThan(10);
    const imported = new Map<string, string>();
    for (const file of declarations) {
      for (const specifier of importedModules(await readFile(join(own, "dist", file), "utf8"))) imported.set(packageOf(specifier), file);
    }
    expect([...imported.keys()].sort()).toContain("unstorage");
    // sessionkit/node is for Node servers (Express, Connect, node:http): its users have @types/node.
    const nodeOnly = (name: string, file: string) => name.startsWith("node:") && /^adapters\/node\.d\.c?ts$/.test(file);
    for (const [name, file] of imported) expect(allowed.has(name) || nodeOnly(name, file), `dist/${file} imports "${name}", which users do not get`).toBe(true);
  });

  // The four tsc runs are CPU-bound and the rest of the suite mostly waits on sockets and
  // processes: run them side by side (it.concurrent, and both settings of an app at once).
  for (const testCase of APPS) {
    it.concurrent(`${testCase.name}: get returns the schema's type, a wrong value or an unknown key is an error (skipLibCheck true and false)`, async ({ expect }) => {
      const app = join(work, testCase.fixture);
      await createApp(app, tarball, join(FIXTURES, testCase.fixture), testCase.packages);
      const runs = [true, false].map(async (skipLibCheck) => {
        const tsconfig = `tsconfig.skipLibCheck-${skipLibCheck}.json`;
        await writeFile(join(app, tsconfig), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { skipLibCheck } }));
        return { tsconfig, ...(await typecheck(app, tsconfig)) };
      });
      for (const { tsconfig, code, output } of await Promise.all(runs)) {
        expect(output, `tsc -p ${tsconfig} in the ${testCase.fixture} app`).toBe("");
        expect(code).toBe(0);
      }
    }, 300_000); // tsc needs ≈ 10 s (core) and 20 s (frameworks) of CPU; a loaded machine stretches that
  }

  // Deno reads the same declarations through node_modules (`nodeModulesDir: "manual"`, as after
  // `npm install`); only a symlink to the repository's dist/ (the examples' link) breaks its
  // `./types-….js` → `.d.ts` lookup, which a packed install does not have.
  it.skipIf(noDeno)("deno check: the core app's exact types and @ts-expect-error lines hold under Deno too", async () => {
    const app = join(work, "deno");
    await createApp(app, tarball, join(FIXTURES, "core"), ["valibot"]);
    await writeFile(join(app, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
    const files = (await readdir(join(app, "src"))).filter((file) => file.endsWith(".ts")).map((file) => join("src", file));
    const checked = await promisify(execFile)(DENO_BINARY, ["check", "--sloppy-imports", "--quiet", ...files], {
      cwd: app, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", DENO_DIR: join(work, "deno-dir"), NO_COLOR: "1" } as unknown as NodeJS.ProcessEnv, timeout: 120_000,
    }).then(({ stdout, stderr }) => stdout + stderr, (error: { stdout?: string; stderr?: string; message: string }) => `${error.stdout ?? ""}${error.stderr ?? error.message}`);
    expect(files).toContain("src/sessions.ts");
    expect(checked.trim()).toBe("");
  }, 180_000);
});
