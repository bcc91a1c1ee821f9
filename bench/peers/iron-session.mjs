// iron-session 8: stateless, the whole session sealed (iron-webcrypto: AES-256-CBC + HMAC-SHA256,
// keys derived by PBKDF2 on every seal/unseal) into one cookie.
// Driven with web Request/Response: getIronSession(request, response, options) appends its
// Set-Cookie to `response.headers`; the handler then returns a Response carrying those headers
// (the body depends on the session, so the final Response is built after reading it).

import { getIronSession } from "iron-session";
import { SECRET, buildScenarios, webRequest } from "../scenarios.mjs";

/** iron-session's documented setup; every other option at its default (ttl 14 days). */
const OPTIONS = { cookieName: "sid", password: SECRET };

/**
 * Runs `fn(session)` for `request` and answers with its result as the body.
 * @param {Request} request
 * @param {(session: Record<string, any> & { save(): Promise<void> }) => Promise<string> | string} fn
 */
async function withIronSession(request, fn) {
  const carrier = new Response(null);
  const body = await fn(await getIronSession(request, carrier, OPTIONS));
  return new Response(body, { headers: carrier.headers });
}

/** @type {Record<string, (session: any) => Promise<string> | string>} */
const handlers = {
  async seed(session) {
    session.n = 1;
    session.user = "alice";
    await session.save();
    return "1";
  },
  async new(session) {
    session.n = 1;
    await session.save();
    return "1";
  },
  read: (session) => String(session.n ?? ""),
  async write(session) {
    session.n += 1;
    await session.save();
    return String(session.n);
  },
};

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "iron-session",
    store: "cookie",
    driven: "getIronSession(Request, Response, options) in a fetch-style handler",
    setup: () => buildScenarios({ send: (op, cookie) => withIronSession(webRequest(op, cookie), handlers[op]) }),
  },
];
