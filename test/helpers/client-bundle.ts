import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ENTRY = fileURLToPath(new URL("../../src/client.ts", import.meta.url));

/** `sessionkit/client` from the current source as one browser ES module (what a bundler would ship). */
export async function clientModule(): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], bundle: true, format: "esm", target: "es2022", write: false, logLevel: "silent" });
  return result.outputFiles[0]!.text;
}
