// Type-level check of src/storage-like.ts, run by `tsc --noEmit`: an unstorage instance fits the
// `storage` option although the published types no longer import unstorage.
import { createStorage, type Storage } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";
import { expectTypeOf } from "vitest";
import { defineSessions, type StorageInstance } from "../src/index";

expectTypeOf<Storage>().toMatchTypeOf<StorageInstance>();
expectTypeOf<Storage<{ a: number }>>().toMatchTypeOf<StorageInstance>();
defineSessions({ secrets: ["storage-instance-type-secret-0123456789"], storage: createStorage({ driver: memoryDriver() }) });
// @ts-expect-error not a storage: no getItem/setItem
defineSessions({ secrets: ["storage-instance-type-secret-0123456789"], storage: { getItem: () => null } });
