import { Hono } from "hono";
import { html } from "hono/html";
import { session, type SessionVariables } from "sessionkit/hono";
import { sessions } from "./sessions";

type Data = { count?: number; user?: string; notice?: string };

/** The app: `c.var.session` in every handler, committed onto each response by the middleware. */
export const app = new Hono<{ Variables: SessionVariables<Data> }>();
app.use(session(sessions));

app.get("/", async (c) => {
  const { session } = c.var;
  const user = await session.get("user");
  const notice = await session.get("notice"); // a flash: read once, then gone
  const devices = user ? (await sessions.listByOwner(user)).length : 0;
  const page = (
    <html>
      <head>
        <title>sessionkit × Hono</title>
      </head>
      <body>
        {notice && <p id="notice">{notice}</p>}
        <form method="post" action="/count">
          Count: <output id="count">{(await session.get("count")) ?? 0}</output> <button>+1</button>
        </form>
        {user ? (
          <form method="post" action="/logout">
            Signed in as <strong id="user">{user}</strong> on <output id="devices">{devices}</output> device(s).{" "}
            <button>Sign out</button>
          </form>
        ) : (
          <form method="post" action="/login">
            <input name="name" placeholder="Your name" required /> <button>Sign in</button>
          </form>
        )}
      </body>
    </html>
  );
  return c.html(html`<!doctype html>${page}`);
});

app.post("/count", (c) => {
  c.var.session.update("count", (count) => (count ?? 0) + 1);
  return c.redirect("/", 303);
});

app.post("/login", async (c) => {
  const name = String((await c.req.formData()).get("name") ?? "").trim();
  if (!name) return c.redirect("/", 303);
  const { session } = c.var;
  session.cycleId(); // a new id on sign-in: an id planted before it is worth nothing
  session.setOwner(name); // listed under the user: sessions.listByOwner / revokeOwner
  session.set("user", name);
  session.flash("notice", `Welcome ${name}`);
  return c.redirect("/", 303);
});

app.post("/logout", (c) => {
  c.var.session.destroy();
  return c.redirect("/", 303);
});
