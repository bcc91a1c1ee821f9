import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startDemo, type DemoServer } from "./helpers/demo-server";

const redisUrl = inject("redisUrl");
const SECRET = "demo-processes-secret-0123456789abcdef";

/** A POST of a form, as a browser on that origin sends it; returns the session cookie it set. */
async function addToCart(server: DemoServer, product: string, cookie = ""): Promise<string> {
  const response = await fetch(`${server.url}/cart/add`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ product }),
  });
  expect(response.status).toBe(303);
  const set = response.headers.getSetCookie().find((line) => line.startsWith("sid="));
  return set ? set.split(";")[0]! : cookie;
}

/** One server-sent event. */
interface ServerEvent {
  event: string;
  data: string;
}

/** Reads server-sent events from a fetch body; `until` returns the first event that matches, within 10 s. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const seen: ServerEvent[] = [];
  let buffer = "";
  return {
    seen,
    async until(want: (event: ServerEvent) => boolean): Promise<ServerEvent> {
      const timer = setTimeout(() => void reader.cancel(), 10_000);
      try {
        while (true) {
          let end: number;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = { event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data: [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n") };
            seen.push(event);
            if (want(event)) return event;
          }
          const { value, done } = await reader.read();
          if (done) throw new Error(`the event stream ended first; saw ${JSON.stringify(seen)}`);
          buffer += decoder.decode(value, { stream: true });
        }
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => reader.cancel(),
  };
}

describe.skipIf(!redisUrl)("two demo processes on one Redis", { timeout: 60_000 }, () => {
  let dir: string;
  let one: DemoServer;
  let two: DemoServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sessionkit-procs-"));
    const env = { SESSION_STORAGE: redisUrl, SESSION_SECRET: SECRET };
    [one, two] = await Promise.all([startDemo({ cwd: dir, env }), startDemo({ cwd: dir, env })]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("print Redis as their storage and broadcast, and no development-secret note", () => {
    for (const server of [one, two]) {
      expect(server.output()).toContain(`storage: ${redisUrl}`);
      expect(server.output()).toContain(`live updates: across processes through ${redisUrl}`);
      expect(server.output()).not.toContain("development secret");
    }
  });

  it("a session written by one process is read by the other", async () => {
    const cookie = await addToCart(one, "tea");
    expect(cookie).toMatch(/^sid=/);
    await addToCart(two, "mug", cookie);
    const read = async (server: DemoServer) => (await fetch(`${server.url}/cart.json`, { headers: { cookie } })).json();
    const expected = { count: 2, lines: [{ id: "tea", quantity: 1 }, { id: "mug", quantity: 1 }] };
    expect(await read(one)).toMatchObject(expected);
    expect(await read(two)).toMatchObject(expected);
  });

  it("a subscriber in one process is told of a commit in the other", async () => {
    const cookie = await addToCart(one, "socks");
    const stream = await fetch(`${two.url}/events`, { headers: { cookie, accept: "text/event-stream" } });
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = eventReader(stream.body!);
    await events.until(({ event }) => event === "ready"); // process two's Redis SUBSCRIBE is active
    await addToCart(one, "notebook", cookie);
    const changed = await events.until(({ event }) => event === "changed");
    expect(JSON.parse(changed.data)).toEqual({ type: "changed", keys: ["cart"] });
    expect(changed.data).not.toContain(cookie.slice(4)); // no token on the wire but the cookie
    await events.close();
  });
});
