import { fetch } from "@web-std/fetch";

/** One response as the suite sees it: status, headers, Set-Cookie lines and the body text. */
export interface ClientResponse {
  status: number;
  headers: Headers;
  setCookies: string[];
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

/** Options of one {@link HttpClient} request. */
export interface ClientRequestInit {
  /** Send this Cookie header instead of the jar's (the jar is still updated from the response). */
  cookie?: string;
  /** More request headers (e.g. `accept`, `origin`, `content-type`). */
  headers?: Record<string, string>;
  /** A request body (POST). */
  body?: string;
}

/**
 * A browser stand-in over real HTTP: `fetch` from `@web-std/fetch` with `redirect: "manual"`, an
 * `Origin` on each POST, and a cookie jar fed from every response's `Set-Cookie` (`Max-Age=0`
 * deletes). Redirects are followed by hand with `follow`, so the cookies a 302 carries are
 * captured first.
 */
export function createHttpClient(baseUrl: string) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

  async function send(method: "GET" | "POST", path: string, init: ClientRequestInit = {}): Promise<ClientResponse> {
    // A browser sends its page's Origin with every POST (SvelteKit 3 refuses a POST without one).
    const headers: Record<string, string> = method === "POST" ? { origin: new URL(baseUrl).origin, ...init.headers } : { ...init.headers };
    const cookie = init.cookie ?? cookieHeader();
    if (cookie) headers.cookie = cookie;
    const response = await fetch(new URL(path, baseUrl).href, { method, headers, body: init.body, redirect: "manual" });
    const text = await response.text();
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) store(line);
    return { status: response.status, headers: response.headers, setCookies, text, json: () => JSON.parse(text) };
  }

  function store(line: string): void {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    if (/;\s*Max-Age=0\s*(;|$)/i.test(line)) jar.delete(name);
    else jar.set(name, pair.slice(eq + 1).trim());
  }

  return {
    jar,
    cookieHeader,
    get: (path: string, init?: ClientRequestInit) => send("GET", path, init),
    post: (path: string, init?: ClientRequestInit) => send("POST", path, init),
    /** Follows a redirect response with a GET to its `Location`, sending the updated jar. */
    follow(response: ClientResponse, init?: Omit<ClientRequestInit, "cookie" | "body">): Promise<ClientResponse> {
      const location = response.headers.get("location");
      if (!location) throw new Error(`expected a redirect, got ${response.status} without Location`);
      return send("GET", location, init);
    },
  };
}

/** The client {@link createHttpClient} returns. */
export type HttpClient = ReturnType<typeof createHttpClient>;
