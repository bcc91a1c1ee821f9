import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/example-app";
import { buildExample, EXAMPLE_DIR, startExample, type SvelteKitApp } from "./helpers/sveltekit-example";
import { ADAPTER_SECRET, describeAdapter } from "./suites/adapter-suite";
import { driveExample } from "./suites/example-flow";

// examples/sveltekit on SvelteKit 3 (which needs Node >= 22.17; this repository runs on Node 20).
// test/fixtures/sveltekit-3 holds kit 3, adapter-node 6 and a Node 22 binary (the `node` npm
// package), installed by .ci/run with `npm ci --prefix test/fixtures/sveltekit-3`. The example is
// copied next to them, so its imports resolve to kit 3, with two kit-3 changes: the aliases to
// this repository's source made absolute, and src/env.ts declaring the variables it reads.

const FIXTURE = `${ROOT}test/fixtures/sveltekit-3/`;
const KIT_3_APP: SvelteKitApp = { dir: `${FIXTURE}app/`, node: `${FIXTURE}node_modules/node/bin/node`, vite: `${FIXTURE}node_modules/vite/bin/vite.js` };

function unavailable(): string | undefined {
  const kit = `${FIXTURE}node_modules/@sveltejs/kit/package.json`;
  if (!existsSync(kit) || !existsSync(KIT_3_APP.node)) return `${FIXTURE}node_modules is missing: run \`npm ci --prefix test/fixtures/sveltekit-3\``;
  const major = (JSON.parse(readFileSync(kit, "utf8")) as { version: string }).version.split(".")[0];
  return major === "3" ? undefined : `the fixture holds @sveltejs/kit ${major}, not 3`;
}

/** Copies examples/sveltekit into the fixture, adapted to kit 3 (see above). */
function copyExample(): void {
  rmSync(KIT_3_APP.dir, { recursive: true, force: true });
  for (const part of ["src", "package.json"]) cpSync(`${EXAMPLE_DIR}${part}`, `${KIT_3_APP.dir}${part}`, { recursive: true });
  const config = readFileSync(`${EXAMPLE_DIR}vite.config.js`, "utf8").replaceAll('"../../', `"${ROOT}`);
  writeFileSync(`${KIT_3_APP.dir}vite.config.js`, config);
  cpSync(`${FIXTURE}env.ts`, `${KIT_3_APP.dir}src/env.ts`);
}

const skip = unavailable();
if (skip) console.warn(`\n*** SKIPPED the SvelteKit 3 tests: ${skip} ***\n`);

describe.skipIf(skip !== undefined)("SvelteKit 3 (Node 22)", () => {
  beforeAll(async () => {
    copyExample();
    await buildExample(KIT_3_APP);
  }, 180_000);

  describeAdapter({
    name: "SvelteKit 3 handleSession",
    start: (_sessions, config) => startExample(config, KIT_3_APP),
  });

  it("runs the example's flow on kit 3 and Node 22", async () => {
    const server = await startExample({ secrets: [ADAPTER_SECRET], storage: "memory:" }, KIT_3_APP);
    try {
      await driveExample(server.url, { forms: { count: "/?/count", login: "/?/login", logout: "/?/logout" } });
    } finally {
      await server.close();
    }
  });

  it("built with kit 3", () => {
    const version = (JSON.parse(readFileSync(`${KIT_3_APP.dir}../node_modules/@sveltejs/kit/package.json`, "utf8")) as { version: string }).version;
    expect(version).toMatch(/^3\./);
    expect(readFileSync(`${KIT_3_APP.dir}build/index.js`, "utf8")).toBeTruthy();
  });
});
