import { afterAll, beforeAll, describe, it } from "vitest";
import { bin, linkPackage, ROOT, runStep, startServer, type ExampleServer, type RunningExample } from "./helpers/example-app";
import { BUN_BINARY, bunUnavailable } from "./helpers/bun-process";
import { ADAPTER_SECRET } from "./suites/adapter-suite";
import { driveExample, type ExampleFlowOptions } from "./suites/example-flow";

// Each app in examples/ built with its own build command and run as its own server process, then
// driven over HTTP through the same flow (test/suites/example-flow.ts). `sessionkit` resolves by
// name to this repository's dist/ (see linkPackage). examples/sveltekit runs in
// test/adapter-sveltekit.test.ts, which builds it once for both.

/** One app in examples/ and how to build and start it. */
interface Example {
  /** Its folder in examples/. */
  name: string;
  /** Build steps (command, args), run in the example's folder. */
  build: [string, string[]][];
  start: Omit<ExampleServer, "cwd">;
  /** Whether `tsc -p tsconfig.json` in its folder must pass (its types are part of the example). */
  typecheck?: boolean;
  /** Where the flow must allow for the framework (see ExampleFlowOptions). */
  flow?: ExampleFlowOptions;
  /** Why it cannot run here, if it cannot. */
  unavailable?: () => string | undefined;
}

const node = process.execPath;
const examples: Example[] = [
  { name: "hono", build: [], start: { command: node, args: ["--import", "tsx", "src/server.ts"] }, typecheck: true },
  { name: "bun", build: [], start: { command: BUN_BINARY, args: ["server.ts"] }, unavailable: bunUnavailable },
  {
    name: "remix",
    build: [[node, [bin("@remix-run/dev/dist/cli.js"), "build"]]],
    // remix-serve installs Remix's own fetch globals (no v3_singleFetch): the case of issue 12
    start: { command: node, args: [bin("@remix-run/serve/dist/cli.js"), "./build/index.js"] },
    typecheck: true,
    // A loader returning plain data (a flash read changes no cookie) has no headers for the
    // route's `headers` export to pass on, so Remix's page carries no `Vary: Cookie`.
    flow: { varyOnPages: false },
  },
  {
    name: "react-router",
    build: [[node, [bin("@react-router/dev/bin.js"), "build"]]],
    start: { command: node, args: [bin("@react-router/serve/bin.js"), "./build/server/index.js"] },
    typecheck: true,
    // commitSession hands back a Set-Cookie line only: the drop-in API has no place for Vary.
    flow: { varyOnPages: false },
  },
];

/** Seconds per example, printed at the end: what each one costs `npm test`. */
const costs: string[] = [];
beforeAll(linkPackage);
afterAll(() => console.log(`examples (build + run, seconds):\n${costs.join("\n")}`));

for (const example of examples) {
  const cwd = `${ROOT}examples/${example.name}`;
  const skip = example.unavailable?.();
  if (skip) console.warn(`\n*** SKIPPED examples/${example.name}: ${skip} ***\n`);
  describe.skipIf(skip !== undefined)(`examples/${example.name}`, () => {
    let server: RunningExample;
    let built = 0;
    let started = 0;
    beforeAll(async () => {
      for (const [command, args] of example.build) built += await runStep(command, args, cwd);
      const t0 = performance.now();
      server = await startServer({ ...example.start, cwd }, ADAPTER_SECRET);
      started = (performance.now() - t0) / 1000;
    }, 180_000);
    afterAll(() => server?.close());

    it("counts, signs in with a new id and an owner, flashes once after the redirect, signs out", async () => {
      const t0 = performance.now();
      try {
        await driveExample(server.url, example.flow);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output()}`, { cause: error });
      } finally {
        const ran = (performance.now() - t0) / 1000;
        costs.push(`  ${example.name.padEnd(13)} build ${built.toFixed(1)}  start ${started.toFixed(1)}  flow ${ran.toFixed(1)}`);
      }
    });

    if (example.typecheck) {
      it("type-checks (tsc)", async () => {
        const took = await runStep(node, [bin("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"], cwd);
        costs.push(`  ${example.name.padEnd(13)} tsc ${took.toFixed(1)}`);
      }, 60_000);
    }
  });
}
