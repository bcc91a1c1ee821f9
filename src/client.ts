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
}

/**
 * A `fetch` that keeps a session token in a `Storage` object: it sends the stored token in
 * `header` with every request and stores any token a response sends back (an empty value
 * means the session ended). With `sessionStorage`, each tab has its own session.
 */
export function createSessionFetch(options: SessionFetchOptions = {}): typeof fetch {
  const header = (options.header ?? "x-session-id").toLowerCase();
  const key = options.key ?? "sessionkit:token";
  const storage = options.storage ?? globalThis.sessionStorage;
  const baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  if (!storage) throw new TypeError("sessionkit/client: no Storage available; pass `storage` (sessionStorage or localStorage).");

  return async function sessionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const token = storage.getItem(key);
    if (token && !request.headers.has(header)) request.headers.set(header, token);
    const response = await baseFetch(request);
    const issued = response.headers.get(header);
    if (issued !== null) {
      if (issued === "") storage.removeItem(key);
      else storage.setItem(key, issued);
    }
    return response;
  };
}
