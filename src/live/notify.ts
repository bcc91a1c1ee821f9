import type { SessionChange, Unsubscribe } from "../types";
import { createId } from "../token/random";

/** Delivers change notifications per session handle, in this process and optionally over Redis. */
export interface Notifier {
  subscribe(handle: string, listener: (change: SessionChange) => void): Unsubscribe;
  publish(handle: string, change: SessionChange): void;
  /** Whether anyone could hear of a change (a listener here, or a broadcast): skip building changes otherwise. */
  active(): boolean;
  close(): Promise<void>;
}

interface RedisLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  subscribe(channel: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/**
 * In-process listeners keyed by session handle (a hash of the id). With `broadcastUrl`, every
 * publish also goes to a Redis channel as `{ origin, handle, change }` — no data, no token —
 * and messages from other processes are delivered to this process's listeners.
 */
export function createNotifier(channel: string, broadcastUrl: string | undefined): Notifier {
  const listeners = new Map<string, Set<(change: SessionChange) => void>>();
  let origin: string | undefined; // drawn on first use: no randomness at defineSessions (Workers forbid it at start-up)
  const originId = () => (origin ??= createId());
  let publisher: Promise<RedisLike> | undefined;
  let subscriber: Promise<RedisLike> | undefined;

  const deliver = (handle: string, change: SessionChange) => {
    for (const listener of listeners.get(handle) ?? []) {
      try {
        listener(change);
      } catch {
        // a listener's failure is its own; the others still hear of the change
      }
    }
  };

  const connect = async (): Promise<RedisLike> => {
    const { default: Redis } = (await import("ioredis")) as unknown as { default: new (url: string, options: object) => RedisLike };
    const client = new Redis(broadcastUrl!, { maxRetriesPerRequest: 1, lazyConnect: false });
    client.on("error", () => {});
    return client;
  };

  /** Subscribes to the channel once; resolves when Redis confirmed the SUBSCRIBE. */
  const listen = (): Promise<RedisLike> => {
    if (subscriber) return subscriber;
    const pending = connect().then(async (client) => {
      client.on("message", (_channel: string, message: string) => {
        try {
          const { origin: from, handle, change } = JSON.parse(message) as { origin: string; handle: string; change: SessionChange };
          if (from !== originId() && typeof handle === "string") deliver(handle, change);
        } catch {
          // not one of ours
        }
      });
      try {
        await client.subscribe(channel);
      } catch (error) {
        client.disconnect();
        throw error;
      }
      return client;
    });
    subscriber = pending;
    pending.catch(() => {
      if (subscriber === pending) subscriber = undefined; // the next subscribe tries again
    });
    return pending;
  };

  return {
    subscribe(handle, listener) {
      const ready = broadcastUrl ? listen().then(() => undefined) : Promise.resolve();
      ready.catch(() => {}); // awaiting `ready` is optional: no unhandled rejection when nobody does
      let set = listeners.get(handle);
      if (!set) listeners.set(handle, (set = new Set()));
      set.add(listener);
      const unsubscribe = () => {
        set!.delete(listener);
        if (set!.size === 0 && listeners.get(handle) === set) listeners.delete(handle);
      };
      return Object.assign(unsubscribe, { ready });
    },
    active() {
      return broadcastUrl !== undefined || listeners.size > 0;
    },
    publish(handle, change) {
      deliver(handle, change);
      if (!broadcastUrl) return;
      publisher ??= connect();
      publisher
        .then((client) => client.publish(channel, JSON.stringify({ origin: originId(), handle, change })))
        .catch(() => {});
    },
    async close() {
      listeners.clear();
      const clients = await Promise.allSettled([publisher, subscriber].filter(Boolean) as Promise<RedisLike>[]);
      for (const result of clients) if (result.status === "fulfilled") result.value.disconnect();
      publisher = subscriber = undefined;
    },
  };
}
