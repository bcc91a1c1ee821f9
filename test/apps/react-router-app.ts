// A React Router 7 app from hand-written route modules: a real ServerBuild for `createRequestHandler`, no Vite.
import { createRequestHandler, RouterContextProvider, type ServerBuild } from "react-router";
import { assetRoutes, buildRoutes, leafDataResponse, logUnexpected, NoComponent, type AppRoute } from "./app-routes";

/** Options of {@link createReactRouterApp}. */
export interface ReactRouterAppOptions {
  /** Root route middleware; turns on `future.v8_middleware`. */
  middleware?: unknown[];
}

/**
 * A React Router 7 request handler over `routes` (below a root route without a loader).
 * Document requests answer with the leaf route's loader data as JSON instead of rendered HTML.
 */
export function createReactRouterApp(routes: AppRoute[], options: ReactRouterAppOptions = {}): (request: Request) => Promise<Response> {
  const root: AppRoute = { id: "root", path: "", module: { default: NoComponent, ...(options.middleware ? { middleware: options.middleware } : {}) } };
  const all = [root, ...routes];
  const build: ServerBuild = {
    entry: { module: { default: (_request, status, headers, context) => leafDataResponse(status, headers, context), handleError: logUnexpected } },
    routes: buildRoutes(all),
    assets: {
      entry: { imports: [], module: "/entry.client.js" },
      routes: assetRoutes(all, { hasClientMiddleware: false, clientActionModule: undefined, clientLoaderModule: undefined, clientMiddlewareModule: undefined, hydrateFallbackModule: undefined }),
      url: "/manifest.js",
      version: "test",
    },
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v8_middleware: !!options.middleware, v8_passThroughRequests: false, v8_trailingSlashAwareDataRequests: false },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
  };
  const handle = createRequestHandler(build, "production");
  return (request) => (options.middleware ? handle(request, new RouterContextProvider() as any) : handle(request));
}
