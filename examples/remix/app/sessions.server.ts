import { defineSessions } from "sessionkit";
import * as v from "valibot";

// Routes import sessionkit through this `.server` module only: the classic compiler empties it in
// the browser build, so no server code (nor the Redis client it may load) reaches the browser.
export { withSession } from "sessionkit/remix";

/**
 * The app's sessions (server-only: the `.server` suffix keeps them out of the browser bundle).
 * SESSION_SECRET (at least 32 characters) signs the cookie; SESSION_STORAGE picks the store.
 */
export const sessions = defineSessions({
  secrets: process.env.SESSION_SECRET ?? "",
  storage: process.env.SESSION_STORAGE ?? "memory:",
  schema: v.object({
    count: v.optional(v.number()),
    user: v.optional(v.string()),
    notice: v.optional(v.string()),
  }),
});
