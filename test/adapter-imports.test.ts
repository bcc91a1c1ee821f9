import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Framework packages are optional peers: the Remix / React Router and SvelteKit adapters (and the
// helpers they share) may mention them in types only, so `sessionkit` and even
// `sessionkit/remix` load without them installed.

const ROOT = new URL("../", import.meta.url).pathname;
const FRAMEWORKS = /^(react-router|@react-router\/|@remix-run\/|@sveltejs\/|svelte)/;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

/** Module specifiers a file imports at runtime (not `import type`, not `type`-only named lists). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+["']([^"']+)["']/gm)) {
    const [, , typeOnly, clause = "", specifier = ""] = match;
    const allTypes = /^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(",").every((part) => /^\s*(type\s|$)/.test(part));
    if (!typeOnly && !allTypes) found.push(specifier);
  }
  for (const match of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(match[1]!);
  return found;
}

describe("framework packages stay optional", () => {
  const files = ["adapters/remix.ts", "adapters/sveltekit.ts", ...sources("adapters/remix"), ...sources("adapters/internal"), ...sources("src")];
  it("the core and the Remix / React Router / SvelteKit adapters import no framework at runtime", () => {
    const offenders = files.flatMap((file) =>
      runtimeImports(readFileSync(join(ROOT, file), "utf8"))
        .filter((specifier) => FRAMEWORKS.test(specifier))
        .map((specifier) => `${file} → ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("the check sees a runtime import and lets type-only ones pass", () => {
    expect(runtimeImports('import { redirect } from "@sveltejs/kit";\nimport type { Handle } from "@sveltejs/kit";')).toEqual(["@sveltejs/kit"]);
    expect(runtimeImports('import { type Handle, type RequestEvent } from "@sveltejs/kit";')).toEqual([]);
  });
});
