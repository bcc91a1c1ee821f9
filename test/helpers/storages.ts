import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import { inject } from "vitest";
import type { StorageOption } from "../../src/index";

/** One way to store sessions, for tests that must hold on every storage. */
export interface StorageCase {
  name: string;
  /** A fresh storage option (its own temp dir, Redis prefix, …). */
  storage: () => StorageOption;
  /** Records live on the server (not `"cookie"`). */
  serverSide: boolean;
  /** Skip reason, when the backend is missing here. */
  skip?: string;
}

const redisUrl = inject("redisUrl");
let fsRoot: string | undefined;
let counter = 0;

/** A temp folder for fs storages, removed by {@link cleanupStorages}. */
function fsDir(): string {
  fsRoot ??= mkdtempSync(join(tmpdir(), "sessionkit-cases-"));
  return join(fsRoot, String(counter++));
}

/**
 * Memory, fs, Redis through sessionkit's own store, Redis through a plain unstorage instance,
 * and `"cookie"`: every storage a guarantee must hold on.
 */
export const storageCases: StorageCase[] = [
  { name: "memory", storage: () => "memory:", serverSide: true },
  { name: "fs", storage: () => `file:${fsDir()}`, serverSide: true },
  {
    name: "redis",
    storage: () => ({ driver: "redis", url: redisUrl, base: `cases${process.pid}-${counter++}` }),
    serverSide: true,
    skip: redisUrl ? undefined : "no Redis available",
  },
  {
    name: "redis via unstorage instance",
    storage: () => createStorage({ driver: redisDriver({ url: redisUrl, base: `casesu${process.pid}-${counter++}` }) }),
    serverSide: true,
    skip: redisUrl ? undefined : "no Redis available",
  },
  { name: "cookie", storage: () => "cookie", serverSide: false },
];

/** Removes the fs storages' temp folder. */
export function cleanupStorages(): void {
  if (fsRoot) rmSync(fsRoot, { recursive: true, force: true });
  fsRoot = undefined;
}
