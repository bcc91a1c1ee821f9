// Shared scenario plumbing: every peer describes one request ("send an op with this cookie");
// this module turns that into the five timed scenarios and the once-only correctness check.

/**
 * @typedef {"baseline" | "seed" | "new" | "read" | "write"} Op
 *   seed: set `{ n: 1, user: "alice" }` and commit (used to create the read/write sessions);
 *   new:  set `n = 1` and commit; read: return `n`; write: set `n + 1`, commit, return it;
 *   baseline: return "1" without touching any session.
 *   Every op answers with the body `String(n ?? "")` ("1" for baseline, new and seed).
 */

/**
 * @typedef {object} Scenarios
 * @property {() => Promise<unknown>} [baseline] the same request without sessions (when absent,
 *   the harness uses {@link webBaseline})
 * @property {() => Promise<unknown>} [new]
 * @property {() => Promise<unknown>} [read]
 * @property {() => Promise<unknown>} [write]
 * @property {() => Promise<unknown>} [reject]
 * @property {(prefix: string) => Promise<unknown>} [readWith] the read scenario with `prefix`
 *   put before its cookie in the Cookie header (the cookie-parsing case)
 * @property {(prefix: string) => Promise<void>} [assertReadWith] throws unless that read saw n = 1
 * @property {() => Promise<void>} assert runs each scenario once; throws if one did the wrong thing
 * @property {() => Promise<void>} [teardown] releases connections / stored data
 */

/**
 * @typedef {object} Peer
 * @property {string} name library name, e.g. "remix"
 * @property {string} store "memory" | "cookie" | "redis" | …
 * @property {string} driven one line: how the library is driven in-process
 * @property {() => Promise<Scenarios | { skip: string }>} setup
 */

/** Origin every request is made against. */
export const ORIGIN = "http://localhost";

/** One secret for every library (≥ 32 characters, as the strictest of them require). */
export const SECRET = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

/** Pre-built request URLs, one per op (no string building on the timed path). */
const URLS = Object.fromEntries(
  ["baseline", "seed", "new", "read", "write"].map((op) => [op, `${ORIGIN}/${op}`]),
);

/**
 * A web `Request` for `op`, carrying `cookie` (a `name=value` pair) when given.
 * @param {Op} op
 * @param {string} [cookie]
 */
export function webRequest(op, cookie) {
  return cookie ? new Request(URLS[op], { headers: { cookie } }) : new Request(URLS[op]);
}

/**
 * The body and `Set-Cookie` headers of a web `Response` (for asserts, never on the timed path).
 * @param {Response} response
 * @returns {Promise<{ status: number, body: string, setCookies: string[] }>}
 */
export async function inspectResponse(response) {
  return {
    status: response.status,
    body: await response.text(),
    setCookies: response.headers.getSetCookie(),
  };
}

/**
 * The shared baseline for fetch-style libraries: build the request, build the response.
 * @returns {Promise<Response>}
 */
export async function webBaseline() {
  const request = webRequest("read", "sid=baseline");
  request.headers.get("cookie");
  return new Response("1");
}

/**
 * `name=value` of the first `Set-Cookie` header.
 * @param {string[]} setCookies
 */
export function cookiePair(setCookies) {
  const first = setCookies[0];
  if (!first) throw new Error("expected a Set-Cookie header, got none");
  return first.split(";", 1)[0];
}

/**
 * Flips one character near the end of a cookie value — inside the signature / seal MAC for every
 * format benchmarked here — skipping `%XX` escapes, so the result is still a well-formed cookie.
 * @param {string} pair `name=value`
 */
export function tamper(pair) {
  for (let i = pair.length - 6; i > pair.indexOf("=") + 2; i--) {
    const c = pair[i];
    if (!/[A-Za-z0-9]/.test(c) || pair[i - 1] === "%" || pair[i - 2] === "%") continue;
    const flipped = /[0-9]/.test(c)
      ? String((Number(c) + 1) % 10)
      : c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
    return pair.slice(0, i) + flipped + pair.slice(i + 1);
  }
  throw new Error(`cannot tamper with cookie ${pair}`);
}

/**
 * Builds the scenarios of one peer from its request function: seeds two sessions holding
 * `{ n: 1, user: "alice" }` (one only read, one written), derives a tampered cookie, and returns
 * the scenarios plus their assert.
 * @param {object} transport
 * @param {(op: Op, cookie?: string) => Promise<unknown>} transport.send one request
 * @param {(result: any) => Promise<{ status: number, body: string, setCookies: string[] }>} [transport.inspect]
 * @param {boolean} [transport.ownBaseline] whether `send("baseline")` is meaningful (framework
 *   apps route it without sessions); otherwise the harness uses {@link webBaseline}
 * @returns {Promise<Scenarios>}
 */
export async function buildScenarios({ send, inspect = inspectResponse, ownBaseline = false }) {
  const seed = async () => cookiePair((await inspect(await send("seed"))).setCookies);
  const readCookie = await seed();
  const writeCookie = await seed();
  const tampered = tamper(readCookie);

  /** @type {Scenarios} */
  const scenarios = {
    new: () => send("new"),
    read: () => send("read", readCookie),
    write: () => send("write", writeCookie),
    reject: () => send("read", tampered),
    readWith: (prefix) => send("read", prefix + readCookie),
    async assertReadWith(prefix) {
      const got = await inspect(await send("read", prefix + readCookie));
      if (got.status !== 200 || got.body !== "1") throw new Error(`read after a ${prefix.length}-byte prefix: status ${got.status}, body ${JSON.stringify(got.body)}`);
    },
    async assert() {
      const expect = async (label, result, body, check) => {
        const got = await inspect(result);
        if (got.status !== 200) throw new Error(`${label}: status ${got.status}`);
        if (got.body !== body) throw new Error(`${label}: body ${JSON.stringify(got.body)}, expected ${JSON.stringify(body)}`);
        check?.(got);
        return got;
      };
      if (scenarios.baseline) await expect("baseline", await scenarios.baseline(), "1");
      const name = readCookie.slice(0, readCookie.indexOf("=") + 1);
      const created = await expect("new", await scenarios.new(), "1", ({ setCookies }) => {
        if (!setCookies.some((c) => c.startsWith(name))) throw new Error(`new: no ${name} Set-Cookie`);
      });
      const issued = cookiePair(created.setCookies.filter((c) => c.startsWith(name)));
      await expect("new → read back", await send("read", issued), "1");
      await expect("read", await scenarios.read(), "1");
      await expect("write", await scenarios.write(), "2");
      await expect("reject", await scenarios.reject(), "");
    },
  };
  if (ownBaseline) scenarios.baseline = () => send("baseline", readCookie);
  return scenarios;
}
