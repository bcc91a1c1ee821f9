// Runs in every test worker: wraps `defineSessions` so that, across the whole suite, every
// event payload, every commit error message, every token the server issues and every value
// the app stores is recorded.
// test/setup/leak-check.ts then checks at the end that no token, id or stored value ever
// appears in an event or an error message.
import { openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { inject, vi } from "vitest";

vi.mock("../../src/index", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/index")>();
  const file = join(inject("leakDir"), `worker-${process.pid}.jsonl`);
  let fd: number | undefined; // kept open: a test that makes 100,000 sessions appends 200,000 lines
  const record = (kind: "event" | "error" | "token" | "value", value: string) =>
    writeSync((fd ??= openSync(file, "a")), `${JSON.stringify({ kind, value })}\n`);
  /** Stored values the app set: every string in them long and word-like enough to be unmistakable. */
  const recordValues = (value: unknown, depth = 0): void => {
    if (typeof value === "string") {
      if (value.length >= 16 && !/\s/.test(value)) record("value", value);
    } else if (value && typeof value === "object" && depth < 4) {
      for (const item of Object.values(value)) recordValues(item, depth + 1);
    }
  };
  const watchWrites = (target: { set(key: string, value: unknown): void }) => {
    const set = target.set.bind(target);
    Object.defineProperty(target, "set", {
      value: (key: string, value: unknown) => (recordValues(value), set(key, value)),
      enumerable: false,
      configurable: true,
      writable: true,
    });
  };
  const tokensOf = (response: Response, header: string | undefined) => {
    // Remix v2's installGlobals() Headers has no getSetCookie (test/adapter-remix.test.ts runs under it).
    const headers = response.headers as Headers & { raw?(): Record<string, string[] | undefined> };
    const lines = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : (headers.raw?.()["set-cookie"] ?? []);
    for (const line of lines) {
      const value = line.slice(line.indexOf("=") + 1).split(";")[0]!;
      if (value) record("token", value);
    }
    const fromHeader = header ? response.headers.get(header) : null;
    if (fromHeader) record("token", fromHeader);
  };
  const defineSessions: typeof real.defineSessions = (options) => {
    const userOnEvent = options.onEvent;
    const sessions = real.defineSessions({
      ...options,
      onEvent(event) {
        record("event", JSON.stringify(event));
        userOnEvent?.(event);
      },
    });
    const createSessionHandler = sessions.createSessionHandler.bind(sessions);
    sessions.createSessionHandler = (request) => {
      const handler = createSessionHandler(request);
      watchWrites(handler.session);
      watchWrites(handler.session.client);
      const commit = handler.commit;
      handler.commit = async (response) => {
        try {
          const committed = await commit(response);
          tokensOf(committed, options.header);
          return committed;
        } catch (error) {
          record("error", `${String((error as Error)?.message)} ${String((error as Error)?.cause ?? "")}`);
          throw error;
        }
      };
      return handler;
    };
    return sessions;
  };
  return { ...real, defineSessions };
});
