import { redirect } from "@remix-run/node";
import { sessions, withSession } from "../sessions.server";

export const action = withSession(sessions, ({ session }) => {
  session.destroy();
  return redirect("/", 303);
});
