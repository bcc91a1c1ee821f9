import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /unset?key=K. */
export const POST: RequestHandler = ({ url, locals }) => {
  locals.session.unset(url.searchParams.get("key") ?? "");
  return json({ ok: true });
};
