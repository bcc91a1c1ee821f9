import { missingPackageError } from "./runtime-import";

type Resolver = { resolve(specifier: string): string };
type ModuleBuiltin = { createRequire(from: string): Resolver };

/**
 * Checks at `defineSessions` that a driver's peer package can be found (ioredis for "redis"),
 * so a missing install fails at start-up rather than on the first request. Synchronous and
 * bundle-safe: it asks the runtime's own resolver (`process.getBuiltinModule("node:module")`,
 * Node ≥ 20.16, Bun, Deno) to find the driver module from where sessionkit will import it,
 * then the peer from there — exactly the lookup the import will do. Where that resolver is
 * missing (Workers, older Node) or answers anything but "not found", it says nothing and the
 * import on first use reports the same `SessionConfigError`.
 */
export function missingPeerAtDefine(driverModule: string, peer: string, what: string): Error | undefined {
  const resolver = moduleResolver();
  if (!resolver) return undefined;
  let driverPath: string;
  try {
    driverPath = resolver.createRequire(here()).resolve(driverModule);
  } catch {
    return undefined; // the driver itself: left to the import, which explains it
  }
  try {
    resolver.createRequire(driverPath).resolve(peer);
    return undefined;
  } catch (error) {
    return missingPackageError(error, what);
  }
}

function moduleResolver(): ModuleBuiltin | undefined {
  try {
    const builtin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule?.("node:module");
    return typeof (builtin as ModuleBuiltin | undefined)?.createRequire === "function" ? (builtin as ModuleBuiltin) : undefined;
  } catch {
    return undefined;
  }
}

/** This module's own location (the CJS build has `__filename`, the ESM build `import.meta.url`). */
function here(): string {
  return typeof __filename === "string" ? __filename : import.meta.url;
}
