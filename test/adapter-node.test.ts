import connect from "connect";
import express from "express";
import express4 from "express4";
import Fastify, { type FastifyRequest } from "fastify";
import { fastifySession, withSession, sessionMiddleware } from "../adapters/node";
import { home, login, parseSeconds } from "./suites/adapter-routes";
import { listen, expressContractApp, nodeContractRoute } from "./helpers/node-apps";
import { describeAdapter } from "./suites/adapter-suite";

// The adapter conformance suite over real HTTP, against real Express 5, Express 4, Connect, Fastify 5
// and a bare node:http server. Behaviour specific to Node's response (streaming, writeHead, errors
// after the app answered) is in adapter-node-response.test.ts.

describeAdapter({ name: "Express 5: sessionMiddleware", start: (sessions) => listen(expressContractApp(express, sessions)) });
describeAdapter({ name: "Express 4: sessionMiddleware", start: (sessions) => listen(expressContractApp(express4, sessions)) });
describeAdapter({ name: "node:http: withSession", start: (sessions) => listen(withSession(sessions, nodeContractRoute)) });
describeAdapter({
  name: "Connect: sessionMiddleware",
  start: (sessions) => {
    const app = connect();
    app.use(sessionMiddleware(sessions));
    app.use((req, res, next) => {
      nodeContractRoute(req, res, (req as unknown as { session: never }).session).catch(next);
    });
    return listen(app);
  },
});

describeAdapter({
  name: "Fastify 5: fastifySession",
  async start(sessions) {
    const app = Fastify();
    await app.register(fastifySession(sessions));
    type Query = { key: string; value: string; seconds: string; name: string };
    const session = (request: FastifyRequest) => request.session; // typed by test/node-types.test-d.ts's merging
    const query = (request: FastifyRequest) => request.query as Query;
    app.get("/get", async (request) => ({ value: (await session(request).get(query(request).key)) ?? null }));
    app.post("/set", async (request) => (session(request).set(query(request).key, JSON.parse(query(request).value)), { ok: true }));
    app.post("/unset", async (request) => (session(request).unset(query(request).key), { ok: true }));
    app.post("/cycle", async (request) => (session(request).cycleId(), { ok: true }));
    app.post("/destroy", async (request) => (session(request).destroy(), { ok: true }));
    app.post("/expiry", async (request) => (session(request).setExpiry(parseSeconds(query(request).seconds)), { ok: true }));
    app.post("/login", async (request, reply) => (login(session(request), query(request).name), reply.redirect("/")));
    app.get("/", async (request) => home(session(request)));
    app.post("/own-cookie", async (request, reply) => {
      session(request).set("x", 1);
      reply.header("set-cookie", "own=1; Path=/");
      return { ok: true };
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
});
