import { builtinDrivers, type Driver } from "unstorage";
import type { DriverLike } from "../storage-like";
import { SessionConfigError } from "../errors";
import { importAtRuntime, missingPackage, missingPackageError } from "./runtime-import";

/** An unstorage driver factory, e.g. the default export of `unstorage/drivers/cloudflare-kv-binding` (by shape: the published types import nothing from unstorage). */
export type DriverFactory = (options: any) => DriverLike;

/** The factory as sessionkit calls it: what it returns is an unstorage driver. */
export type LoadedDriverFactory = (options: any) => Driver;

/** A driver picked by configuration, not yet loaded. */
export interface DriverSource {
  /** The driver's name as users wrote it, for messages (`"redis"`, `"cloudflare-kv-binding"`, or the factory's). */
  readonly name: string;
  /** Loads the factory: at once when the app passed it, else by importing the driver's module. */
  load(): Promise<LoadedDriverFactory>;
}

/**
 * Where a driver comes from. Two forms:
 *
 * - **a factory** (`{ driver: cloudflareKVBinding, binding: env.SESSIONS }`): the app's own
 *   `import cloudflareKVBinding from "unstorage/drivers/cloudflare-kv-binding"` is what a
 *   bundler follows, so the bundle holds that driver and no other. The form for Workers and
 *   any other bundled deployment.
 * - **a name** (`{ driver: "fs" }`, and every storage URL): the module
 *   `unstorage/drivers/<name>` is imported at run time by a computed specifier that no bundler
 *   follows (a literal one would put ioredis, Node built-ins or every optional driver into
 *   every bundle). It needs a runtime that resolves packages from node_modules: Node, Bun,
 *   Deno, a Vite SSR server with its node_modules.
 *
 * An unknown name throws `SessionConfigError` listing the known ones, here, synchronously.
 */
export function driverSource(driver: unknown): DriverSource {
  if (typeof driver === "function") {
    const factory = driver as unknown as LoadedDriverFactory;
    // Until it is created, a factory is known by its function name; unstorage's are anonymous.
    const name = factory.name && factory.name !== "driver" ? factory.name : "custom driver";
    return { name, load: async () => factory };
  }
  if (typeof driver !== "string") {
    throw new SessionConfigError(
      "sessionkit: `storage.driver` must be an unstorage driver name (\"fs\", \"redis\", …) or a driver factory " +
        '(`import cloudflareKVBinding from "unstorage/drivers/cloudflare-kv-binding"`).',
    );
  }
  const modulePath = (builtinDrivers as Record<string, string>)[driver];
  if (!modulePath) {
    const known = Object.keys(builtinDrivers).filter((key) => key.includes("-") || key === key.toLowerCase());
    throw new SessionConfigError(`sessionkit: unknown storage driver "${driver}". Known drivers: ${known.sort().join(", ")}.`);
  }
  return {
    name: driver,
    async load() {
      let module: { default?: unknown };
      try {
        module = (await importAtRuntime(modulePath)) as { default?: unknown };
      } catch (error) {
        throw loadError(error, driver, modulePath);
      }
      if (typeof module.default !== "function") {
        throw new SessionConfigError(`sessionkit: ${modulePath} has no default export to create the "${driver}" driver. Check the installed unstorage version (^1.17).`);
      }
      return module.default as LoadedDriverFactory;
    },
  };
}

/** The error for a driver module that did not load: a missing peer, no module loader, or the import's own failure. */
function loadError(error: unknown, name: string, modulePath: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  const missingPeer = /No such module/i.test(message) ? undefined : missingPackageError(error, `the "${name}" storage driver`);
  if (missingPeer) return missingPeer; // e.g. ioredis for "redis": `npm install ioredis`
  if (/No such module/i.test(message) || missingPackage(error) === "unstorage") {
    // The driver module itself is out of reach: a bundle (a Worker) has no node_modules to import from.
    return new SessionConfigError(
      `sessionkit: cannot import "${modulePath}" at run time here (a bundled runtime such as Workers has no node_modules). ` +
        `Import the driver and pass the factory: \`import driver from "${modulePath}"\`, then \`storage: { driver, ...options }\`.`,
      { cause: error },
    );
  }
  if ((error as { name?: unknown } | null)?.name === "NotCapable" || /^Requires \w+ access/.test(message)) {
    // Deno refused a permission while the driver loaded (ioredis reads the whole environment at import).
    return new SessionConfigError(
      `sessionkit: the "${name}" storage driver cannot load under Deno's permissions: ${message.replace(/\.$/, "")}. ` +
        (name === "redis" ? "ioredis reads the whole environment: run with --allow-env (see docs/runtimes.md)." : "Grant that permission."),
      { cause: error },
    );
  }
  return error;
}
