import { redirect, type Handle } from "@sveltejs/kit";
import { sequence } from "@sveltejs/kit/hooks";
import { handleSession } from "sessionkit/sveltekit";
import { sessions } from "./lib/server/sessions";

/** Runs after handleSession in the sequence: /account needs a signed-in user. */
const requireUser: Handle = async ({ event, resolve }) => {
  if (event.url.pathname.startsWith("/account") && !(await event.locals.session.get("user"))) redirect(303, "/");
  return resolve(event);
};

export const handle = sequence(handleSession(sessions), requireUser);
