import { readChunked } from "./chunks";
import { readCookie } from "./cookie";
import type { SessionContext } from "../context";
import { decodeRecord, type SessionRecord } from "../record";
import { unseal } from "../token/seal";
import { TOKEN_LENGTH } from "../token/token";
import type { TokenSource } from "./reply";
import type { RequestLike, SessionData } from "../types";

/** What a request's token (header or cookie) proved, read once per request. */
export interface RequestToken {
  /** A token came with the request, valid or not. */
  present: boolean;
  /** Where it came from; `"header"` also for an empty header (a header client with no token yet). */
  source: TokenSource;
  /** How many cookie chunks the request carried (cookie storage with `chunk`). */
  chunks: number;
  /** The id the token proved, if it verified. */
  id?: string;
  /** Storage handle of `id`, when the verifier already knew it. */
  handle?: string;
  /** Index of the secret that verified it; > 0 means re-issue under the first. */
  keyIndex: number;
  /** Cookie storage: the whole sealed record. */
  sealedRecord?: SessionRecord;
  /** Server storage: client data sealed after the signed id. */
  clientData?: SessionData;
}

/**
 * Finds the request's token (the header first, then the cookie or its chunks) and verifies it:
 * `id.mac` against every secret, or the sealed record in cookie storage. A token that does not
 * verify is reported as an `invalid-token` event and proves nothing; this never throws.
 */
export function readRequestToken(request: RequestLike, ctx: SessionContext): RequestToken {
  const found = findToken(request, ctx);
  const result: RequestToken = { present: false, source: found.source, chunks: found.chunks, keyIndex: 0 };
  const token = found.token;
  if (token === undefined || token === "") return result;
  result.present = true;
  const invalid = (reason: "malformed" | "bad-signature") => {
    ctx.emit({ type: "invalid-token", reason });
    return result;
  };
  if (ctx.mode === "cookie") {
    const opened = ctx.openSealed(token);
    const record = opened && decodeRecord(opened.value);
    if (!record || typeof record.i !== "string") return invalid("bad-signature");
    return Object.assign(result, { sealedRecord: record, id: record.i, keyIndex: opened.keyIndex });
  }
  const verified = ctx.verifyToken(token.length > TOKEN_LENGTH ? token.slice(0, TOKEN_LENGTH) : token);
  if (typeof verified === "string") return invalid(verified);
  if (token.length > TOKEN_LENGTH) {
    // Client data rides after the signed id; a token whose client part does not open is refused whole.
    if (token.charCodeAt(TOKEN_LENGTH) !== 46) return invalid("malformed");
    const opened = unseal(token.slice(TOKEN_LENGTH + 1), ctx.keys, verified.id);
    if (!opened || typeof opened.value !== "object" || opened.value === null) return invalid("bad-signature");
    result.clientData = opened.value as SessionData;
  }
  return Object.assign(result, { id: verified.id, handle: verified.handle, keyIndex: verified.keyIndex });
}

function findToken(request: RequestLike, ctx: SessionContext): { token: string | undefined; source: TokenSource; chunks: number } {
  if (ctx.header) {
    const value = request.headers.get(ctx.header);
    // Present but empty: a header client without a token yet; its cookie is not its session.
    if (value !== null) return { token: value.trim(), source: "header", chunks: 0 };
  }
  if (!ctx.cookie) return { token: undefined, source: undefined, chunks: 0 };
  const found = findCookieToken(request.headers.get("cookie"), ctx);
  return { ...found, source: found.token !== undefined || found.chunks > 0 ? "cookie" : undefined };
}

function findCookieToken(header: string | null, ctx: SessionContext): { token: string | undefined; chunks: number } {
  const name = ctx.cookie!.name;
  if (ctx.mode === "cookie" && ctx.chunk) {
    const chunked = readChunked(header, name);
    if (chunked.value !== undefined) return { token: chunked.value, chunks: chunked.chunks };
    return { token: readCookie(header, name), chunks: chunked.chunks };
  }
  return { token: readCookie(header, name), chunks: 0 };
}
