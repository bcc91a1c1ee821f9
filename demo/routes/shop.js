// The shop: an anonymous cart kept in the cookie session.
import { Hono } from "hono";
import { findProduct, cartLines, withoutOne } from "../catalog.js";
import { page } from "../views/layout.js";
import { cartCard, shopBody } from "../views/shop.js";

/** Shown after sign-out, which leaves no session to carry a flash (see docs/demo.md). */
const SIGNED_OUT = "You are signed out. This browser's session is gone.";

/**
 * GET /, POST /cart/add, POST /cart/remove, GET /cart (the cart card), GET /cart.json.
 * @param {{ storage: string }} options  the printable storage URL for the footer
 */
export function shopRoutes({ storage }) {
  const app = new Hono();

  app.get("/", async (c) => {
    const session = c.get("session");
    const [user, cart, flashed] = await Promise.all([session.get("user"), session.get("cart"), session.get("notice")]);
    const notice = flashed ?? (c.req.query("signed-out") !== undefined ? SIGNED_OUT : undefined);
    return c.html(page({ title: "Shop", path: "/", user, notice, storage, script: "/static/live.js" }, shopBody({ user, cart })));
  });

  // update() re-runs at commit on the freshest stored cart: two tabs adding at once lose nothing.
  app.post("/cart/add", async (c) => {
    const product = findProduct((await c.req.parseBody()).product);
    if (product) c.get("session").update("cart", (cart = []) => [...cart, product.id]);
    return c.redirect("/", 303);
  });

  app.post("/cart/remove", async (c) => {
    const product = findProduct((await c.req.parseBody()).product);
    if (product) c.get("session").update("cart", (cart = []) => withoutOne(cart, product.id));
    return c.redirect("/", 303);
  });

  // The cart card alone: what the live page swaps in when the session changes.
  app.get("/cart", async (c) => c.html(cartCard(await c.get("session").get("cart"))));

  app.get("/cart.json", async (c) => {
    const session = c.get("session");
    const [user, cart] = await Promise.all([session.get("user"), session.get("cart")]);
    const { lines, count, total } = cartLines(cart);
    return c.json({ user: user ?? null, count, total, lines: lines.map(({ product, quantity }) => ({ id: product.id, quantity })) });
  });

  return app;
}
