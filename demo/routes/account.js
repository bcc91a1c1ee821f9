// Sign in and out, and "your sessions": owners, revocation, remember me, flash.
import { Hono } from "hono";
import { REMEMBER_SECONDS } from "../sessions.js";
import { page, whoBlock } from "../views/layout.js";
import { sessionsBody } from "../views/sessions.js";

/** A user id from a display name: the same person whatever the case or spacing. */
const ownerOf = (name) => name.trim().toLowerCase();

/**
 * POST /signin, POST /signout, GET /who, GET /sessions, POST /sessions/revoke-others, POST /sessions/revoke.
 * @param {{ sessions: import("sessionkit").Sessions<any>, storage: string }} options
 */
export function accountRoutes({ sessions, storage }) {
  const app = new Hono();

  app.post("/signin", async (c) => {
    const body = await c.req.parseBody();
    const name = typeof body.name === "string" ? body.name.trim().slice(0, 40) : "";
    const session = c.get("session");
    if (!name) {
      session.flash("notice", "Type a name to sign in.");
      return c.redirect("/", 303);
    }
    session.cycleId(); // new id on sign-in: a token seen before sign-in is worthless after it
    session.setOwner(ownerOf(name)); // listed under this user, revocable from any of their sessions
    session.set("user", name);
    session.setExpiry(body.remember ? REMEMBER_SECONDS : null); // remember me, or a browser-session cookie
    session.flash("notice", `Welcome, ${name}! Your cart came with you.`);
    return c.redirect("/", 303);
  });

  app.post("/signout", (c) => {
    c.get("session").destroy(); // record deleted, cookie expired
    return c.redirect("/?signed-out", 303);
  });

  // Who is signed in, alone: what a live page swaps in when its session ends or moves elsewhere.
  app.get("/who", async (c) => c.html(whoBlock(await c.get("session").get("user"))));

  app.get("/sessions", async (c) => {
    const session = c.get("session");
    const user = await session.get("user");
    if (!user) {
      session.flash("notice", "Sign in to see your sessions.");
      return c.redirect("/", 303);
    }
    const owned = await sessions.listByOwner(ownerOf(user), { current: session });
    const notice = await session.get("notice");
    return c.html(page({ title: "Your sessions", path: "/sessions", user, notice, storage, script: "/static/live.js" }, sessionsBody(owned)));
  });

  app.post("/sessions/revoke-others", async (c) => {
    const session = c.get("session");
    const user = await session.get("user");
    if (!user) return c.redirect("/", 303);
    const ended = await sessions.revokeOwner(ownerOf(user), { except: session });
    session.flash("notice", `Signed out ${ended} other session${ended === 1 ? "" : "s"}.`);
    return c.redirect("/sessions", 303);
  });

  app.post("/sessions/revoke", async (c) => {
    const session = c.get("session");
    const user = await session.get("user");
    const { handle } = await c.req.parseBody();
    if (!user) return c.redirect("/", 303);
    // Only a session of this user: a handle is not a secret, so ownership is checked here.
    const owned = await sessions.listByOwner(ownerOf(user), { current: session });
    const target = owned.find((entry) => entry.handle === handle && !entry.current);
    if (target) await sessions.revoke(target.handle);
    session.flash("notice", target ? "Signed out that session." : "No such session.");
    return c.redirect("/sessions", 303);
  });

  return app;
}
