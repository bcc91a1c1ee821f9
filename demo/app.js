// The demo app: which session setup serves which path, and the routes.
import { Hono } from "hono";
import { except } from "hono/combine";
import { csrf } from "hono/csrf";
import { session } from "sessionkit/hono";
import { accountRoutes } from "./routes/account.js";
import { liveRoutes } from "./routes/live.js";
import { shopRoutes } from "./routes/shop.js";
import { tabRoutes } from "./routes/tab.js";
import { staticRoutes } from "./static.js";

const TAB_API = "/tab/api/*";

/**
 * The demo app: the per-tab API on header sessions, everything else on cookie sessions.
 * @param {{ shop: import("sessionkit").Sessions<any>, tab: import("sessionkit").Sessions<any>, storage: string }} options
 *   `storage` is the printable storage URL shown in the footer.
 */
export function createApp({ shop, tab, storage }) {
  const app = new Hono();
  app.use(csrf()); // forms post only from this origin (SameSite=Lax does the same for the cookie)
  app.route("/static", staticRoutes());
  app.use(TAB_API, session(tab)); // the per-tab API: header transport, no cookie
  app.use(except([TAB_API, "/static/*"], session(shop))); // everything else: the cookie session
  app.route("/", shopRoutes({ storage }));
  app.route("/", accountRoutes({ sessions: shop, storage }));
  app.route("/", liveRoutes({ sessions: shop }));
  app.route("/", tabRoutes({ sessions: tab, storage }));
  return app;
}
