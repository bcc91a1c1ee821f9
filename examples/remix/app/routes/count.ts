import { redirect } from "@remix-run/node";
import { sessions, withSession } from "../sessions.server";

export const action = withSession(sessions, ({ session }) => {
  session.update("count", (count) => (count ?? 0) + 1);
  return redirect("/", 303);
});
