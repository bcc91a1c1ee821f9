import { redirect, type ActionFunctionArgs } from "react-router";
import { commitSession, cookieHeaders, getSession } from "../sessions.server";

export async function action({ request }: ActionFunctionArgs) {
  const name = String((await request.formData()).get("name") ?? "").trim();
  const session = await getSession(request.headers.get("Cookie"));
  if (name) {
    session.cycleId(); // a new id on sign-in: an id planted before it is worth nothing
    session.setOwner(name); // listed under the user: sessions.listByOwner / revokeOwner
    session.set("user", name);
    session.flash("notice", `Welcome ${name}`);
  }
  return redirect("/", { status: 303, headers: cookieHeaders(await commitSession(session)) });
}
