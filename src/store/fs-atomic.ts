import { createId } from "../token/random";

/** The parts of node:fs/promises and node:path this uses, reached without a `node:` import. */
interface NodeFs {
  fs: {
    mkdir(path: string, options: { recursive: true }): Promise<unknown>;
    writeFile(path: string, data: string, encoding: "utf8"): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    unlink(path: string): Promise<void>;
  };
  path: { join(...parts: string[]): string; resolve(path: string): string; dirname(path: string): string };
}

function nodeFs(): NodeFs | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (name: string) => any } }).process?.getBuiltinModule;
  if (typeof get !== "function") return undefined;
  return { fs: get("node:fs/promises"), path: get("node:path") };
}

/** The part of unstorage's fs driver this replaces. */
interface FsDriver {
  setItem?(key: string, value: string, options?: unknown): Promise<void> | void;
}

/**
 * Makes the fs driver's writes atomic: write a temporary file beside the base, then rename it
 * over the record. unstorage's fs driver truncates and rewrites in place, so a read in another
 * request or process can see half a record — a "corrupt record", the session lost. With a
 * rename a reader sees the old record or the new one, never a mix. Where node:fs is not
 * reachable (no `process.getBuiltinModule`) the driver is left as it is.
 */
export function atomicFsWrites<D extends FsDriver>(driver: D, base: string): D {
  const node = nodeFs();
  if (!node?.fs || !node.path) return driver;
  const { fs, path } = node;
  const root = path.resolve(base);
  const scratch = path.join(root, ".sessionkit-tmp");
  driver.setItem = async (key: string, value: string) => {
    if (/\.\.:|\.\.$/.test(key)) throw new Error("Invalid key: it should not contain .. segments");
    const target = path.join(root, key.replace(/:/g, "/"));
    await Promise.all([fs.mkdir(path.dirname(target), { recursive: true }), fs.mkdir(scratch, { recursive: true })]);
    const temporary = path.join(scratch, `${createId()}.tmp`);
    await fs.writeFile(temporary, value, "utf8");
    try {
      await fs.rename(temporary, target);
    } catch (error) {
      await fs.unlink(temporary).catch(() => undefined);
      throw error;
    }
  };
  return driver;
}
