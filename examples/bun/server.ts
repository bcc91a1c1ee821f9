import { defineSessions, type Session } from "sessionkit";
import { withSession } from "sessionkit/bun";
import * as v from "valibot";

/** The part of the `Bun` global used here (`bun add -d @types/bun` gives the full one). */
declare const Bun: { serve(options: Record<string, unknown>): { url: URL; stop(): Promise<void> } };

/** SESSION_SECRET (at least 32 characters) signs the cookie; SESSION_STORAGE picks the store. */
const sessions = defineSessions({
  secrets: process.env.SESSION_SECRET ?? "",
  storage: process.env.SESSION_STORAGE ?? "memory:",
  schema: v.object({
    count: v.optional(v.number()),
    user: v.optional(v.string()),
    notice: v.optional(v.string()),
  }),
});
type Data = { count?: number; user?: string; notice?: string };

const home = () => new Response(null, { status: 303, headers: { location: "/" } });

/** One handler for every request: the session comes in, its cookie goes onto the response. */
async function app(request: Request, session: Session<Data>): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (request.method === "GET" && pathname === "/") return page(session);
  if (request.method !== "POST") return new Response("Not found", { status: 404 });
  switch (pathname) {
    case "/count":
      session.update("count", (count) => (count ?? 0) + 1);
      return home();
    case "/login": {
      const name = String((await request.formData()).get("name") ?? "").trim();
      if (!name) return home();
      session.cycleId(); // a new id on sign-in: an id planted before it is worth nothing
      session.setOwner(name); // listed under the user: sessions.listByOwner / revokeOwner
      session.set("user", name);
      session.flash("notice", `Welcome ${name}`);
      return home();
    }
    case "/logout":
      session.destroy();
      return home();
  }
  return new Response("Not found", { status: 404 });
}

async function page(session: Session<Data>): Promise<Response> {
  const user = await session.get("user");
  const notice = await session.get("notice"); // a flash: read once, then gone
  const devices = user ? (await sessions.listByOwner(user)).length : 0;
  const html = `<!doctype html><title>sessionkit × Bun</title>
${notice ? `<p id="notice">${escape(notice)}</p>` : ""}
<form method="post" action="/count">Count: <output id="count">${(await session.get("count")) ?? 0}</output> <button>+1</button></form>
${
  user
    ? `<form method="post" action="/logout">Signed in as <strong id="user">${escape(user)}</strong> on <output id="devices">${devices}</output> device(s). <button>Sign out</button></form>`
    : `<form method="post" action="/login"><input name="name" placeholder="Your name" required> <button>Sign in</button></form>`
}`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const server = Bun.serve({
  hostname: process.env.HOST ?? "127.0.0.1",
  port: Number(process.env.PORT ?? 3000),
  fetch: withSession(sessions, app),
});
console.log(`listening on ${server.url}`);

process.on("SIGTERM", async () => {
  await server.stop();
  await sessions.close();
  process.exit(0);
});
