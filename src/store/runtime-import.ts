import { SessionConfigError } from "../errors";

/**
 * Imports a module whose specifier is only known at run time. Bundlers (esbuild, wrangler,
 * Vite) cannot follow a computed `import()`, and that is the point: a driver named by string
 * (`"redis://…"`, `{ driver: "fs" }`) and ioredis for `broadcast` stay out of every bundle
 * unless the app uses them. Runtimes with a module resolver (Node, Bun, Deno) load them from
 * node_modules; a bundle without one (a Worker) passes the driver factory itself instead.
 */
export function importAtRuntime(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

/**
 * The package a failed import could not find (`"ioredis"` from Node's `Cannot find package
 * 'ioredis' imported from …`, Bun's and Deno's wording alike), or `undefined` when the error is
 * something else (workerd's "No such module" is a bundle without node_modules, not a missing package).
 */
export function missingPackage(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /(?:Cannot find (?:package|module)|Could not find (?:package|module)|Could not resolve)\s+["'`]?([^"'`\s]+)["'`]?/i.exec(message);
  if (!quoted && code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  const specifier = quoted?.[1] ?? "";
  // A bare specifier's package: "ioredis", "@upstash/redis"; a path inside node_modules names its package too.
  const bare = /(?:^|node_modules\/)((?:@[^/]+\/)?[^/]+)/.exec(specifier.replace(/^npm:/, ""));
  return bare?.[1];
}

/**
 * Turns a failed import of `what` (a driver or ioredis) into the error a user can act on: a
 * `SessionConfigError` that names the missing package and the install command, or
 * `undefined` when the import failed for another reason.
 */
export function missingPackageError(error: unknown, what: string): SessionConfigError | undefined {
  const name = missingPackage(error);
  if (!name || name.startsWith(".") || name.startsWith("/") || name === "unstorage") return undefined;
  return new SessionConfigError(
    `sessionkit: ${what} needs the "${name}" package, which is not installed. Run \`npm install ${name}\` (it is an optional peer dependency).`,
    { cause: error },
  );
}
