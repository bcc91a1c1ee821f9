// h3 v2: stateless sealed-cookie sessions (iron seal; h3 v2 derives its keys with PBKDF2 at
// 8192 iterations, twice per seal/unseal — which is why it is by far the slowest here).
// Driven through a real `H3` app: `app.fetch(Request)` → Response, in-process. Reads use
// `getSession` (no session is started for a reader, like the others); writes use
// `updateSession`. Its baseline is a route of the same app that touches no session.

import { H3, getSession, updateSession } from "h3";
import { SECRET, buildScenarios, webRequest } from "../scenarios.mjs";

/** h3's defaults apart from the password (cookie "h3", secure, httpOnly, SameSite=Lax, Path=/). */
const CONFIG = { password: SECRET };

/** The H3 app: one route per op. */
function createApp() {
  return new H3()
    .get("/baseline", () => "1")
    .get("/seed", async (event) => {
      await updateSession(event, CONFIG, { n: 1, user: "alice" });
      return "1";
    })
    .get("/new", async (event) => {
      await updateSession(event, CONFIG, { n: 1 });
      return "1";
    })
    .get("/read", async (event) => String((await getSession(event, CONFIG)).data.n ?? ""))
    .get("/write", async (event) => {
      const session = await updateSession(event, CONFIG, (data) => ({ n: data.n + 1 }));
      return String(session.data.n);
    });
}

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "h3 v2",
    store: "cookie",
    driven: "H3 app, app.fetch(Request) → Response; getSession to read, updateSession to write",
    setup() {
      const app = createApp();
      return buildScenarios({ send: (op, cookie) => app.fetch(webRequest(op, cookie)), ownBaseline: true });
    },
  },
];
