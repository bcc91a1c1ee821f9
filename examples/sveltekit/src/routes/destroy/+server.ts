import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /destroy. */
export const POST: RequestHandler = ({ locals }) => {
  locals.session.destroy();
  return json({ ok: true });
};
