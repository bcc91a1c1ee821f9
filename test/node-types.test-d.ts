// Type-level checks of sessionkit/node, run by `tsc --noEmit` (tsconfig includes test/); vitest
// only collects *.test.ts, so nothing here executes.
import { createServer } from "node:http";
import express from "express";
import Fastify from "fastify";
import * as v from "valibot";
import { expectTypeOf } from "vitest";
import { fastifySession, fromExpressSession, sessionMiddleware, withSession, type SessionRequest } from "../adapters/node";
import { defineSessions, type InferData, type Session, type UntypedData } from "../src/index";

// The declaration merging an app writes once (docs/express.md). It is program-wide, so this one
// line types `req.session` in every Express handler of the test suite; an app would name its
// own data type here, e.g. `Session<InferData<typeof schema>>`.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      session: Session;
    }
  }
}

// Fastify: the same merging, on FastifyRequest.
declare module "fastify" {
  interface FastifyRequest {
    session: Session;
  }
}

const secrets = ["type-test-secret-0123456789-abcdefghijkl"];
const sessions = defineSessions({ secrets });

const app = express();
app.use(sessionMiddleware(sessions));
app.get("/", async (req, res) => {
  expectTypeOf(req.session).toEqualTypeOf<Session<UntypedData>>();
  expectTypeOf(req.session.id).toEqualTypeOf<string | undefined>();
  req.session.set("count", ((await req.session.get("count")) ?? 0) + 1);
  // @ts-expect-error not a session member
  req.session.nope();
  res.send("ok");
});

const fastify = Fastify();
void fastify.register(fastifySession(sessions));
fastify.get("/", async (request) => {
  expectTypeOf(request.session).toEqualTypeOf<Session<UntypedData>>();
  // @ts-expect-error not a session member
  request.session.nope();
  return { count: (await request.session.get("count")) ?? 0 };
});

// Without declaration merging: SessionRequest<D> types one handler, schema included.
const schema = v.object({ userId: v.optional(v.string()), n: v.optional(v.number()) });
const typed = defineSessions({ secrets, schema });
type Data = InferData<typeof schema>;
createServer((req, res) => {
  sessionMiddleware(typed)(req, res, async () => {
    const session = (req as SessionRequest<Data>).session;
    expectTypeOf(await session.get("userId")).toEqualTypeOf<string | undefined>();
    // @ts-expect-error a number is not a string
    session.set("userId", 1);
    // @ts-expect-error not a key of the schema
    session.set("other", "x");
    res.end();
  });
});

// withSession hands a typed session to plain node:http handlers.
createServer(
  withSession(typed, async (_req, res, session) => {
    expectTypeOf(session).toEqualTypeOf<Session<Data>>();
    expectTypeOf(await session.get("n")).toEqualTypeOf<number | undefined>();
    res.end();
  }),
);

// fromExpressSession takes any express-session store shape and fits `legacy`.
const store = { get: (_sid: string, cb: (error: unknown, session?: Record<string, unknown> | null) => void) => cb(null, null), destroy: () => {} };
defineSessions({ secrets, legacy: fromExpressSession({ secret: ["old", "older"], store }) });
// @ts-expect-error a store needs get and destroy
fromExpressSession({ secret: "old", store: {} });
