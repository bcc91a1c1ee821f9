import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

// The adapter conformance suite's endpoints (test/suites/adapter-routes.ts) live next to the page:
// a request that does not ask for text/html gets this JSON instead of the page.

/** GET / → the user and the flashed notice. */
export const GET: RequestHandler = async ({ locals }) =>
  json({ user: (await locals.session.get("user")) ?? null, notice: (await locals.session.get("notice")) ?? null });
