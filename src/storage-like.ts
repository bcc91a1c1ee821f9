// The shape of an unstorage `Storage` that sessionkit calls, spelled out so the published types
// need not import "unstorage": unstorage's own declarations import every driver's options (Azure,
// MongoDB, Vercel, …), so an app type-checked with `skipLibCheck: false` would need all of those
// packages installed. Any `createStorage({ driver })` instance fits this shape.

/** An unstorage `Storage` instance (`createStorage(...)` from "unstorage"), as far as sessionkit uses it. */
export interface StorageInstance {
  /** Reads a value (unstorage parses JSON it stored). */
  getItem(key: string, options?: Record<string, any>): Promise<unknown>;
  /** Writes a value; sessionkit passes `{ ttl }` in seconds for drivers that expire records. */
  setItem(key: string, value: any, options?: Record<string, any>): Promise<void>;
  /** Deletes a value. */
  removeItem(key: string, options?: any): Promise<void>;
  /** Lists keys under a base. */
  getKeys(base?: string, options?: Record<string, any>): Promise<string[]>;
  /** Releases the drivers' connections. */
  dispose(): Promise<void>;
}

/**
 * An unstorage driver as its factory returns it (`cloudflareKVBinding({ binding })`), by shape:
 * sessionkit's published types import nothing from unstorage.
 */
export interface DriverLike {
  /** The driver's name, e.g. `"cloudflare-kv-binding"`. */
  name?: string;
  getItem(key: string, options?: any): unknown;
  setItem?(key: string, value: string, options?: any): unknown;
}
