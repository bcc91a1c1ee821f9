import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /set?key=K&value=<json>. */
export const POST: RequestHandler = ({ url, locals }) => {
  locals.session.set(url.searchParams.get("key") ?? "", JSON.parse(url.searchParams.get("value") ?? "null"));
  return json({ ok: true });
};
