// Runs in every test worker: wraps `defineSessions` so that, across the whole suite, every
// event payload, every commit error message, and every token the server issues is recorded.
// test/setup/leak-check.ts then checks at the end that no token or id ever appears in an
// event or an error message.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { inject, vi } from "vitest";

vi.mock("../../src/index", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/index")>();
  const file = join(inject("leakDir"), `worker-${process.pid}.jsonl`);
  const record = (kind: "event" | "error" | "token", value: string) => appendFileSync(file, `${JSON.stringify({ kind, value })}\n`);
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
