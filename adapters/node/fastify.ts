// fastifySession: the same session in Fastify, as a plugin.
import type { IncomingMessage, ServerResponse } from "node:http";
import { storageUnavailable, type Session, type SessionData, type Sessions } from "../../src/index";
import { attachSession, exposeSession, internalError } from "./attach";

/** The part of a Fastify instance the plugin uses (no type import: fastify stays an optional peer). */
export interface FastifyLike {
  addHook(name: "onRequest", hook: (request: { raw: IncomingMessage }, reply: { raw: ServerResponse }) => Promise<void>): unknown;
  decorateRequest(name: "session", value: null): unknown;
}

/** A Fastify plugin, marked to apply to the whole app (what `fastify-plugin` does). */
export type FastifySessionPlugin = ((fastify: FastifyLike) => Promise<void>) & { [key: symbol]: unknown };

/**
 * A Fastify plugin: `app.register(fastifySession(sessions))`, then `request.session` in every
 * route (type it with declaration merging on `FastifyRequest`, see docs/express.md). The
 * commit lands before Fastify writes the headers, as with {@link sessionMiddleware}; a storage
 * failure — of the commit, or of a read that ends in Fastify's 500 — answers 503 with no cookie.
 *
 * @example
 * const app = Fastify();
 * await app.register(fastifySession(sessions));
 * app.get("/", async (request) => ({ count: (await request.session.get("count")) ?? 0 }));
 */
export function fastifySession<D extends SessionData>(sessions: Sessions<D>): FastifySessionPlugin {
  const plugin = async function sessionkitPlugin(fastify: FastifyLike) {
    fastify.decorateRequest("session", null);
    fastify.addHook("onRequest", async function attachRequestSession(request, reply) {
      const session: () => Session<D> = attachSession(sessions, request.raw, reply.raw, (error, held) =>
        held.respond(storageUnavailable(error) ?? internalError()),
      );
      exposeSession(request, session);
    });
  } as FastifySessionPlugin;
  plugin[Symbol.for("skip-override")] = true; // not encapsulated: every route sees request.session
  plugin[Symbol.for("fastify.display-name")] = "sessionkit";
  return plugin;
}
