// Remembers a session's storage read failures for adapters whose framework swallows them.
import { SessionStorageError, type Session, type SessionData } from "../../src/index";

/** Members of a session that read storage (and so may reject with `SessionStorageError`). */
const READS = new Set<PropertyKey>(["get", "has", "all", "peekFlash"]);

/** A session handed to the app, and the first storage failure its reads met. */
export interface WatchedSession<D extends SessionData> {
  /** The session, unchanged in behaviour: every error still reaches the app. */
  session: Session<D>;
  /** The first `SessionStorageError` a read rejected with, if any. */
  failure(): SessionStorageError | undefined;
}

/**
 * Wraps a session so its failed reads are remembered. React Router middleware and SvelteKit
 * catch a loader's error and render their own 500 before the adapter sees the response; with
 * this the adapter can still answer 503 when storage was the cause and the app let it through.
 */
export function watchReads<D extends SessionData>(session: Session<D>): WatchedSession<D> {
  let failure: SessionStorageError | undefined;
  const remember = (error: unknown): never => {
    if (error instanceof SessionStorageError) failure ??= error;
    throw error;
  };
  const watched = new Proxy(session, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (READS.has(property)) return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(remember);
      return value.bind(target);
    },
  });
  return { session: watched, failure: () => failure };
}
