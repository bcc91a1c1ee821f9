import { redirect, type ActionFunctionArgs } from "react-router";
import { commitSession, cookieHeaders, getSession } from "../sessions.server";

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request.headers.get("Cookie"));
  session.set("count", (session.get("count") ?? 0) + 1);
  return redirect("/", { status: 303, headers: cookieHeaders(await commitSession(session)) });
}
