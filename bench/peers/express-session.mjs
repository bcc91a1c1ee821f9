// express-session 1.x with its MemoryStore and a signed id cookie (cookie-signature, node:crypto).
//
// How it is driven: no server and no socket. Each request is a real `http.IncomingMessage`
// (constructed with a null socket; method, url and the Cookie header set) and a real
// `http.ServerResponse` for it; the middleware is called with them exactly as node:http/Express
// would, and the handler answers with `res.end(body)`. Node serialises status line, headers and
// body into `res.outputData` (nothing is written anywhere). Without a socket Node never emits
// "finish", so completion is observed by giving the response an own `end` that calls
// `ServerResponse.prototype.end` and then resolves — installed before the middleware, so
// express-session's `res.end` wrapper (which saves the session first) calls it last, exactly
// when a real response would be handed to the socket.
// The baseline runs the same objects and handler without the middleware, so the node:http object
// cost is subtracted. Settings: the recommended `resave: false, saveUninitialized: false`.

import http from "node:http";
import session from "express-session";
import { SECRET, buildScenarios } from "../scenarios.mjs";

const protoEnd = http.ServerResponse.prototype.end;

/** @type {Record<string, (req: any, res: http.ServerResponse) => void>} */
const handlers = {
  baseline: (req, res) => res.end("1"),
  seed(req, res) {
    req.session.n = 1;
    req.session.user = "alice";
    res.end("1");
  },
  new(req, res) {
    req.session.n = 1;
    res.end("1");
  },
  read: (req, res) => res.end(String(req.session.n ?? "")),
  write(req, res) {
    req.session.n += 1;
    res.end(String(req.session.n));
  },
};

/**
 * One request through `middleware` (or none for the baseline) and the op's handler.
 * @param {Function} middleware
 * @param {import("../scenarios.mjs").Op} op
 * @param {string} [cookie]
 * @returns {Promise<http.ServerResponse>}
 */
function send(middleware, op, cookie) {
  return new Promise((resolve, reject) => {
    const req = new http.IncomingMessage(/** @type {any} */ (null));
    req.method = "GET";
    req.url = `/${op}`;
    if (cookie) req.headers.cookie = cookie;
    const res = new http.ServerResponse(req);
    res.end = function end(...args) {
      protoEnd.apply(this, args);
      resolve(res);
      return this;
    };
    if (op === "baseline") return handlers.baseline(req, res);
    middleware(req, res, (error) => (error ? reject(error) : handlers[op](req, res)));
  });
}

/**
 * Status, body and Set-Cookie headers of a finished socket-less `ServerResponse`.
 * @param {http.ServerResponse & { outputData: { data: string | Buffer }[] }} res
 */
async function inspect(res) {
  const raw = res.outputData.map((chunk) => String(chunk.data)).join("");
  const setCookie = res.getHeader("set-cookie") ?? [];
  return {
    status: res.statusCode,
    body: raw.slice(raw.indexOf("\r\n\r\n") + 4),
    setCookies: Array.isArray(setCookie) ? setCookie : [String(setCookie)],
  };
}

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "express-session",
    store: "memory",
    driven: "middleware(req, res, next) on socket-less http.IncomingMessage/ServerResponse",
    setup() {
      const middleware = session({ secret: SECRET, resave: false, saveUninitialized: false });
      return buildScenarios({ send: (op, cookie) => send(middleware, op, cookie), inspect, ownBaseline: true });
    },
  },
];
