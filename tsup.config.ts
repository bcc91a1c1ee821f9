import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    client: "src/client.ts",
    "adapters/hono": "adapters/hono.ts",
    "adapters/remix": "adapters/remix.ts",
    "adapters/sveltekit": "adapters/sveltekit.ts",
    "adapters/bun": "adapters/bun.ts",
    "adapters/node": "adapters/node.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  splitting: true, // off by default for CJS: without it every adapter would inline its own copy of the core
  treeshake: true,
});
