import { SessionStorageError } from "../errors";
import { describeError } from "./bounded";
import type { RecordStore } from "./types";

/** Where sessionkit writes what an operator must see (storage outages). `console` fits. */
export interface SessionLogger {
  error(message: string): void;
  warn?(message: string): void;
}

/** The logger sessionkit writes to for the `logger` option: `console` when none was given, `null` (silent) as given. */
export function loggerOf(option: SessionLogger | null | undefined): SessionLogger | null {
  return option === undefined ? console : option;
}

/** Writes a warning on `logger`: its `warn` where it has one, else its `error`; nothing when `null`. */
export function warnOn(logger: SessionLogger | null, message: string): void {
  (logger?.warn ?? logger?.error)?.call(logger, message);
}

/** Tracks one store's health: logs the first failure of an outage, and the recovery, once each. */
export interface OutageLog {
  failed(error: Error): void;
  succeeded(): void;
}

/**
 * An outage log over `logger` (`null`: silent). The first failure after a healthy call is
 * logged with its message (driver, host, cause; never an id, token or key); later failures
 * of the same outage are counted, not logged; the first success after them logs one line.
 */
export function createOutageLog(logger: SessionLogger | null, target: string, now: () => number = Date.now): OutageLog {
  let failures = 0;
  let since = 0;
  return {
    failed(error) {
      if (failures++ > 0 || !logger) return;
      since = now();
      const effect = error instanceof SessionStorageError ? " Sessions answer 503 until it recovers" : "";
      const stop = error.message.endsWith(".") ? "" : ".";
      logger.error(`${error.message}${stop}${effect} (logged once per outage).`);
    },
    succeeded() {
      if (failures === 0) return;
      const seconds = Math.max(0, Math.round((now() - since) / 1000));
      warnOn(logger, `sessionkit: session storage (${target}) answers again, after ${failures} failed call(s) over ${seconds} s.`);
      failures = 0;
    },
  };
}

/** What {@link watchStore} knows about the store it wraps. */
export interface StoreLabel {
  /** The driver and where it points: `redis at 127.0.0.1:6379`. */
  readonly target: string;
  /** The client's latest connection error while it is disconnected (ioredis reports those apart from commands). */
  readonly connectionError?: () => unknown;
}

/**
 * Wraps a store so every failure names the driver, the host and the cause (the connection
 * error when the client has one: "connect ECONNREFUSED 127.0.0.1:6379", not only "max
 * retries"), and feeds the outage log. Values pass through untouched.
 */
export function watchStore(store: RecordStore, label: StoreLabel, log: OutageLog): RecordStore {
  const ok = <T>(value: T): T => {
    log.succeeded();
    return value;
  };
  const fail = (error: unknown): never => {
    const relabelled = relabel(error, label);
    if (relabelled instanceof Error) log.failed(relabelled);
    throw relabelled;
  };
  const watchedOn = <A extends unknown[], T>(target: object, method: (...args: A) => Promise<T>) =>
    (...args: A): Promise<T> => method.apply(target, args).then(ok, fail);
  const watched = <A extends unknown[], T>(method: (...args: A) => Promise<T>) => watchedOn(store, method);
  const index = store.index;
  return {
    ...store,
    get: watched(store.get),
    set: watched(store.set),
    remove: watched(store.remove),
    keys: watched(store.keys),
    dispose: store.dispose.bind(store),
    ...(store.readAndTouch && { readAndTouch: watched(store.readAndTouch) }),
    ...(store.swap && { swap: watched(store.swap) }),
    ...(store.sweep && { sweep: watched(store.sweep) }),
    ...(store.peek && { peek: store.peek.bind(store) }),
    ...(index && {
      index: { add: watchedOn(index, index.add), remove: watchedOn(index, index.remove), members: watchedOn(index, index.members) },
    }),
  };
}

/** The same failure, its message naming the target and the real cause. */
export function relabel(error: unknown, label: StoreLabel): unknown {
  if (!(error instanceof SessionStorageError)) return error;
  const cause = error.cause ?? error;
  let reason = describeError(cause);
  const connection = label.connectionError?.();
  if (connection !== undefined) {
    const connectionMessage = describeError(connection);
    if (!reason.includes(connectionMessage)) reason = `${connectionMessage} (${reason})`;
  }
  return new SessionStorageError(error.operation, `${label.target}: ${reason}`, { cause });
}
