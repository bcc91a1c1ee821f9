import express from "express";
import { sessionMiddleware } from "sessionkit/node";
import { apiRoutes } from "./api.js";

/** The example app: a counter, sign-in, a flash after the redirect, sign-out. */
export function createApp(sessions) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(sessionMiddleware(sessions)); // req.session from here on

  app.get("/", async (req, res) => {
    const user = (await req.session.get("user")) ?? null;
    const notice = (await req.session.get("notice")) ?? null; // a flash: shown once
    const count = (await req.session.get("count")) ?? 0;
    res.format({
      json: () => res.json({ user, notice }),
      html: () => res.send(page({ user, notice, count })),
    });
  });

  app.post("/count", (req, res) => {
    req.session.update("count", (count) => (count ?? 0) + 1); // re-run against the freshest value at commit
    res.redirect(303, "/");
  });

  app.post("/sign-in", (req, res) => {
    const name = String(req.body?.name ?? "").trim();
    if (!name) return res.status(400).send(page({ user: null, notice: "A name, please.", count: 0 }));
    req.session.cycleId(); // a new id on sign-in: no session fixation
    req.session.setOwner(name); // listed under the user: sessions.revokeOwner(name) signs out everywhere
    req.session.set("user", name);
    req.session.flash("notice", `Welcome ${name}`);
    res.redirect(303, "/");
  });

  app.post("/sign-out", (req, res) => {
    req.session.destroy(); // the record is deleted and the cookie expired
    res.redirect(303, "/");
  });

  app.use(apiRoutes());

  // Express 5 passes a rejected handler here. sessionkit's storage failures arrive as a
  // SessionStorageError: answer 503 (sessionMiddleware does so by itself when there is no handler).
  app.use((error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const unavailable = error?.name === "SessionStorageError";
    res.status(unavailable ? 503 : 500).type("text/plain").send(unavailable ? "Service Unavailable: session storage is not responding.\n" : "Internal Server Error\n");
  });
  return app;
}

function page({ user, notice, count }) {
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<title>sessionkit + Express</title>
${notice ? `<p role="status">${escape(notice)}</p>` : ""}
<p>Count: <output id="count">${count}</output></p>
<form method="post" action="/count"><button>+1</button></form>
${
  user
    ? `<p>Signed in as <b id="user">${escape(user)}</b></p><form method="post" action="/sign-out"><button>Sign out</button></form>`
    : `<form method="post" action="/sign-in"><input name="name" placeholder="Your name"><button>Sign in</button></form>`
}
`;
}
