import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** POST /expiry?seconds=N|null: a persistent or a browser-session cookie. */
export const POST: RequestHandler = ({ url, locals }) => {
  const seconds = url.searchParams.get("seconds");
  locals.session.setExpiry(seconds === "null" ? null : Number(seconds));
  return json({ ok: true });
};
