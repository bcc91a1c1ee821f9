import { sha256 } from "@noble/hashes/sha2";
import { fromBase64Url, timingSafeEqual, toBase64Url, utf8 } from "./encoding";
import type { SecretKeys } from "./keys";

/** A verified token: the session id and the index of the secret that verified it. */
export interface VerifiedToken {
  id: string;
  /** 0 when the first secret verified it; more means it should be re-issued. */
  keyIndex: number;
}

const ID_LENGTH = 22; // 16 bytes, base64url
const MAC_LENGTH = 43; // 32 bytes, base64url

function mac(keys: SecretKeys, id: string): Uint8Array {
  return keys.mac.clone().update(utf8(id)).digest();
}

/** `id.mac`: the id authenticated with HMAC-SHA256 under the first secret. */
export function signToken(id: string, keys: readonly SecretKeys[]): string {
  return `${id}.${toBase64Url(mac(keys[0]!, id))}`;
}

/**
 * Verifies `id.mac` against every secret with a constant-time compare. Returns why it failed
 * for anything malformed or forged; never throws.
 */
export function verifyToken(
  token: string,
  keys: readonly SecretKeys[],
): VerifiedToken | "malformed" | "bad-signature" {
  if (token.length !== ID_LENGTH + 1 + MAC_LENGTH || token.charCodeAt(ID_LENGTH) !== 46 /* . */) return "malformed";
  const id = token.slice(0, ID_LENGTH);
  const given = fromBase64Url(token.slice(ID_LENGTH + 1));
  if (!given || fromBase64Url(id) === undefined) return "malformed";
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    if (timingSafeEqual(mac(keys[keyIndex]!, id), given)) return { id, keyIndex };
  }
  return "bad-signature";
}

/** The storage name of a session: SHA-256 of its id, so a leaked store yields no tokens. */
export function hashId(id: string): string {
  return toBase64Url(sha256(utf8(id)));
}

/** Length of a server-mode token (`id.mac`). */
export const TOKEN_LENGTH = ID_LENGTH + 1 + MAC_LENGTH;
