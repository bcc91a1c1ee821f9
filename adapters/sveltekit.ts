// sessionkit/sveltekit: the session as a SvelteKit handle, in `event.locals.session`.
import type { Handle } from "@sveltejs/kit";
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../src/index";
import { commitOrUnavailable } from "./internal/responses";

/**
 * SvelteKit handle: `export const handle = handleSession(sessions)` in `src/hooks.server.ts`
 * (or one step of `sequence()`). Loads, actions and endpoints find the session in
 * `event.locals.session` (type it in `src/app.d.ts`, `App.Locals`); the response — page,
 * `__data.json`, endpoint or redirect — comes back with the session committed.
 *
 * A storage failure that the app lets through becomes the core's 503 with no cookie, also
 * when SvelteKit already rendered a load's failed read as its 500 error page.
 */
export function handleSession<D extends SessionData>(sessions: Sessions<D>): Handle {
  return async function sessionHandle({ event, resolve }) {
    const handler = sessions.createSessionHandler(event.request);
    (event.locals as { session?: Session<D> }).session = handler.session;
    let response: Response;
    try {
      response = await resolve(event);
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (unavailable) return unavailable;
      throw error;
    }
    return commitOrUnavailable(handler, response);
  };
}
