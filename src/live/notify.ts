import { SessionConfigError, SessionStorageError } from "../errors";
import { describeRedisTarget, parseRedisUrl, type RedisTarget } from "../store/redis-url";
import { createId } from "../token/random";
import type { SessionChange, SessionEvent, Unsubscribe } from "../types";
import { deriveChannelKeys } from "./channel-key";
import { MAX_MESSAGE_LENGTH, openMessage, sealMessage } from "./message";
import { createChannelConnections } from "./redis-client";
import { createReplayGuard } from "./replay-guard";
import { createSubscription } from "./subscription";

/** Delivers change notifications per session handle, in this process and optionally over Redis. */
export interface Notifier {
  subscribe(handle: string, listener: (change: SessionChange) => void): Unsubscribe;
  /**
   * Tells this process's listeners at once and, with a broadcast, the other processes'. The
   * promise settles when Redis took the message or the attempt failed (reported as a
   * `"storage-error"` event, operation `"broadcast"`, once per outage); it never rejects.
   */
  publish(handle: string, change: SessionChange): Promise<void>;
  /** Whether anyone could hear of a change (a listener here, or a broadcast): skip building changes otherwise. */
  active(): boolean;
  close(): Promise<void>;
}

/** What the live channel needs besides its name and URL. */
export interface NotifierOptions {
  /** The app's secrets: the channel's keys are derived from them (channel-key.ts). */
  secrets: string | readonly string[];
  /** Upper bound of one publish or subscribe, in ms (the storage timeout). */
  timeoutMs: number;
  /** Where publish failures are reported. */
  emit: (event: SessionEvent) => void;
}

/**
 * In-process listeners keyed by session handle (a hash of the id). With `broadcastUrl` (any
 * Redis URL form: one server, `redis+sentinel://`, `redis+cluster://`), every publish also goes
 * to a Redis channel, sealed and authenticated under a key derived from the secrets
 * (message.ts), and messages from other processes reach this process's listeners — after their
 * tag, shape, freshness and novelty are checked; anything else is dropped unheard. Nothing is
 * connected, drawn or derived until the first publish or subscribe.
 */
export function createNotifier(channel: string, broadcastUrl: string | undefined, options: NotifierOptions): Notifier {
  const target: RedisTarget | undefined = broadcastUrl === undefined ? undefined : parseBroadcast(broadcastUrl);
  const listeners = new Map<string, Set<(change: SessionChange) => void>>();
  let origin: string | undefined;
  let keys: Uint8Array[] | undefined;
  const originId = () => (origin ??= createId());
  const channelKeys = () => (keys ??= deriveChannelKeys(options.secrets, channel));
  const connections = target && createChannelConnections(target, options.timeoutMs);
  const replays = createReplayGuard();
  let failing = false;

  const deliver = (handle: string, change: SessionChange) => {
    for (const listener of listeners.get(handle) ?? []) {
      try {
        listener(change);
      } catch {
        // a listener's failure is its own; the others still hear of the change
      }
    }
  };

  const subscription =
    connections &&
    createSubscription({
      channel,
      connect: connections.subscriber,
      timeoutMs: options.timeoutMs,
      onMessage(raw) {
        const message = openMessage(channelKeys(), raw);
        if (!message || message.origin === originId()) return;
        if (!replays.accept(message.nonce, message.sentAt, Date.now())) return;
        deliver(message.handle, message.change);
      },
    });

  const report = (error: unknown) => {
    if (failing) return;
    failing = true;
    const cause = error instanceof Error ? error.message : String(error);
    const failure = new SessionStorageError("broadcast", `redis ${describeRedisTarget(target!)}: ${cause.slice(0, 200)}`, { cause: error });
    options.emit({ type: "storage-error", operation: failure.operation, message: failure.message });
  };

  const send = async (message: string) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const publisher = await connections!.publisher();
      await Promise.race([
        publisher.publish(channel, message),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not answer within ${options.timeoutMs} ms`)), options.timeoutMs);
        }),
      ]);
      failing = false;
    } catch (error) {
      report(error);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    subscribe(handle, listener) {
      const ready = subscription ? subscription.ready() : Promise.resolve();
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
      return target !== undefined || listeners.size > 0;
    },
    publish(handle, change) {
      deliver(handle, change);
      if (!connections) return Promise.resolve();
      const message = sealMessage(channelKeys(), originId(), handle, change, Date.now());
      if (message.length > MAX_MESSAGE_LENGTH) {
        report(new Error(`a change of ${change.type === "changed" ? change.keys.length : 0} keys is too large for the channel`));
        return Promise.resolve();
      }
      return send(message);
    },
    async close() {
      listeners.clear();
      subscription?.stop();
      connections?.close();
      replays.clear();
    },
  };
}

function parseBroadcast(url: unknown): RedisTarget {
  if (typeof url !== "string") {
    throw new SessionConfigError('sessionkit: `broadcast` takes a Redis URL like "redis://127.0.0.1:6379", "redis+cluster://h1:p1,h2:p2" or "redis+sentinel://s1:p1/mymaster".');
  }
  return parseRedisUrl(url, "broadcast");
}
