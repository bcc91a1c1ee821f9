import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Both copies of the built package, as an app that mixes `import` and `require` loads them.
const require = createRequire(import.meta.url);
const cjs = require("../dist/index.cjs") as unknown as typeof import("../src/index");
const esm = (await import("../dist/index.js")) as unknown as typeof import("../src/index");
const hono = (await import("../dist/adapters/hono.js")) as unknown as typeof import("../adapters/hono");

describe("errors are recognised by brand and name, not instanceof (ESM and CJS copies side by side)", () => {
  it("a storage error from the CJS copy is a 503 for the ESM copy", () => {
    const error = new cjs.SessionStorageError("read", "redis did not answer within 300 ms");
    expect(error instanceof esm.SessionStorageError).toBe(false); // two classes…
    expect(esm.isSessionError(error)).toBe(true); // …one brand
    expect(esm.isStorageError(error)).toBe(true);
    expect(esm.storageUnavailable(error)?.status).toBe(503);
    expect(esm.storageUnavailable(new Error("other"))).toBeUndefined();
    expect(esm.isStorageError(new cjs.SessionConfigError("sessionkit: x"))).toBe(false);
  });

  it("the ESM Hono adapter answers 503 for sessions made by the CJS copy when storage is down", async () => {
    const { Hono } = await import("hono");
    const sessions = cjs.defineSessions({ secrets: "error-identity-secret-0123456789-abcdefgh", storage: "redis://127.0.0.1:1", storageTimeout: 200 });
    const app = new Hono();
    app.use(hono.session(sessions as never));
    app.get("/", async (c) => c.text(String(await c.get("session").get("n"))));
    const response = await app.request("http://x/", { headers: { cookie: "sid=x" } });
    // No valid token: nothing to read, so no storage call (the point is the next request).
    expect(response.status).toBe(200);
    const writer = new Hono();
    writer.use(hono.session(sessions as never));
    writer.get("/", (c) => (c.get("session").set("n", 1), c.text("ok")));
    const failed = await writer.request("http://x/");
    expect(failed.status).toBe(503);
    expect(failed.headers.getSetCookie()).toEqual([]);
    await sessions.close();
  });
});
