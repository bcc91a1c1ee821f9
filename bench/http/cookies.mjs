// The session cookies bench:http and its profiler send: one per connection, from the target's
// own `/seed` route, so every request carries a live session.
import { randomBytes } from "node:crypto";

/**
 * A cookie of a session token's shape (`sid=` + 22 + 1 + 43 base64url characters), sent to a
 * target that sets none (the baselines), so every target parses a request of the same size.
 */
const standInCookie = () => `sid=${randomBytes(16).toString("base64url")}.${randomBytes(32).toString("base64url")}`;

/** `count` session cookies from `url`'s `/seed` (each session holds n = 1), or stand-ins where it sets none. */
export async function seedCookies(url, count) {
  const cookies = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/seed`);
    const cookie = response.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
    cookies.push(cookie || standInCookie());
  }
  return cookies;
}

/** autocannon's `setupClient` that gives each new connection the next of `cookies`, round robin. */
export function rotatingCookies(cookies) {
  let next = 0;
  return (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length] });
}
