import type { SessionChange } from "./types";
import { createId } from "./random";

/** Delivers change notifications per session handle, in this process and optionally over Redis. */
export interface Notifier {
  subscribe(handle: string, listener: (change: SessionChange) => void): () => void;
  publish(handle: string, change: SessionChange): void;
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
  const origin = createId();
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

  const listen = () => {
    subscriber ??= connect().then(async (client) => {
      client.on("message", (_channel: string, message: string) => {
        try {
          const { origin: from, handle, change } = JSON.parse(message) as { origin: string; handle: string; change: SessionChange };
          if (from !== origin && typeof handle === "string") deliver(handle, change);
        } catch {
          // not one of ours
        }
      });
      await client.subscribe(channel);
      return client;
    });
    subscriber.catch(() => {});
  };

  return {
    subscribe(handle, listener) {
      if (broadcastUrl) listen();
      let set = listeners.get(handle);
      if (!set) listeners.set(handle, (set = new Set()));
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0 && listeners.get(handle) === set) listeners.delete(handle);
      };
    },
    publish(handle, change) {
      deliver(handle, change);
      if (!broadcastUrl) return;
      publisher ??= connect();
      publisher
        .then((client) => client.publish(channel, JSON.stringify({ origin, handle, change })))
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
