import { redirect } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /login?name=N: new id, the user, a flash, and a 302 to /. */
export const POST: RequestHandler = ({ url, locals }) => {
  const name = url.searchParams.get("name") ?? "";
  locals.session.cycleId();
  locals.session.set("user", name);
  locals.session.flash("notice", `Welcome ${name}`);
  redirect(302, "/");
};
