// sessionkit/bun: sessions for Bun.serve, on its `fetch` handler and on its `routes`.
//
// Bun's types are spelled out structurally here, so the package needs no bun-types; with
// @types/bun installed, annotate `server: Server<MyData>` or `req: BunRequest<"/path">` in a
// handler and that type flows through.
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../src/index";

/** The part of Bun's `Server` a session handler usually needs. */
export interface BunServer {
  /** The client's address, or `null` for a unix socket or a closed request. */
  requestIP(request: Request): { address: string; family: string; port: number } | null;
  /** Upgrades the request to a WebSocket (`data` becomes `ws.data`); `true` when it did. */
  upgrade(request: Request, options?: any): boolean;
}

/** A request on a `routes` path: Bun adds the path's `params` (and `cookies`). */
export type BunRouteRequest<Path extends string = string> = Request & { readonly params: RouteParams<Path> };

/** The `params` of a route path: `"/users/:id"` → `{ id: string }` (as Bun types them). */
export type RouteParams<Path extends string> = string extends Path
  ? Record<string, string>
  : Path extends `${string}:${infer Param}/${infer Rest}`
    ? { [K in Param]: string } & RouteParams<Rest>
    : Path extends `${string}:${infer Param}`
      ? { [K in Param]: string }
      : {};

/** What a handler returns: a `Response`, or nothing after a successful `server.upgrade()`. */
export type BunHandlerResult = Response | undefined | void;

/** A handler that gets the session: `(request, session, server)`. Declared bivariantly, so a handler annotated with Bun's own types fits. */
export type BunSessionHandler<D extends SessionData, Req extends Request = Request, S = BunServer, Res extends BunHandlerResult = BunHandlerResult> = {
  handler(request: Req, session: Session<D>, server: S): Res | Promise<Res>;
}["handler"];

/** The HTTP methods of a per-method route object. */
export type HTTPMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";

/**
 * One value of {@link sessionRoutes}: a session handler, per-method handlers, or anything Bun
 * serves as it is (a `Response`, `false`, a file, an HTML import, `{ dir }`), passed through.
 */
export type SessionRouteValue<D extends SessionData, Path extends string, S> =
  | BunSessionHandler<D, BunRouteRequest<Path>, S>
  | { [M in HTTPMethod]?: BunSessionHandler<D, BunRouteRequest<Path>, S> | Response }
  | Response
  | false
  | object;

/** A route value as Bun receives it: session handlers become `(request, server)` handlers; the rest is unchanged. */
export type WrappedRoute<V, S> = V extends (request: infer Req, session: any, server: any) => infer Res
  ? (request: Req, server: S) => Promise<Awaited<Res>>
  : V extends Response | false
    ? V
    : V extends { [M in HTTPMethod]?: unknown }
      ? { [K in keyof V]: K extends HTTPMethod ? WrappedRoute<V[K], S> : V[K] }
      : V;

const HTTP_METHODS: ReadonlySet<string> = new Set<HTTPMethod>(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]);

/**
 * Wraps one Bun handler: `Bun.serve({ fetch: withSession(sessions, (req, session, server) => …) })`.
 * The handler's response comes back committed (cookie appended, immutable headers copied). A
 * storage failure the handler does not catch becomes a 503 with no cookie. When the handler
 * returns nothing because it upgraded to a WebSocket, nothing is committed: read the session
 * before `server.upgrade(req, { data: { sessionId: session.id } })`, and write it on plain requests.
 */
export function withSession<D extends SessionData, Req extends Request = Request, S = BunServer, Res extends BunHandlerResult = Response>(
  sessions: Sessions<D>,
  handler: BunSessionHandler<D, Req, S, Res>,
): (request: Req, server: S) => Promise<Res> {
  return async function bunSessionHandler(request, server) {
    const { session, commit } = sessions.createSessionHandler(request);
    try {
      const response = await handler(request, session, server);
      if (!response) return response; // upgraded: there is no HTTP response to carry a cookie
      return (await commit(response)) as Res;
    } catch (error) {
      const unavailable = storageUnavailable(error);
      if (unavailable) return unavailable as Res;
      throw error;
    }
  };
}

/**
 * Wraps every handler of a `routes` object, including per-method objects
 * (`{ GET: …, POST: … }`); static `Response`s, `false`, files and HTML imports pass through:
 * `Bun.serve({ routes: sessionRoutes(sessions, { "/users/:id": (req, session) => … }) })`.
 * Handlers get `req.params` typed from the path, like Bun's own routes.
 */
export function sessionRoutes<D extends SessionData, R, S = BunServer>(
  sessions: Sessions<D>,
  // `R &` keeps each value's own type for the result; the mapped half types the handlers' parameters.
  routes: R & { [Path in keyof R]: SessionRouteValue<D, Path & string, S> },
): { [Path in keyof R]: WrappedRoute<R[Path], S> } {
  const wrapped: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(routes as object)) wrapped[path] = wrapRoute(sessions, value);
  return wrapped as { [Path in keyof R]: WrappedRoute<R[Path], S> };
}

function wrapRoute(sessions: Sessions<any>, value: unknown): unknown {
  if (typeof value === "function") return withSession(sessions, value as BunSessionHandler<any>);
  if (!isMethodMap(value)) return value;
  const methods: Record<string, unknown> = {};
  for (const [method, handler] of Object.entries(value)) {
    methods[method] = typeof handler === "function" ? withSession(sessions, handler as BunSessionHandler<any>) : handler;
  }
  return methods;
}

/** A per-method route object: a plain object keyed by HTTP methods (a Response or a file has no such own keys). */
function isMethodMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.keys(value).some((key) => HTTP_METHODS.has(key));
}
