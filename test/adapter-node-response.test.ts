import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import compression from "compression";
import express from "express";
import Fastify from "fastify";
import express4 from "express4";
import * as v from "valibot";
import { createStorage } from "unstorage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fastifySession, sessionMiddleware, withSession } from "../adapters/node";
import { defineSessions, SessionStorageError, type Sessions } from "../src/index";
import { createHttpClient } from "./helpers/http-client";
import { listen } from "./helpers/node-apps";
import { ADAPTER_SECRET, type RunningServer } from "./suites/adapter-suite";

// What Node's response adds to the conformance suite: the commit must land on the headers
// whatever sends them, bytes must come out in order, and a failed commit must still answer.

const sessionCookie = (lines: string[]) => lines.filter((line) => line.startsWith("sid="));
const tick = () => new Promise((resolve) => setImmediate(resolve));

for (const [label, createApp] of [
  ["Express 5", express],
  ["Express 4", express4],
] as const) {
  describe(`${label}: the commit lands before the headers`, () => {
    const sessions = defineSessions({ secrets: ADAPTER_SECRET });
    const down = defineSessions({ secrets: ADAPTER_SECRET, storage: "redis://127.0.0.1:1", storageTimeout: 300 });
    const strict = defineSessions({ secrets: ADAPTER_SECRET, schema: v.object({ n: v.optional(v.number()) }) });
    const seen: Record<string, unknown> = {};
    let server: RunningServer;
    let failing: RunningServer;

    beforeAll(async () => {
      const app = createApp();
      app.use(sessionMiddleware(sessions));
      app.get("/stream", async (req, res) => {
        req.session.set("streamed", true);
        res.status(200).type("text/plain");
        res.write("one,");
        await tick();
        res.write("two,");
        await tick();
        res.end("three");
      });
      app.get("/pipe", (req, res) => {
        req.session.set("piped", true);
        const chunk = "x".repeat(64 * 1024);
        let sent = 0;
        Readable.from(
          (function* () {
            for (; sent < 32; sent++) yield `${String(sent).padStart(4, "0")}${chunk}`;
          })(),
        ).pipe(res);
      });
      app.get("/write-head", (req, res) => {
        req.session.set("n", 1);
        res.setHeader("x-before", "1");
        res.writeHead(201, "Made", { "Set-Cookie": "theme=dark; Path=/", "Cache-Control": "public, max-age=60", Vary: "Accept" });
        res.end("made");
      });
      app.get("/headers-sent", (req, res) => {
        req.session.set("n", 2);
        res.send("sent");
        seen.headersSent = res.headersSent;
        try {
          res.setHeader("x-late", "1");
        } catch (error) {
          seen.lateHeader = (error as { code?: string }).code;
        }
      });
      app.get("/untouched", (_req, res) => {
        res.set("cache-control", "public, max-age=600").send("static");
        seen.untouchedSent = res.headersSent;
      });
      app.get("/looked", (req, res) => {
        seen.lookedType = typeof req.session.get;
        res.send("looked");
      });
      app.post("/fail", (req, res) => {
        req.session.set("n", 3);
        res.status(500).send("failed");
      });
      app.get("/n", async (req, res, next) => {
        try {
          res.json({ n: (await req.session.get("n")) ?? null });
        } catch (error) {
          next(error);
        }
      });
      server = await listen(app);

      const broken = createApp();
      broken.use("/strict", sessionMiddleware(strict));
      broken.use("/handled", sessionMiddleware(down));
      broken.use("/streaming", sessionMiddleware(down));
      broken.post("/strict/bad", (req, res) => {
        req.session.set("n", "not a number" as never);
        res.send("ok");
      });
      broken.post("/handled/write", (req, res) => {
        req.session.set("n", 1);
        res.json({ ok: true });
      });
      broken.get("/streaming/write", (req, res) => {
        req.session.set("n", 1);
        res.write("partial");
        setTimeout(() => res.end("rest"), 700); // after the 300 ms storage timeout
      });
      broken.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        seen.handledStatus = res.statusCode;
        res.status(error instanceof SessionStorageError ? 503 : 422).send(`handled: ${error.name}`);
      });
      failing = await listen(broken);
    });
    afterAll(async () => {
      await Promise.all([server?.close(), failing?.close()]);
      await Promise.all([sessions.close(), down.close(), strict.close()]);
    });

    it("commits a streamed response (res.write, then res.end) and keeps the bytes in order", async () => {
      const browser = createHttpClient(server.url);
      const response = await browser.get("/stream");
      expect([response.status, response.text]).toEqual([200, "one,two,three"]);
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(response.headers.get("vary")).toMatch(/Cookie/);
    });

    it("commits a piped stream past the high-water mark (write returns false, drain follows)", async () => {
      const browser = createHttpClient(server.url);
      const response = await browser.get("/pipe");
      expect(response.status).toBe(200);
      expect(response.text.length).toBe(32 * (4 + 64 * 1024));
      const order = Array.from({ length: 32 }, (_, index) => response.text.slice(index * (4 + 64 * 1024), index * (4 + 64 * 1024) + 4));
      expect(order).toEqual(Array.from({ length: 32 }, (_, index) => String(index).padStart(4, "0")));
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
    });

    it("merges writeHead's own headers: its Set-Cookie kept, Cache-Control made private, Vary extended", async () => {
      const browser = createHttpClient(server.url);
      const response = await browser.get("/write-head");
      expect([response.status, response.text]).toEqual([201, "made"]);
      expect(response.setCookies).toContain("theme=dark; Path=/");
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
      expect(response.headers.get("cache-control")).toBe("private, max-age=60");
      expect(response.headers.get("vary")).toBe("Accept, Cookie");
      expect(response.headers.get("x-before")).toBe("1");
    });

    it("reports the headers as sent from res.send() on, as Express always does", async () => {
      const response = await createHttpClient(server.url).get("/headers-sent");
      expect(response.text).toBe("sent");
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
      expect(response.headers.get("x-late")).toBeNull();
      expect([seen.headersSent, seen.lateHeader]).toEqual([true, "ERR_HTTP_HEADERS_SENT"]);
    });

    it("does not hold or touch a response whose handler never used req.session", async () => {
      const untouched = await createHttpClient(server.url).get("/untouched");
      expect([untouched.text, untouched.setCookies, untouched.headers.get("vary")]).toEqual(["static", [], null]);
      expect(untouched.headers.get("cache-control")).toBe("public, max-age=600");
      expect(seen.untouchedSent).toBe(true);
      const looked = await createHttpClient(server.url).get("/looked");
      expect([looked.text, looked.setCookies, looked.headers.get("vary"), seen.lookedType]).toEqual(["looked", [], null, "function"]);
    });

    it("commits no writes on a 5xx", async () => {
      const browser = createHttpClient(server.url);
      const failed = await browser.post("/fail");
      expect([failed.status, failed.setCookies]).toEqual([500, []]);
      expect((await browser.get("/n")).json()).toEqual({ n: null });
    });

    it("hands a failed commit to the app's error handler through next(err), with no session cookie", async () => {
      const response = await createHttpClient(failing.url).post("/handled/write");
      expect([response.status, response.text, response.setCookies]).toEqual([503, "handled: SessionStorageError", []]);
      expect(seen.handledStatus).toBe(503);
      const invalid = await createHttpClient(failing.url).post("/strict/bad");
      expect([invalid.status, invalid.text, invalid.setCookies]).toEqual([422, "handled: SessionValidationError", []]);
    });

    it("answers 503 itself when the commit fails while the app is still streaming", async () => {
      const response = await createHttpClient(failing.url).get("/streaming/write");
      expect(response.status).toBe(503);
      expect(response.text).toMatch(/session storage/i);
      expect(response.text).not.toContain("partial");
      expect(response.setCookies).toEqual([]);
      expect(response.headers.get("retry-after")).toBe("5");
    });
  });
}

