// sessionkit/node: Express 4 and 5, Connect, Fastify and plain node:http — and moving an express-session app over.
export { sessionMiddleware, type NodeMiddleware, type SessionRequest } from "./node/middleware";
export { withSession } from "./node/with-session";
export { fastifySession, type FastifyLike, type FastifySessionPlugin } from "./node/fastify";
export {
  fromExpressSession,
  EXPRESS_SESSION_COOKIE,
  type ExpressSessionOptions,
  type ExpressSessionStore,
} from "./node/express-session";
