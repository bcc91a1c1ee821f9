import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** Only reached through the `requireUser` hook, so a user is signed in. */
export const GET: RequestHandler = async ({ locals }) => json({ user: await locals.session.get("user") });
