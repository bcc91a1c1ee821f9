import { cryptoBackend } from "./crypto";
import { isBase64Url } from "./encoding";
import type { SecretKeys } from "./keys";

/** A verified token: the session id and the index of the secret that verified it. */
export interface VerifiedToken {
  id: string;
  /** 0 when the first secret verified it; more means it should be re-issued. */
  keyIndex: number;
}

const ID_LENGTH = 22; // 16 bytes, base64url
const MAC_LENGTH = 43; // 32 bytes, base64url

/** Length of a server-mode token (`id.mac`). */
export const TOKEN_LENGTH = ID_LENGTH + 1 + MAC_LENGTH;

/** `id.mac`: the id authenticated with HMAC-SHA256 under the first secret. */
export function signToken(id: string, keys: readonly SecretKeys[]): string {
  return `${id}.${keys[0]!.signId(id)}`;
}

/**
 * Verifies `id.mac` against every secret: one HMAC per secret and a constant-time compare of the
 * canonical base64url spelling (any other spelling of the same bytes fails). Returns why it
 * failed for anything malformed or forged; never throws.
 */
export function verifyToken(token: string, keys: readonly SecretKeys[]): VerifiedToken | "malformed" | "bad-signature" {
  if (token.length !== TOKEN_LENGTH || token.charCodeAt(ID_LENGTH) !== 46 /* . */) return "malformed";
  const id = token.slice(0, ID_LENGTH);
  if (!isBase64Url(id)) return "malformed";
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    if (equalAt(token, ID_LENGTH + 1, keys[keyIndex]!.signId(id))) return { id, keyIndex };
  }
  return isBase64Url(token.slice(ID_LENGTH + 1)) ? "bad-signature" : "malformed";
}

/** Constant-time: whether `text` holds `expected` from `offset` to its end (lengths are public). */
function equalAt(text: string, offset: number, expected: string): boolean {
  if (text.length - offset !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= text.charCodeAt(offset + i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** The storage name of a session ("handle"): SHA-256 of its id, so a leaked store yields no tokens. */
export function hashId(id: string): string {
  return cryptoBackend().sha256Text(id);
}
