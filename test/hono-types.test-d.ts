// Type-level checks of sessionkit/hono, run by `tsc --noEmit` (tsconfig includes test/); vitest
// only collects *.test.ts, so nothing here executes.
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { expectTypeOf } from "vitest";
import { getSession, session, type SessionEnv, type SessionOf, type SessionVariables } from "../adapters/hono";
import { defineSessions, type Session } from "../src/index";

const secrets = ["type-test-secret-0123456789-abcdefghijkl"];
const sessions = defineSessions({ secrets });

// App-wide through ContextVariableMap: any handler, any middleware, with no generics.
const app = new Hono();
app.use(session(sessions));
app.get("/", (c) => {
  expectTypeOf(c.get("session")).toEqualTypeOf<Session<any>>();
  expectTypeOf(c.get("session").get).toBeFunction();
  expectTypeOf(c.var.session.set).toBeFunction();
  // @ts-expect-error not a session member
  c.get("session").nope();
  return c.text("ok");
});
createMiddleware(async (c, next) => {
  expectTypeOf(c.get("session").id).toEqualTypeOf<string | undefined>();
  await next();
});

// With a schema, the chained app types the data.
const typed = defineSessions({ secrets, schema: v.object({ userId: v.optional(v.string()), n: v.optional(v.number()) }) });
new Hono().use(session(typed)).get("/", async (c) => {
  expectTypeOf(await c.get("session").get("userId")).toEqualTypeOf<string | undefined>();
  // @ts-expect-error a number is not a string
  c.get("session").set("userId", 1);
  // @ts-expect-error not a key of the schema
  c.get("session").set("other", "x");
  return c.text("ok");
});

// Apps that spell their Variables out.
type Data = { userId?: string; n?: number };
new Hono<{ Variables: SessionVariables<Data> }>().use(session(typed)).get("/", (c) => {
  expectTypeOf(c.get("session")).toEqualTypeOf<Session<Data>>();
  return c.text("ok");
});

// getSession(c): the same type as c.get("session"), wherever the context's type comes from.
app.get("/get-session", (c) => {
  expectTypeOf(getSession(c)).toEqualTypeOf<Session<any>>();
  return c.text("ok");
});
new Hono().use(session(typed)).get("/", async (c) => {
  expectTypeOf(getSession(c)).toEqualTypeOf<Session<Data>>();
  expectTypeOf(await getSession(c).get("n")).toEqualTypeOf<number | undefined>();
  // @ts-expect-error not a key of the schema
  getSession(c).get("other");
  return c.text("ok");
});

// An app typed once with SessionEnv: every route, sub-app and middleware of that type.
const envApp = new Hono<SessionEnv<typeof typed>>();
envApp.use(session(typed));
envApp.get("/", async (c) => {
  expectTypeOf(c.get("session")).toEqualTypeOf<SessionOf<typeof typed>>();
  expectTypeOf(await c.get("session").get("userId")).toEqualTypeOf<string | undefined>();
  expectTypeOf(await getSession(c).get("userId")).toEqualTypeOf<string | undefined>();
  // @ts-expect-error a number is not a string
  getSession(c).set("userId", 1);
  // @ts-expect-error not a key of the schema
  c.get("session").set("other", "x");
  return c.text("ok");
});
createMiddleware<SessionEnv<typeof typed>>(async (c, next) => {
  expectTypeOf(getSession(c)).toEqualTypeOf<Session<Data>>();
  await next();
});
expectTypeOf<SessionOf<typeof typed>>().toEqualTypeOf<Session<Data>>();
