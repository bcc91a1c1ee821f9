// Minimal types for the express-session side of the migration tests. @types/express-session is
// deliberately not installed: it declares its own `req.session` on Express's Request, which
// collides with the app's sessionkit one (see docs/express.md, "Migrating from express-session").
declare module "express-session" {
  import type { RequestHandler } from "express";
  interface SessionStore {
    get(sid: string, callback: (error: unknown, session?: Record<string, unknown> | null) => void): unknown;
    set(sid: string, session: Record<string, unknown>, callback?: (error?: unknown) => void): unknown;
    destroy(sid: string, callback?: (error?: unknown) => void): unknown;
  }
  interface SessionFunction {
    (options: Record<string, unknown>): RequestHandler;
    MemoryStore: new () => SessionStore;
    Store: unknown;
  }
  const session: SessionFunction;
  export default session;
  export type { SessionStore };
}

declare module "session-file-store" {
  import type { SessionStore } from "express-session";
  export default function createFileStore(session: unknown): new (options: Record<string, unknown>) => SessionStore & { options: { reapIntervalObject?: unknown } };
}
