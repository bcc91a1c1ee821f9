import { isSessionError } from "../errors";
import type { PubSubClient } from "./redis-client";

/** Delay before the first reconnection attempt, in ms; it doubles up to {@link MAX_RETRY_MS}. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2000;

/** Options of {@link createSubscription}. */
export interface SubscriptionOptions {
  channel: string;
  /** A fresh connection that does not reconnect by itself. */
  connect: () => Promise<PubSubClient>;
  /** Each message heard on the channel, as Redis delivered it (untrusted). */
  onMessage: (message: unknown) => void;
  /** Upper bound for one connect + SUBSCRIBE, in ms. */
  timeoutMs: number;
}

/**
 * One channel subscription that stays subscribed: when its connection ends (a server killed,
 * a failover, a network cut) it opens a new one — after 50 ms, doubling to 2 s — and
 * subscribes again, for as long as it is started. `ready()` resolves only while a SUBSCRIBE is
 * confirmed on a connection that answers (a PING round trip checks it); otherwise it waits for
 * the attempt under way and rejects if that attempt fails (retrying goes on in the background). Messages published while no
 * connection is subscribed are not delivered: Redis Pub/Sub keeps no backlog.
 */
export function createSubscription({ channel, connect, onMessage, timeoutMs }: SubscriptionOptions) {
  let started = false;
  let client: PubSubClient | undefined;
  let confirmed = false;
  let attempt: Promise<void> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let delay = FIRST_RETRY_MS;
  let dropCurrent: (() => void) | undefined;

  const withTimeout = async <T>(promise: Promise<T>, what: string): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${what} not answered within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  const scheduleRetry = () => {
    if (!started || retryTimer || attempt) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      start().catch(() => {});
    }, delay);
    // Retrying alone never keeps a process alive (a server keeps itself alive; a script may end).
    (retryTimer as { unref?: () => void }).unref?.();
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  };

  const subscribeOnce = async () => {
    const current = await connect();
    if (!started) {
      current.disconnect();
      throw new Error("the subscription was stopped");
    }
    client = current;
    const dropped = () => {
      if (client !== current) return;
      client = undefined;
      confirmed = false;
      current.disconnect();
      scheduleRetry();
    };
    current.on("message", (_channel: string, message: unknown) => {
      if (client === current) onMessage(message);
    });
    current.once("end", dropped);
    current.once("close", dropped);
    dropCurrent = dropped;
    try {
      await withTimeout(current.subscribe(channel), "SUBSCRIBE");
    } catch (error) {
      dropped();
      throw error;
    }
    if (client !== current) throw new Error("the connection ended before SUBSCRIBE was confirmed");
    confirmed = true;
    delay = FIRST_RETRY_MS;
  };

  /** A confirmed subscription answers a PING (allowed in subscriber mode): the connection is live, not just not-yet-noticed dead. */
  const verify = async (): Promise<void> => {
    const current = client!;
    try {
      await withTimeout(current.ping(), "PING");
    } catch {
      if (client === current) dropCurrent?.();
      return start();
    }
    if (client !== current || !confirmed) return start();
  };

  const start = (): Promise<void> => {
    started = true;
    if (confirmed) return verify();
    if (!attempt) {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const pending = subscribeOnce();
      attempt = pending;
      pending.then(
        () => (attempt = undefined),
        (error: unknown) => {
          attempt = undefined;
          // A configuration problem (ioredis not installed) will not heal by retrying.
          if (!(isSessionError(error) && error.name === "SessionConfigError")) scheduleRetry();
        },
      );
    }
    return attempt;
  };

  return {
    /** Starts listening (if not yet); resolves once the SUBSCRIBE is confirmed on a live connection. */
    ready: start,
    /** Stops for good (until the next `ready()`): no reconnection, the connection closed. */
    stop(): void {
      started = false;
      confirmed = false;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const current = client;
      client = undefined;
      current?.disconnect();
    },
  };
}
