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
interface ServerWebSocket<T> {
  readonly data: T;
  send(data: string | ArrayBuffer | Uint8Array): number;
}
interface WebSocketHandler<T> {
  data?: T;
  message(ws: ServerWebSocket<T>, message: string | Buffer): void | Promise<void>;
  open?(ws: ServerWebSocket<T>): void | Promise<void>;
}
// As in bun-types: a `fetch` that may return nothing (after server.upgrade) needs a `websocket` handler.
type ServeOptions<W, R extends string> =
  | { fetch(this: Server<W>, request: Request, server: Server<W>): Response | Promise<Response>; routes?: Routes<W, R>; websocket?: never }
  | {
      fetch(this: Server<W>, request: Request, server: Server<W>): Response | void | undefined | Promise<Response | void | undefined>;
      routes?: Routes<W, R>;
      websocket: WebSocketHandler<W>;
    };
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

// The README's "### Bun" snippet, as it type-checks (against bun-types 1.4.4 too): a fetch that
// upgrades returns nothing, which Bun.serve accepts only next to a `websocket` handler; the
// handler's `data` type is the one `server.upgrade` is checked against.
type SocketData = { sessionId: string | undefined; userId: string | undefined };
serve({
  routes: sessionRoutes(sessions, {
    "/cart": { GET: async (_req, session) => Response.json((await session.get("userId")) ?? null) },
  }),
  fetch: withSession(sessions, async (req, session, server) => {
    if (new URL(req.url).pathname === "/ws") {
      // A WebSocket upgrade has no response to carry a cookie: read the session, then upgrade.
      const userId = await session.get("userId");
      return server.upgrade(req, { data: { sessionId: session.id, userId } }) ? undefined : new Response("no", { status: 400 });
    }
    return new Response("hello");
  }),
  websocket: {
    data: {} as SocketData,
    message(ws, message) {
      expectTypeOf(ws.data).toEqualTypeOf<SocketData>();
      ws.send(`${ws.data.userId ?? "anonymous"}: ${String(message)}`);
    },
  },
});

// The snippet as the README had it — an upgrading fetch and no `websocket` — is what failed.
// @ts-expect-error a fetch that may return undefined needs a websocket handler
serve({
  fetch: withSession(sessions, async (req, session, server) =>
    server.upgrade(req, { data: { sessionId: session.id } }) ? undefined : new Response("no", { status: 400 }),
  ),
});

// And the upgrade's data is checked against the websocket handler's.
serve({
  fetch: withSession(sessions, async (req, session, server) =>
    // @ts-expect-error sessionId is a string | undefined, not a number
    server.upgrade(req, { data: { sessionId: 1, userId: await session.get("userId") } }) ? undefined : new Response("no"),
  ),
  websocket: { data: {} as SocketData, message() {} },
});
