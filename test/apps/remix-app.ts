// A Remix v2 app from hand-written route modules: a real ServerBuild for `createRequestHandler`, no compiler.
import { createRequestHandler } from "@remix-run/node";
import type { ServerBuild } from "@remix-run/server-runtime";
import { assetRoutes, buildRoutes, leafDataResponse, logUnexpected, NoComponent, type AppRoute } from "./app-routes";

/**
 * A Remix v2 request handler over `routes` (below a root route without a loader). Document
 * requests answer with the leaf route's loader data as JSON instead of rendered HTML.
 */
export function createRemixApp(routes: AppRoute[]): (request: Request) => Promise<Response> {
  const all = [{ id: "root", path: "", module: { default: NoComponent } as Record<string, unknown> }, ...routes];
  const build: ServerBuild = {
    mode: "production",
    entry: { module: { default: (_request, status, headers, context) => leafDataResponse(status, headers, context), handleError: logUnexpected } },
    routes: buildRoutes(all),
    assets: {
      entry: { imports: [], module: "/entry.client.js" },
      routes: assetRoutes(all),
      url: "/manifest.js",
      version: "test",
    },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: false, v3_singleFetch: false },
    isSpaMode: false,
  };
  const handle = createRequestHandler(build, "production");
  return (request) => handle(request);
}
