import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /cycle: new id, same data. */
export const POST: RequestHandler = ({ locals }) => {
  locals.session.cycleId();
  return json({ ok: true });
};
