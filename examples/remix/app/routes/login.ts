import { redirect } from "@remix-run/node";
import { sessions, withSession } from "../sessions.server";

export const action = withSession(sessions, async ({ request, session }) => {
  const name = String((await request.formData()).get("name") ?? "").trim();
  if (!name) return redirect("/", 303);
  session.cycleId(); // a new id on sign-in: an id planted before it is worth nothing
  session.setOwner(name); // listed under the user: sessions.listByOwner / revokeOwner
  session.set("user", name);
  session.flash("notice", `Welcome ${name}`);
  return redirect("/", 303);
});
