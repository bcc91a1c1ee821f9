// sessionkit on Cloudflare Workers: a counter, sign-in, a flash message after a redirect, and
// sign-out. Bindings and secrets exist only in `env`, so `withSession` takes a function of it,
// called once per isolate. The KV driver is imported here and passed as a factory: the bundle
// holds that driver and no other (and no Redis client, and no Node built-in).
import { defineSessions, withSession, type Session } from "sessionkit";
import cloudflareKVBinding from "unstorage/drivers/cloudflare-kv-binding";
import { createStorage } from "unstorage";

interface Env {
  /** ≥ 32 characters: `wrangler secret put SESSION_SECRET`. */
  SESSION_SECRET: string;
  /** The KV namespace bound in wrangler.toml. */
  SESSIONS: KVNamespace;
  /** "kv" (default), "cookie" or "storage". */
  SESSION_STORAGE?: string;
}

/** The part of Cloudflare's KVNamespace type this file names (install @cloudflare/workers-types for the whole). */
type KVNamespace = Parameters<typeof cloudflareKVBinding>[0]["binding"];

type Data = { count: number; user: string; notice: string };

function sessionsFor(env: Env) {
  const storage =
    env.SESSION_STORAGE === "cookie"
      ? "cookie" // stateless: no KV, no sign-out everywhere
      : env.SESSION_STORAGE === "storage"
        ? createStorage({ driver: cloudflareKVBinding({ binding: env.SESSIONS, base: "app" }) }) // an unstorage Storage of your own
        : { driver: cloudflareKVBinding, binding: env.SESSIONS }; // the usual: the driver factory and its options
  return defineSessions({ secrets: [env.SESSION_SECRET], storage });
}

export default {
  fetch: withSession(sessionsFor, async (request, session: Session<Partial<Data>>, env: Env) => {
    const url = new URL(request.url);
    switch (`${request.method} ${url.pathname}`) {
      case "GET /":
        return Response.json({
          count: (await session.get("count")) ?? 0,
          user: (await session.get("user")) ?? null,
          notice: (await session.get("notice")) ?? null, // a flash: shown once
        });
      case "POST /count":
        session.update("count", (count) => (count ?? 0) + 1);
        return redirect("/");
      case "POST /login": {
        const name = (await request.formData()).get("name");
        if (typeof name !== "string" || !name) return new Response("name is required", { status: 400 });
        session.cycleId(); // a new id on sign-in: no session fixation
        if (env.SESSION_STORAGE !== "cookie") session.setOwner(name); // listable and revocable ("sign out everywhere")
        session.set("user", name);
        session.flash("notice", `Welcome, ${name}`);
        return redirect("/");
      }
      case "POST /logout":
        session.destroy();
        return redirect("/");
      default:
        return new Response("Not Found", { status: 404 });
    }
  }),
};

/** A 303 after a POST, so a reload does not post again. */
function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
