/** Options of {@link createSessionFetch}. */
export interface SessionFetchOptions {
  /** The header that carries the token, as configured on the server. @default "x-session-id" */
  header?: string;
  /** Where the token lives: `sessionStorage` (one session per tab) or `localStorage` (one per browser). @default sessionStorage */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  /** Key of the token in `storage`. @default "sessionkit:token" */
  key?: string;
  /** The fetch to wrap. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * The origin the token belongs to, such as `"https://shop.example"`; relative URLs resolve
   * against it. Required outside a browser. @default location.origin
   */
  origin?: string;
  /** Other origins that may receive the token and issue a new one (exact origins, no paths). @default [] */
  origins?: readonly string[];
}

/** Most redirects followed, as in browsers. */
const MAX_REDIRECTS = 20;
/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];

/**
 * A `fetch` that keeps a session token in a `Storage` object: it sends the stored token in
 * `header` and stores any token a response sends back (an empty value means the session
 * ended). With `sessionStorage`, each tab has its own session.
 *
 * Tokens stay home: only requests to `origin` (and the `origins` allow-list) carry the token,
 * only their responses may set it, and a redirect never takes it to another origin. Without a
 * token it sends the header empty: a header client with no token yet, which the server answers
 * with a new session in the header. Requests to other origins go out as given.
 *
 * In a browser, a request to the page's own origin runs in `mode: "same-origin"`: the browser
 * follows same-origin redirects and refuses a redirect to another origin before anything is
 * sent there (the fetch rejects). A browser hides where other redirects lead, so a redirect from
 * an allow-listed origin rejects too. Elsewhere (Node, Deno, Bun, Workers) redirects are followed
 * here: with the token while they stay on trusted origins, without it (and without adopting
 * tokens) from the first hop that leaves them.
 */
export function createSessionFetch(options: SessionFetchOptions = {}): typeof fetch {
  const header = (options.header ?? "x-session-id").toLowerCase();
  const key = options.key ?? "sessionkit:token";
  const storage = options.storage ?? globalThis.sessionStorage;
  if (!storage) throw new TypeError("sessionkit: no Storage to keep the token in. Pass `storage` (sessionStorage or localStorage).");
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const page = pageOrigin();
  const own = originOf(options.origin ?? page, "origin");
  const trusted = new Set([own, ...(options.origins ?? []).map((origin) => originOf(origin, "origins"))]);
  const base = options.origin === undefined && page !== undefined ? globalThis.location.href : `${own}/`;

  /** Sets the token header (empty without a token) unless the caller set it. */
  const withToken = (headers: Headers) => {
    if (!headers.has(header)) headers.set(header, storage.getItem(key) ?? "");
    return headers;
  };
  /** Stores a token a trusted response issued; `""` forgets it. */
  const adopt = (response: Response) => {
    const issued = response.headers.get(header);
    if (issued === null) return;
    if (issued === "") storage.removeItem(key);
    else storage.setItem(key, issued);
  };

  return async function sessionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(typeof input === "string" ? new URL(input, base) : input, init);
    const target = new URL(request.url).origin;
    if (!trusted.has(target)) return baseFetch(request); // not ours: no token out, none taken in
    if (page !== undefined && target === page && inBrowser()) {
      const response = await baseFetch(new Request(request, { headers: withToken(new Headers(request.headers)), mode: "same-origin" }));
      if (trusted.has(originOf(response.url || request.url, "url"))) adopt(response);
      return response;
    }
    return follow(request);
  };

  /** Sends `request` with `redirect: "manual"` and follows what the caller asked for, hop by hop. */
  async function follow(request: Request): Promise<Response> {
    const mode = request.redirect;
    const body = request.body === null ? null : await request.arrayBuffer();
    let method = request.method;
    let payload: ArrayBuffer | null = body;
    let url = request.url;
    const given = request.headers.get(header); // a token the caller set itself goes where ours would
    let headers = withToken(new Headers(request.headers));
    let left = false; // the chain has left the trusted origins: no token from here on
    for (let hop = 0; ; hop++) {
      const response = await baseFetch(
        new Request(url, { method, headers, body: payload, redirect: "manual", signal: request.signal, credentials: request.credentials, cache: request.cache }),
      );
      if (response.type === "opaqueredirect") {
        if (mode === "manual") return response;
        throw new TypeError(
          `sessionkit: ${new URL(url).origin} answered with a redirect that the browser hides from scripts, so it is not followed with the session token. Answer this request without a redirect, or fetch its target yourself.`,
        );
      }
      if (!left) adopt(response);
      const location = response.headers.get("location");
      if (!isRedirect(response.status) || location === null || mode === "manual") return response;
      if (mode === "error") throw new TypeError('sessionkit: the server answered with a redirect, and the request said redirect: "error". Use "follow" to follow it.');
      if (hop >= MAX_REDIRECTS) throw new TypeError(`sessionkit: more than ${MAX_REDIRECTS} redirects. Check the server's redirects for a loop.`);
      await response.body?.cancel();
      const next = new URL(location, url);
      if (response.status === 303 ? method !== "HEAD" : (response.status === 301 || response.status === 302) && method === "POST") {
        method = "GET";
        payload = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      headers = new Headers(headers);
      if (next.origin !== new URL(url).origin) headers.delete("authorization"); // as browsers do
      left ||= !trusted.has(next.origin);
      url = next.href;
      headers.delete(header);
      if (left) continue;
      if (given === null) withToken(headers);
      else headers.set(header, given);
    }
  }
}

/** The page's origin in a browser (or a worker), `undefined` elsewhere. */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: Location }).location?.origin;
  return origin && origin !== "null" ? origin : undefined;
}

/** Whether this is a browser page or worker, whose fetch enforces `mode: "same-origin"`. */
function inBrowser(): boolean {
  const scope = globalThis as { document?: unknown; importScripts?: unknown };
  return typeof scope.document === "object" || typeof scope.importScripts === "function";
}

/** The origin of an absolute URL; a clear error for anything else. */
function originOf(url: string | undefined, option: string): string {
  if (url !== undefined) {
    try {
      const origin = new URL(url).origin;
      if (origin !== "null") return origin;
    } catch {
      // reported below
    }
  }
  if (url === undefined) {
    throw new TypeError('sessionkit: no origin to keep the session token to. Pass `origin` (for example "https://shop.example") outside a browser.');
  }
  throw new TypeError(`sessionkit: \`${option}\` must hold absolute http(s) URLs such as "https://shop.example". Fix the value given.`);
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
