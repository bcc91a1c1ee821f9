import { readChunked } from "./chunks";
import { readCookie } from "./cookie";
import type { RequestLike } from "../types";

/** Where a request carries its token. */
export interface TokenTransport {
  /** Cookie name, or `undefined` when `cookie: false`. */
  readonly cookieName: string | undefined;
  /** Header name (lower case), when header transport is on. */
  readonly header: string | undefined;
  /** Whether the token may be split over `name.0`, `name.1`, … (cookie storage with `chunk`). */
  readonly chunked: boolean;
}

/** The token a request carried, before it is verified. */
export interface FoundToken {
  /** The token text, if any (never empty). */
  readonly text: string | undefined;
  /** Where it came from. */
  readonly via: "header" | "cookie" | undefined;
  /** The request carried the session header (even empty): it is a header client. */
  readonly headerClient: boolean;
  /** The request carried a session cookie (or chunks of one). */
  readonly cookiePresent: boolean;
  /** How many cookie chunks the request carried. */
  readonly chunks: number;
}

/** Finds the request's token: the header first, then the cookie or its chunks. Never throws. */
export function findToken(request: RequestLike, transport: TokenTransport): FoundToken {
  let headerClient = false;
  if (transport.header) {
    const value = request.headers.get(transport.header);
    if (value !== null) {
      headerClient = true;
      const text = value.trim();
      if (text) return { text, via: "header", headerClient, cookiePresent: false, chunks: 0 };
    }
  }
  const name = transport.cookieName;
  if (name === undefined) return { text: undefined, via: undefined, headerClient, cookiePresent: false, chunks: 0 };
  const header = request.headers.get("cookie");
  let text: string | undefined;
  let chunks = 0;
  if (transport.chunked) {
    const chunked = readChunked(header, name);
    chunks = chunked.chunks;
    text = chunked.value ?? readCookie(header, name);
  } else {
    text = readCookie(header, name);
  }
  const cookiePresent = text !== undefined || chunks > 0;
  return { text: text || undefined, via: text ? "cookie" : undefined, headerClient, cookiePresent, chunks };
}

/** Whether the request came over https (its URL, or a proxy's `X-Forwarded-Proto`). */
export function isHttps(request: RequestLike): boolean {
  if (request.url.startsWith("https:")) return true;
  const forwarded = request.headers.get("x-forwarded-proto");
  return forwarded !== null && forwarded.trimStart().toLowerCase().startsWith("https");
}
