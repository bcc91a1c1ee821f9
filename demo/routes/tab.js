// The per-tab cart: a JSON API on header transport (no cookie), and the page that uses it.
import { Hono } from "hono";
import { cartLines, findProduct, withoutOne } from "../catalog.js";
import { page } from "../views/layout.js";
import { tabBody } from "../views/tab.js";

/**
 * @param {{ sessions: import("sessionkit").Sessions<any>, storage: string }} options
 *   `sessions` is the header-transport setup; the page itself is served under the shop's.
 */
export function tabRoutes({ sessions, storage }) {
  const app = new Hono();

  app.get("/tab", async (c) => {
    const user = await c.get("session").get("user");
    return c.html(page({ title: "Per-tab cart", path: "/tab", user, storage, script: "/static/tab.js" }, tabBody()));
  });

  app.get("/tab/api/cart", async (c) => c.json(await cartState(c.get("session"), sessions)));

  app.post("/tab/api/cart", async (c) => {
    const session = c.get("session");
    const body = await c.req.json().catch(() => ({}));
    const added = findProduct(body.add);
    const removed = findProduct(body.remove);
    if (added) session.update("cart", (cart = []) => [...cart, added.id]);
    if (removed) session.update("cart", (cart = []) => withoutOne(cart, removed.id));
    return c.json(await cartState(session, sessions));
  });

  return app;
}

/** What the tab shows: its cart lines and a short, non-secret name for its session. */
async function cartState(session, sessions) {
  const { lines, count, total } = cartLines(await session.get("cart"));
  return {
    count,
    total,
    lines: lines.map(({ product, quantity }) => ({ id: product.id, name: product.name, quantity })),
    session: session.id ? sessions.handleOf(session).slice(0, 8) : null,
  };
}
