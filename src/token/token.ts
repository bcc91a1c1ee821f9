import { sha256 } from "@noble/hashes/sha2";
import { fromBase64Url, timingSafeEqual, toBase64Url } from "./encoding";
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

// Scratch state reused by every call: the work is synchronous, so no two calls interleave.
const idBytes = new Uint8Array(ID_LENGTH);
const digest = new Uint8Array(32);
const emptySha256 = sha256.create();
const scratchSha256 = sha256.create();

/** The ASCII bytes of an id (ids are base64url) in a reused buffer. */
function asciiId(id: string): Uint8Array {
  for (let i = 0; i < ID_LENGTH; i++) idBytes[i] = id.charCodeAt(i);
  return idBytes;
}

/** HMAC-SHA256 of an id under one secret's key, into the shared `digest` buffer. */
function mac(keys: SecretKeys, id: string): Uint8Array {
  keys.mac._cloneInto(keys.scratch); // the key's pads are already absorbed: no per-call key schedule
  keys.scratch.update(asciiId(id));
  keys.scratch.digestInto(digest);
  return digest;
}

/** `id.mac`: the id authenticated with HMAC-SHA256 under the first secret. */
export function signToken(id: string, keys: readonly SecretKeys[]): string {
  return `${id}.${toBase64Url(mac(keys[0]!, id))}`;
}

/**
 * Verifies `id.mac` against every secret with a constant-time compare. Returns why it failed
 * for anything malformed or forged; never throws.
 */
export function verifyToken(token: string, keys: readonly SecretKeys[]): VerifiedToken | "malformed" | "bad-signature" {
  if (token.length !== TOKEN_LENGTH || token.charCodeAt(ID_LENGTH) !== 46 /* . */) return "malformed";
  const id = token.slice(0, ID_LENGTH);
  const given = fromBase64Url(token.slice(ID_LENGTH + 1));
  if (!given || fromBase64Url(id) === undefined) return "malformed";
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    if (timingSafeEqual(mac(keys[keyIndex]!, id), given)) return { id, keyIndex };
  }
  return "bad-signature";
}

/** The storage name of a session ("handle"): SHA-256 of its id, so a leaked store yields no tokens. */
export function hashId(id: string): string {
  emptySha256._cloneInto(scratchSha256);
  scratchSha256.update(id.length === ID_LENGTH ? asciiId(id) : new TextEncoder().encode(id));
  scratchSha256.digestInto(digest);
  return toBase64Url(digest);
}
