// Route modules written the way Remix docs write sessions: getSession / commitSession / destroySession.
import type { RemixSessionStorage } from "../../adapters/remix";
import { NoComponent, param, type AppRoute } from "./app-routes";

/** The framework's own helpers the routes use, so the same modules run in Remix v2 and React Router 7. */
export interface FrameworkHelpers {
  redirect(url: string, init?: ResponseInit): Response;
  /** Data plus response headers: Remix's `json()`, React Router's `data()`. */
  data(value: unknown, init?: ResponseInit): unknown;
  isSession(value: unknown): boolean;
}

/**
 * A sign-in flow over a drop-in `SessionStorage`: `POST /sign-in?name=N` sets the user, flashes a
 * notice and redirects to `/welcome`, whose loader reads both (committing, as Remix requires after
 * reading a flash); `POST /remember` commits with `maxAge: 3600`; `POST /sign-out` destroys.
 */
export function storageRoutes(storage: RemixSessionStorage, helpers: FrameworkHelpers): AppRoute[] {
  const { getSession, commitSession, destroySession } = storage;
  const sessionOf = (request: Request) => getSession(request.headers.get("Cookie"));
  return [
    {
      id: "routes/sign-in",
      path: "sign-in",
      module: {
        default: NoComponent,
        action: async ({ request }: { request: Request }) => {
          const session = await sessionOf(request);
          const name = param(request, "name");
          session.set("user", name);
          session.flash("notice", `Welcome ${name}`);
          return helpers.redirect("/welcome", { headers: { "Set-Cookie": await commitSession(session) } });
        },
      },
    },
    {
      id: "routes/welcome",
      path: "welcome",
      module: {
        default: NoComponent,
        loader: async ({ request }: { request: Request }) => {
          const session = await sessionOf(request);
          const notice = session.get("notice") ?? null;
          const body = { user: session.get("user") ?? null, notice, isSession: helpers.isSession(session), hasId: session.id !== "" };
          return helpers.data(body, { headers: { "Set-Cookie": await commitSession(session) } });
        },
      },
    },
    {
      id: "routes/remember",
      path: "remember",
      module: {
        action: async ({ request }: { request: Request }) => {
          const session = await sessionOf(request);
          return new Response("remembered", { headers: { "Set-Cookie": await commitSession(session, { maxAge: 3600 }) } });
        },
      },
    },
    {
      id: "routes/sign-out",
      path: "sign-out",
      module: {
        default: NoComponent,
        action: async ({ request }: { request: Request }) => {
          const session = await sessionOf(request);
          return helpers.redirect("/welcome", { headers: { "Set-Cookie": await destroySession(session) } });
        },
      },
    },
  ];
}
