// Type-level checks of sessionkit/bun, run by `tsc --noEmit`. Bun's own types are not installed,
// so a trimmed copy of their shapes (bun-types serve.d.ts: Handler, Routes, BunRequest, Server)
// stands in to prove the wrapped handlers fit where Bun.serve expects them.
import { expectTypeOf } from "vitest";
import { sessionRoutes, withSession } from "../adapters/bun";
import { defineSessions, type Session } from "../src/index";
import * as v from "valibot";

type ExtractRouteParams<T> = string extends T
  ? Record<string, string>
  : T extends `${string}:${infer Param}/${infer Rest}`
    ? { [K in Param]: string } & ExtractRouteParams<Rest>
    : T extends `${string}:${infer Param}`
      ? { [K in Param]: string }
      : {};
interface BunRequest<T extends string = string> extends Request {
  readonly params: { [Key in keyof ExtractRouteParams<T>]: ExtractRouteParams<T>[Key] } & {};
  readonly cookies: Map<string, string>;
}
interface Server<WebSocketData> {
  requestIP(request: Request): { address: string; family: "IPv4" | "IPv6"; port: number } | null;
  upgrade(request: Request, ...options: [options: { headers?: HeadersInit; data: WebSocketData }]): boolean;
  readonly port: number | undefined;
  stop(closeActiveConnections?: boolean): Promise<void>;
}
type Handler<Req extends Request, S, Res> = (request: Req, server: S) => Res | Promise<Res>;
type HTTPMethod = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS";
type Routes<W, R extends string> = {
  [Path in R]:
    | Response
    | false
    | Handler<BunRequest<Path>, Server<W>, Response>
    | Partial<Record<HTTPMethod, Handler<BunRequest<Path>, Server<W>, Response> | Response>>;
};
interface ServeOptions<W, R extends string> {
  fetch(this: Server<W>, request: Request, server: Server<W>): Response | Promise<Response>;
  routes?: Routes<W, R>;
}
declare function serve<W = undefined, R extends string = never>(options: ServeOptions<W, R>): Server<W>;

const sessions = defineSessions({
  secrets: ["bun-type-test-secret-0123456789-abcdefg"],
  schema: v.object({ userId: v.optional(v.string()) }),
});

serve<{ userId: string | undefined }>({
  fetch: withSession(sessions, async (request, session, server) => {
    expectTypeOf(request).toEqualTypeOf<Request>();
    expectTypeOf(session).toEqualTypeOf<Session<{ userId?: string | undefined }>>();
    expectTypeOf(server).toEqualTypeOf<Server<{ userId: string | undefined }>>(); // inferred from where the handler goes
    expectTypeOf(server.requestIP(request)?.address).toEqualTypeOf<string | undefined>();
    // @ts-expect-error the schema says string
    session.set("userId", 1);
    return new Response("ok");
  }),
  routes: sessionRoutes(sessions, {
    "/users/:id/posts/:post": (request, session) => {
      expectTypeOf(request.params).toMatchTypeOf<{ id: string; post: string }>();
      // @ts-expect-error not a param of this path
      void request.params.nope;
      session.set("userId", request.params.id);
      return Response.json(request.params);
    },
    "/api": {
      GET: async (request, session) => Response.json({ userId: await session.get("userId"), url: request.url }),
      POST: new Response("static"),
    },
    // Bun's own types, annotated by hand, fit too.
    "/typed/:id": (request: BunRequest<"/typed/:id">, session, server: Server<{ userId: string | undefined }>) => {
      server.upgrade(request, { data: { userId: request.params.id } });
      return new Response(request.cookies.get("x") ?? session.id ?? "");
    },
    "/static": new Response("static"),
    "/off": false,
  }),
});

// Upgrade handlers may return nothing; the wrapped handler says so.
const upgrading = withSession(sessions, (request, session, server) => {
  if (server.upgrade(request, { data: { sessionId: session.id } })) return undefined;
  return new Response("Upgrade failed", { status: 400 });
});
expectTypeOf(upgrading).returns.toEqualTypeOf<Promise<Response | undefined>>();

// Values Bun serves itself (files, HTML imports, directories) pass through with their own types.
declare const htmlImport: { index: string };
const passthrough = sessionRoutes(sessions, { "/": htmlImport, "/static/*": { dir: "./public" }, "/file": new Blob(["x"]) });
expectTypeOf(passthrough["/"]).toEqualTypeOf<{ index: string }>();
expectTypeOf(passthrough["/static/*"]).toEqualTypeOf<{ dir: string }>();
