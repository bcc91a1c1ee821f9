// Route modules in the framework-neutral form the hand-built Remix / React Router builds take.

/** One route below the root: a route module and where it matches. */
export interface AppRoute {
  /** Route id, e.g. `"routes/login"`. */
  id: string;
  /** Path below the root (no leading slash); omitted for an index route. */
  path?: string;
  /** An index route (matches the parent's path). */
  index?: boolean;
  /** The route module: `loader`, `action`, and `default` for a UI route (none: a resource route). */
  module: Record<string, unknown>;
}

/** A UI route's component: the harnesses answer with loader data as JSON, so nothing renders. */
export const NoComponent = () => null;

/** The leaf route's loader data of a document request, as JSON: the harnesses' stand-in for React rendering. */
export function leafDataResponse(
  status: number,
  headers: Headers,
  context: { staticHandlerContext: { matches: { route: { id: string } }[]; loaderData: Record<string, unknown> } },
): Response {
  const { matches, loaderData } = context.staticHandlerContext;
  const leaf = matches[matches.length - 1]?.route.id;
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify((leaf && loaderData[leaf]) ?? null), { status, headers });
}

/** A search parameter of a request URL, `""` when missing. */
export function param(request: Request, name: string): string {
  return new URL(request.url).searchParams.get(name) ?? "";
}

/**
 * The entry's `handleError`: logs like the frameworks' default, except what the suites cause on
 * purpose (404s of unmatched URLs, storage failures of the broken store; tests check those answers).
 */
export function logUnexpected(error: unknown): void {
  const expected = error as { status?: number; name?: string } | null;
  if (expected?.status === 404 || expected?.name === "SessionStorageError") return;
  console.error(error);
}

/** `build.routes` of a hand-built server build: every route under the one with id `"root"`. */
export function buildRoutes(all: AppRoute[]): Record<string, any> {
  return Object.fromEntries(
    all.map((route) => [route.id, { id: route.id, parentId: route.id === "root" ? undefined : "root", path: route.path, index: route.index, module: route.module }]),
  );
}

/** `build.assets.routes`: each route's manifest entry, plus the fields a framework version adds. */
export function assetRoutes(all: AppRoute[], extra: Record<string, unknown> = {}): Record<string, any> {
  return Object.fromEntries(
    all.map((route) => [
      route.id,
      {
        id: route.id,
        parentId: route.id === "root" ? undefined : "root",
        path: route.path,
        index: route.index,
        module: `/${route.id}.js`,
        hasLoader: typeof route.module.loader === "function",
        hasAction: typeof route.module.action === "function",
        hasClientAction: false,
        hasClientLoader: false,
        hasErrorBoundary: false,
        ...extra,
      },
    ]),
  );
}
