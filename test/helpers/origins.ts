import { defineSessions, withSession } from "../../src/index";
import type { RunningServer } from "../suites/adapter-suite";
import { SECRET } from "../suites/store-suite";
import { clientModule } from "./client-bundle";
import { serveFetch } from "./node-fetch-server";

/** What a server saw: which path, and the session header's value (`null`: no such header). */
export interface Seen {
  path: string;
  method: string;
  token: string | null;
}

/** A server on its own port, i.e. its own origin, that logs what it receives. */
export interface Origin extends RunningServer {
  seen: Seen[];
}

/** A token a hostile origin hands out, hoping a client adopts it (fixation). */
export const FORGED = "forged-token-from-another-origin";

const HEADER = "x-session-id";

/** A redirect answer: `/to?url=…&status=…` (302 by default). */
function redirectFrom(url: URL): Response | undefined {
  if (url.pathname !== "/to") return undefined;
  return new Response(null, { status: Number(url.searchParams.get("status") ?? 302), headers: { location: url.searchParams.get("url")! } });
}

async function logged(handler: (request: Request) => Promise<Response> | Response): Promise<Origin> {
  const seen: Seen[] = [];
  const server = await serveFetch((request) => {
    seen.push({ path: new URL(request.url).pathname, method: request.method, token: request.headers.get(HEADER) });
    return handler(request);
  });
  return Object.assign(server, { seen });
}

/**
 * The app's origin: a sessionkit server on header transport (`cookie: false`) with a cart API,
 * a sign-in that cycles the id and redirects, redirects on demand, and a page that loads the
 * client helper (for Chromium).
 */
export async function startAppOrigin(): Promise<Origin & { close(): Promise<void> }> {
  const sessions = defineSessions({ secrets: SECRET, cookie: false, header: HEADER });
  const module = await clientModule();
  const api = withSession(sessions, async (request, session) => {
    const url = new URL(request.url);
    if (url.pathname === "/signin") {
      session.cycleId();
      session.set("user", "ada");
      return new Response(null, { status: 303, headers: { location: "/api/cart" } });
    }
    if (url.pathname === "/echo") return Response.json({ method: request.method, body: await request.text() });
    const add = url.searchParams.get("add");
    if (add) session.update("cart", (cart: string[] | undefined) => [...(cart ?? []), add]);
    return Response.json({ cart: (await session.get("cart")) ?? [], user: (await session.get("user")) ?? null });
  });
  const origin = await logged((request) => {
    const url = new URL(request.url);
    if (url.pathname === "/") return new Response(PAGE, { headers: { "content-type": "text/html" } });
    if (url.pathname === "/client.js") return new Response(module, { headers: { "content-type": "text/javascript" } });
    return redirectFrom(url) ?? api(request);
  });
  const close = origin.close;
  return Object.assign(origin, { close: async () => (await close(), await sessions.close()) });
}

/**
 * Another origin: CORS open to `allowed` (the session header allowed and exposed, so a page
 * could read it), answering every request with {@link FORGED} in the session header, and
 * redirecting on demand.
 */
export async function startOtherOrigin(allowed: () => string): Promise<Origin> {
  return logged((request) => {
    const cors = {
      "access-control-allow-origin": allowed(),
      "access-control-allow-headers": `${HEADER}, content-type`,
      "access-control-expose-headers": HEADER,
    };
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
    const redirect = redirectFrom(new URL(request.url));
    if (redirect) {
      for (const [name, value] of Object.entries(cors)) redirect.headers.set(name, value);
      redirect.headers.set(HEADER, FORGED);
      return redirect;
    }
    return Response.json({ other: true }, { headers: { ...cors, [HEADER]: FORGED } });
  });
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>origin A</title>
<script type="module">
  import { createSessionFetch } from "/client.js";
  window.sessionkitClient = { createSessionFetch };
  document.documentElement.dataset.ready = "true";
</script>`;
