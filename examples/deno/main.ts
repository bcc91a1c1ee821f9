// sessionkit on Deno: a counter, sign-in, a flash message after a redirect, and sign-out.
//
//   SESSION_SECRET=… deno task start            (memory; see deno.json for the permissions)
//   SESSION_STORAGE=deno-kv  → Deno KV (needs --unstable-kv)
//   SESSION_STORAGE=redis://127.0.0.1:6379 → Redis (ioredis needs --allow-env: see the README)
//   SESSION_STORAGE=cookie   → everything sealed in the cookie
import { defineSessions, withSession, type Session, type StorageOption } from "sessionkit";
import denoKV from "unstorage/drivers/deno-kv";

type Data = { count: number; user: string; notice: string };

const storageName = Deno.env.get("SESSION_STORAGE") ?? "memory:";
const storage: StorageOption = storageName === "deno-kv" ? { driver: denoKV } : storageName;
const sessions = defineSessions({ secrets: [Deno.env.get("SESSION_SECRET") ?? ""], storage });

const server = Deno.serve(
  {
    hostname: "127.0.0.1",
    port: Number(Deno.env.get("PORT") ?? 8000),
    onListen: ({ hostname, port }) => console.log(`listening http://${hostname}:${port}`),
  },
  withSession(sessions, async (request, session: Session<Partial<Data>>) => {
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
        if (storageName !== "cookie") session.setOwner(name); // listable and revocable ("sign out everywhere")
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
);

// Release storage connections (Redis) on Ctrl-C / SIGTERM so the process exits.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await sessions.close();
    Deno.exit(0);
  });
}

/** A 303 after a POST, so a reload does not post again. */
function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}
