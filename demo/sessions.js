// The demo's two session setups: a cookie session for the shop, a header session per tab.
import { defineSessions } from "sessionkit";
import * as v from "valibot";

/** Header that carries the per-tab token (the client helper sends and stores it). */
export const TAB_HEADER = "x-session-id";
/** "Remember me": a persistent cookie for 30 days, in seconds. */
export const REMEMBER_SECONDS = 30 * 24 * 60 * 60;
/** Sudo mode: "sign out everywhere else" asks for the sign-in again once it is older than this (`SUDO_SECONDS`, default 5 minutes). */
export const SUDO_SECONDS = Number(process.env.SUDO_SECONDS) > 0 ? Number(process.env.SUDO_SECONDS) : 5 * 60;

/** What a session may hold; every commit is checked against it. */
const schema = v.object({
  cart: v.optional(v.array(v.string())),
  user: v.optional(v.pipe(v.string(), v.maxLength(40))),
  notice: v.optional(v.string()),
});

/**
 * The shop's cookie sessions and the per-tab header sessions, on the same storage.
 * @param {import("./config.js").DemoConfig} config
 * @returns {{ shop: import("sessionkit").Sessions<v.InferOutput<typeof schema>>, tab: import("sessionkit").Sessions<v.InferOutput<typeof schema>> }}
 */
export function createDemoSessions(config) {
  const common = { secrets: [config.secret], storage: config.storage, broadcast: config.broadcast, schema };
  return {
    // The shop: an HttpOnly cookie, shared by every tab of the browser.
    shop: defineSessions(common),
    // The per-tab page: no cookie at all; the token travels in a header and lives in sessionStorage.
    tab: defineSessions({ ...common, cookie: false, header: TAB_HEADER, prefix: "tab" }),
  };
}
