import { fail, redirect } from "@sveltejs/kit";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => ({
  user: (await locals.session.get("user")) ?? null,
  notice: (await locals.session.get("notice")) ?? null, // a flash: shown once
});

export const actions = {
  login: async ({ request, locals }) => {
    const name = String((await request.formData()).get("name") ?? "").trim();
    if (!name) return fail(400, { missing: true });
    locals.session.cycleId(); // new id on sign-in
    locals.session.set("user", name);
    locals.session.flash("notice", `Welcome ${name}`);
    redirect(303, "/");
  },
  logout: async ({ locals }) => {
    locals.session.destroy();
    redirect(303, "/");
  },
} satisfies Actions;
