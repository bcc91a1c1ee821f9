// The adapter suite's route contract as Remix / React Router route modules.
import type { Session } from "../../src/index";
import { home, login, parseSeconds } from "../suites/adapter-routes";
import { NoComponent, param, type AppRoute } from "./app-routes";

/** What a loader or action receives here. */
export interface DataArgs {
  request: Request;
  context: any;
}

/** How the app gives a loader or action its session: `withSession`, or reading the middleware's context. */
export type SessionAccess = (fn: (args: DataArgs & { session: Session<any> }) => unknown) => (args: DataArgs) => unknown;

const ok = () => Response.json({ ok: true });

/**
 * The contract of `test/suites/adapter-routes.ts` as route modules: resource routes for the
 * single operations, a UI route `/login` whose action flashes and throws the framework's
 * `redirect("/")`, and the index UI route whose loader reads the user and the flash as plain data.
 */
export function contractRoutes(access: SessionAccess, redirect: (url: string) => Response): AppRoute[] {
  const action = (id: string, run: (session: Session<any>, request: Request) => void): AppRoute => ({
    id: `routes/${id}`,
    path: id,
    module: {
      action: access(({ request, session }) => {
        run(session, request);
        return ok();
      }),
    },
  });
  return [
    {
      id: "routes/get",
      path: "get",
      module: { loader: access(async ({ request, session }) => Response.json({ value: (await session.get(param(request, "key"))) ?? null })) },
    },
    action("set", (session, request) => session.set(param(request, "key"), JSON.parse(param(request, "value")))),
    action("unset", (session, request) => session.unset(param(request, "key"))),
    action("cycle", (session) => session.cycleId()),
    action("destroy", (session) => session.destroy()),
    action("expiry", (session, request) => session.setExpiry(parseSeconds(param(request, "seconds")))),
    {
      id: "routes/own-cookie",
      path: "own-cookie",
      module: {
        action: access(({ session }) => {
          session.set("x", 1);
          return Response.json({ ok: true }, { headers: { "set-cookie": "own=1; Path=/" } });
        }),
      },
    },
    {
      id: "routes/login",
      path: "login",
      module: {
        default: NoComponent,
        action: access(({ request, session }) => {
          login(session, param(request, "name"));
          throw redirect("/");
        }),
      },
    },
    { id: "routes/_index", index: true, module: { default: NoComponent, loader: access(({ session }) => home(session)) } },
  ];
}
