import connect from "connect";
import express from "express";
import express4 from "express4";
import { withSession, sessionMiddleware } from "../adapters/node";
import { listen, expressContractApp, nodeContractRoute } from "./helpers/node-apps";
import { describeAdapter } from "./suites/adapter-suite";

// The adapter conformance suite over real HTTP, against real Express 5, Express 4, Connect and a
// bare node:http server. Behaviour specific to Node's response (streaming, writeHead, errors
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
