// The Remix 2 / React Router 7 session API is the same in both packages: this module drives any
// `SessionStorage` the way a loader/action would. Not a peer itself.

import { SECRET, buildScenarios, webRequest } from "../scenarios.mjs";

/** Cookie options shared by every Remix-style storage (the frameworks' documented defaults). */
export const COOKIE_OPTIONS = { secrets: [SECRET], httpOnly: true, sameSite: "lax", path: "/" };

/**
 * Scenarios for a Remix-style `SessionStorage`: `getSession(Cookie header)`, `session.get/set`,
 * `commitSession(session)` → `Set-Cookie`. Reads do not commit (the frameworks do not need it).
 * @param {{ getSession(cookie?: string | null): Promise<any>, commitSession(session: any): Promise<string> }} storage
 */
export function remixScenarios(storage) {
  /** @type {Record<string, (request: Request) => Promise<Response>>} */
  const handlers = {
    async seed(request) {
      const session = await storage.getSession(request.headers.get("Cookie"));
      session.set("n", 1);
      session.set("user", "alice");
      return new Response("1", { headers: { "Set-Cookie": await storage.commitSession(session) } });
    },
    async new(request) {
      const session = await storage.getSession(request.headers.get("Cookie"));
      session.set("n", 1);
      return new Response("1", { headers: { "Set-Cookie": await storage.commitSession(session) } });
    },
    async read(request) {
      const session = await storage.getSession(request.headers.get("Cookie"));
      return new Response(String(session.get("n") ?? ""));
    },
    async write(request) {
      const session = await storage.getSession(request.headers.get("Cookie"));
      const n = session.get("n") + 1;
      session.set("n", n);
      return new Response(String(n), { headers: { "Set-Cookie": await storage.commitSession(session) } });
    },
  };
  return buildScenarios({ send: (op, cookie) => handlers[op](webRequest(op, cookie)) });
}
