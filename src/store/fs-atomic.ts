import { promises as fsp } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createId } from "../token/random";

/** Suffix of the temporary files an atomic write renames into place; listing ignores them. */
const TEMP_SUFFIX = ".sessionkit-tmp";

/** Options of unstorage's fs driver that this wrapper reads or extends. */
interface FsDriverOptions {
  base?: unknown;
  ignore?: unknown;
  [option: string]: unknown;
}

/**
 * unstorage's fs driver writes with `fs.writeFile`, which truncates the file before it writes:
 * a read in between (another request loading the same session) sees an empty file, a corrupt
 * record, and the session would fork. This makes every write atomic — a temporary file beside
 * the target, then `rename` over it — so a reader sees the old record or the new one, never
 * half. Temporary files are left out of key listings.
 */
export function atomicFsOptions(options: FsDriverOptions): FsDriverOptions {
  const ignore = Array.isArray(options.ignore) ? options.ignore : ["**/node_modules/**", "**/.git/**"];
  return { ...options, ignore: [...ignore, `**/*${TEMP_SUFFIX}`] };
}

/** Replaces the fs driver's `setItem` with a write-then-rename of the same path. */
export function withAtomicWrites<D extends { setItem?: (key: string, value: string) => unknown }>(driver: D, options: FsDriverOptions): D {
  if (typeof options.base !== "string") return driver;
  const base = resolve(options.base);
  const original = driver.setItem?.bind(driver);
  return {
    ...driver,
    async setItem(key: string, value: string) {
      // The driver's own key check (no `..` segments) runs first, through a call that writes nothing.
      if (/\.\.:|\.\.$/.test(key) || original === undefined) return original?.(key, value);
      const path = join(base, key.replace(/:/g, "/"));
      const temp = `${path}.${createId()}${TEMP_SUFFIX}`;
      await fsp.mkdir(dirname(path), { recursive: true });
      try {
        await fsp.writeFile(temp, value, "utf8");
        await fsp.rename(temp, path);
      } catch (error) {
        await fsp.unlink(temp).catch(() => {});
        throw error;
      }
    },
  };
}
