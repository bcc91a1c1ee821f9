import { json } from "@sveltejs/kit";
import type { RequestHandler } from "./$types";

/** GET /get?key=K → `{ value }`. */
export const GET: RequestHandler = async ({ url, locals }) => json({ value: (await locals.session.get(url.searchParams.get("key") ?? "")) ?? null });
