import { defineSessions } from "sessionkit";
import { createSessionStorage } from "sessionkit/remix";
import * as v from "valibot";

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

/** React Router's SessionStorage API over sessionkit: a drop-in for createCookieSessionStorage. */
export const { getSession, commitSession, destroySession } = createSessionStorage(sessions);

/** The response headers that carry a commit's cookie (none when the cookie did not change). */
export const cookieHeaders = (setCookie: string): HeadersInit => (setCookie ? { "Set-Cookie": setCookie } : {});