describe("node:http withSession", () => {
  let sessions: Sessions<any>;
  let server: RunningServer;
  beforeAll(async () => {
    sessions = defineSessions({ secrets: ADAPTER_SECRET });
    server = await listen(
      withSession(sessions, async (req, res, session) => {
        if (req.url === "/head-only") {
          session.set("n", 1);
          res.writeHead(204).end();
          return;
        }
        if (req.url === "/flush") {
          session.set("n", 2);
          res.setHeader("content-type", "text/plain");
          res.flushHeaders();
          await tick();
          res.end("after flush");
          return;
        }
        res.end(String((await session.get("n")) ?? "none"));
      }),
    );
  });
  afterAll(async () => {
    await server.close();
    await sessions.close();
  });

  it("commits onto a chained writeHead(…).end() and onto flushHeaders()", async () => {
    const browser = createHttpClient(server.url);
    const head = await browser.get("/head-only");
    expect([head.status, sessionCookie(head.setCookies).length]).toEqual([204, 1]);
    expect((await browser.get("/")).text).toBe("1");
    const fresh = createHttpClient(server.url);
    const flushed = await fresh.get("/flush");
    expect([flushed.text, sessionCookie(flushed.setCookies).length]).toEqual(["after flush", 1]);
    expect(flushed.headers.get("content-type")).toBe("text/plain");
    expect((await fresh.get("/")).text).toBe("2");
  });
});

