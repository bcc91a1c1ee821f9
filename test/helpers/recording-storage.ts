import { createStorage, type Driver } from "unstorage";
import memoryDriver from "unstorage/drivers/memory";

/** One call that reached the driver. */
export interface DriverCall {
  method: string;
  key?: string;
  value?: unknown;
}

/**
 * A real unstorage `Storage` over unstorage's memory driver, with every driver call recorded
 * (method, key, value as the driver received it) so tests can count I/O and inspect what is
 * written at rest.
 */
export function createRecordingStorage() {
  const driver = memoryDriver() as Driver;
  const calls: DriverCall[] = [];
  const recorded: Driver = { ...driver };
  for (const method of ["hasItem", "getItem", "setItem", "removeItem", "getKeys", "clear"] as const) {
    const original = (driver as any)[method];
    if (typeof original !== "function") continue;
    (recorded as any)[method] = (...args: any[]) => {
      calls.push({ method, key: typeof args[0] === "string" ? args[0] : undefined, value: method === "setItem" ? args[1] : undefined });
      return original.apply(driver, args);
    };
  }
  return { storage: createStorage({ driver: recorded }), calls };
}
