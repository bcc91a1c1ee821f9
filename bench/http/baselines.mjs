// Which stack a bench:http target runs on, and the no-session server of that stack it is
// measured against (bench:http and its instruction counter).

/** Whether `target` runs on Bun.serve (bench/http/bun-servers.mjs) rather than Node. */
export const isBun = (target) => target.endsWith("(bun)");

/** The baseline target of `target`: node:http, Bun.serve or Hono on @hono/node-server. */
export const baselineOf = (target) =>
  target.includes("node:http") ? "baseline (node:http)" : isBun(target) ? "baseline (bun)" : "baseline (hono)";
