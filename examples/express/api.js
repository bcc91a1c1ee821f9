import { Router } from "express";

/**
 * Small JSON routes, one per session operation: the repository's adapter conformance suite
 * (test/suites/adapter-suite.ts) drives the example through them.
 */
export function apiRoutes() {
  const router = Router();
  const ok = (res) => res.json({ ok: true });
  router.get("/get", async (req, res) => res.json({ value: (await req.session.get(String(req.query.key))) ?? null }));
  router.post("/set", (req, res) => (req.session.set(String(req.query.key), JSON.parse(String(req.query.value))), ok(res)));
  router.post("/unset", (req, res) => (req.session.unset(String(req.query.key)), ok(res)));
  router.post("/cycle", (req, res) => (req.session.cycleId(), ok(res)));
  router.post("/destroy", (req, res) => (req.session.destroy(), ok(res)));
  router.post("/expiry", (req, res) => {
    const seconds = String(req.query.seconds);
    req.session.setExpiry(seconds === "null" ? null : Number(seconds)); // "remember me", or a browser-session cookie
    ok(res);
  });
  router.post("/login", (req, res) => {
    req.session.cycleId();
    req.session.set("user", String(req.query.name));
    req.session.flash("notice", `Welcome ${req.query.name}`);
    res.redirect("/");
  });
  router.post("/own-cookie", (req, res) => {
    req.session.set("x", 1);
    res.cookie("own", "1", { path: "/" }); // the app's own cookie stays next to the session's
    ok(res);
  });
  return router;
}
