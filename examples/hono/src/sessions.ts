import { defineSessions } from "sessionkit";
import * as v from "valibot";

/**
 * The app's sessions. SESSION_SECRET (at least 32 characters) signs the cookie; SESSION_STORAGE
 * picks the store: `memory:` (the default), `file:./.data`, `redis://127.0.0.1:6379`, …
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
