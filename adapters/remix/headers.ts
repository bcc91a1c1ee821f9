// sessionHeaders: the route `headers` export that carries the session's cache headers to the document.

/** What Remix and React Router pass to a route's `headers` function, as far as this one needs it. */
export interface HeadersArgs {
  loaderHeaders: Headers;
  parentHeaders: Headers;
  actionHeaders?: Headers;
  errorHeaders?: Headers;
}

/** The headers a session-dependent response carries for caches (Set-Cookie travels by itself). */
const SESSION_CACHE_HEADERS = ["vary", "cache-control", "cdn-cache-control", "surrogate-control"] as const;

/**
 * A route `headers` export: `export const headers = sessionHeaders`. The document keeps its
 * parent routes' headers and gets the `Vary` and `Cache-Control` that `withSession` put on this
 * route's loader or action response, so a shared cache never stores one user's page. (Remix
 * and React Router copy only `Set-Cookie` from loaders to the document by themselves.)
 */
export function sessionHeaders({ loaderHeaders, parentHeaders, actionHeaders, errorHeaders }: HeadersArgs): Headers {
  const headers = new Headers(parentHeaders);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    if (!source) continue;
    for (const name of SESSION_CACHE_HEADERS) {
      const value = source.get(name);
      if (value !== null) headers.set(name, value);
    }
  }
  return headers;
}
