// GET /events: a server-sent-events stream fed by sessions.subscribe. It carries no data:
// only "changed" (with key names) or "destroyed"; the page then fetches what it shows.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";

/** How soon the browser reconnects after the stream ends, in ms. */
const RETRY_MS = 1000;
/** A comment line now and then keeps proxies from closing a quiet stream, in ms. */
const KEEP_ALIVE_MS = 15_000;

/**
 * GET /events: the session's changes as server-sent events (`ready`, `changed`, `destroyed`, `idle`).
 * @param {{ sessions: import("sessionkit").Sessions<any> }} options
 */
export function liveRoutes({ sessions }) {
  const app = new Hono();

  app.get("/events", async (c) => {
    const session = c.get("session");
    await session.has("cart"); // loads it: a session that is over has no id
    const id = session.id;
    return streamSSE(c, async (stream) => {
      if (!id) {
        // Nothing to listen to yet; EventSource comes back in a second, maybe with a session.
        await stream.writeSSE({ event: "idle", data: "no session", retry: RETRY_MS });
        return;
      }
      let queue = Promise.resolve();
      const send = (message) => (queue = queue.then(() => stream.writeSSE(message)));
      await new Promise((resolve) => {
        const unsubscribe = sessions.subscribe(id, (change) => {
          send({ event: change.type, data: JSON.stringify(change) });
          if (change.type === "destroyed") finish(); // this id is over: end, and let the browser reconnect
        });
        const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
        function finish() {
          clearInterval(keepAlive);
          unsubscribe();
          queue.then(resolve);
        }
        stream.onAbort(finish);
        // "ready" once changes from other processes can arrive too (the Redis SUBSCRIBE is active).
        unsubscribe.ready.then(
          () => send({ event: "ready", data: "", retry: RETRY_MS }),
          () => send({ event: "ready", data: "this process only: the broadcast Redis is unreachable", retry: RETRY_MS }),
        );
      });
    });
  });

  return app;
}
