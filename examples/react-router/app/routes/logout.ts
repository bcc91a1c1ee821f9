import { redirect, type ActionFunctionArgs } from "react-router";
import { destroySession, getSession } from "../sessions.server";

export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request.headers.get("Cookie"));
  return redirect("/", { status: 303, headers: { "Set-Cookie": await destroySession(session) } });
}
