import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /own-cookie: the endpoint's own Set-Cookie survives next to the session's. */
export const POST: RequestHandler = ({ locals }) => {
  locals.session.set("x", 1);
  return json({ ok: true }, { headers: { "set-cookie": "own=1; Path=/" } });
};