describe("Express 5 with compression (which wraps writeHead, write and end itself) and res.sendFile", () => {
  const sessions = defineSessions({ secrets: ADAPTER_SECRET });
  let dir: string;
  const servers: RunningServer[] = [];
  const text = Array.from({ length: 4000 }, (_, index) => `line ${index}\n`).join("");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sessionkit-sendfile-"));
    await writeFile(join(dir, "big.txt"), text);
    for (const order of ["session first", "compression first"]) {
      const app = express();
      if (order === "compression first") app.use(compression({ threshold: 0 }));
      app.use(sessionMiddleware(sessions));
      if (order === "session first") app.use(compression({ threshold: 0 }));
      app.get("/file", (req, res, next) => {
        req.session.set("file", true);
        res.sendFile(join(dir, "big.txt"), (error) => error && next(error));
      });
      app.get("/stream", async (req, res) => {
        req.session.set("n", ((await req.session.get("n")) ?? 0) + 1);
        res.type("text/plain");
        for (let i = 0; i < 3; i++) {
          res.write(`chunk ${i};`);
          await tick();
        }
        res.end("done");
      });
      servers.push(await listen(app));
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await sessions.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("commits onto compressed, streamed and sent-file responses in either middleware order", async () => {
    for (const server of servers) {
      const browser = createHttpClient(server.url);
      const file = await browser.get("/file", { headers: { "accept-encoding": "gzip" } });
      expect(file.status).toBe(200);
      expect(file.headers.get("content-encoding")).toBe("gzip");
      expect(file.text).toBe(text);
      expect(sessionCookie(file.setCookies)).toHaveLength(1);
      const streamed = await browser.get("/stream", { headers: { "accept-encoding": "gzip" } });
      expect([streamed.text, streamed.headers.get("content-encoding")]).toEqual(["chunk 0;chunk 1;chunk 2;done", "gzip"]);
      expect((await browser.get("/stream")).text).toBe("chunk 0;chunk 1;chunk 2;done");
      expect((await browser.get("/get-n")).status).toBe(404);
    }
  });
});

describe("a client that leaves while its response is held", () => {
  it("costs nothing: the held calls replay onto the closed response without an error, and the server serves on", async () => {
    const storage = createStorage();
    const setItem = storage.setItem.bind(storage);
    let writes = 0;
    storage.setItem = (async (...args: Parameters<typeof setItem>) => {
      writes++;
      await new Promise((resolve) => setTimeout(resolve, 300)); // the commit outlives the client
      return setItem(...args);
    }) as typeof storage.setItem;
    const sessions = defineSessions({ secrets: ADAPTER_SECRET, storage });
    const app = express();
    app.use(sessionMiddleware(sessions));
    const finished: string[] = [];
    app.get("/slow", (req, res) => {
      req.session.set("n", 1);
      res.on("close", () => finished.push(res.writableFinished ? "finished" : "closed"));
      res.write("a");
      res.end("b");
    });
    app.get("/ok", (_req, res) => res.send("ok"));
    const server = await listen(app);
    try {
      await new Promise<void>((resolve) => {
        const request = httpRequest(`${server.url}/slow`, () => {});
        request.on("error", () => resolve());
        request.end();
        setTimeout(() => (request.destroy(), resolve()), 100);
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(writes).toBe(1);
      expect(finished).toEqual(["closed"]);
      expect((await createHttpClient(server.url).get("/ok")).text).toBe("ok");
    } finally {
      await server.close();
      await sessions.close();
    }
  });
});

describe("Fastify 5: the commit lands before Fastify writes the headers", () => {
  it("commits onto a streamed reply and onto reply.header()'s own cookie", async () => {
    const sessions = defineSessions({ secrets: ADAPTER_SECRET });
    const app = Fastify();
    await app.register(fastifySession(sessions));
    app.get("/stream", async (request, reply) => {
      request.session.set("n", 1);
      reply.header("set-cookie", "theme=dark; Path=/").type("text/plain");
      return Readable.from(["one,", "two,", "three"]);
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const { port } = app.server.address() as { port: number };
      const response = await createHttpClient(`http://127.0.0.1:${port}`).get("/stream");
      expect([response.status, response.text]).toEqual([200, "one,two,three"]);
      expect(response.setCookies).toContain("theme=dark; Path=/");
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
    } finally {
      await app.close();
      await sessions.close();
    }
  });
});

describe("sessionMiddleware mounted twice on one path", () => {
  it("attaches and commits the session once", async () => {
    const sessions = defineSessions({ secrets: ADAPTER_SECRET });
    const app = express();
    const middleware = sessionMiddleware(sessions);
    app.use(middleware);
    app.use((req, _res, next) => (req.session.set("a", 1), next())); // uses the session between the two mounts
    app.use("/api", middleware);
    app.post("/api/set", (req, res) => (req.session.set("n", 1), res.json({ ok: true })));
    app.get("/api/all", async (req, res) => res.json(await req.session.all()));
    const server = await listen(app);
    try {
      const browser = createHttpClient(server.url);
      const response = await browser.post("/api/set");
      expect(sessionCookie(response.setCookies)).toHaveLength(1);
      expect((await browser.get("/api/all")).json()).toEqual({ a: 1, n: 1 });
    } finally {
      await server.close();
      await sessions.close();
    }
  });
});
