import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  // Imported on use: `vite build` loads this file to analyse it, without SESSION_SECRET set.
  const { sessions } = await import("../lib/server/sessions");
  const user = (await locals.session.get("user")) ?? null;
  return {
    count: (await locals.session.get("count")) ?? 0,
    user,
    notice: (await locals.session.get("notice")) ?? null, // a flash: shown once
    devices: user ? (await sessions.listByOwner(user)).length : 0,
  };
};

export const actions = {
  count: async ({ locals }) => {
    locals.session.update("count", (count) => (count ?? 0) + 1);
    redirect(303, "/");
  },
  login: async ({ request, locals }) => {
    const name = String((await request.formData()).get("name") ?? "").trim();
    if (!name) return fail(400, { missing: true });
    locals.session.cycleId(); // a new id on sign-in: an id planted before it is worth nothing
    locals.session.setOwner(name); // listed under the user: sessions.listByOwner / revokeOwner
    locals.session.set("user", name);
    locals.session.flash("notice", `Welcome ${name}`);
    redirect(303, "/");
  },
  logout: async ({ locals }) => {
    locals.session.destroy();
    redirect(303, "/");
  },
} satisfies Actions;
