// The request as sessionkit reads it, straight from Node's parsed IncomingMessage.
import type { IncomingMessage } from "node:http";
import type { RequestLike } from "../../src/index";

/**
 * A {@link RequestLike} over `req` without building a `Request` or a `Headers`: Node has already
 * parsed the headers (lower-cased; repeated `Cookie` headers joined with `; `). The URL's scheme
 * is https when the socket is TLS; behind a proxy the core also reads `X-Forwarded-Proto`.
 */
export function requestOf(req: IncomingMessage): RequestLike {
  const headers = req.headers;
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const tls = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  return {
    url: `${tls ? "https" : "http"}://${headers.host ?? "localhost"}${path}`,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}
