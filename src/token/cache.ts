import { hashId, verifyToken, type VerifiedToken } from "./token";
import type { SecretKeys } from "./keys";
import { parseSealed, unsealText, type Unsealed } from "./seal";

/** A token that verified, with the storage handle of its id. */
export interface KnownToken extends VerifiedToken {
  handle: string;
}

/** Tokens remembered per `defineSessions`. */
const DEFAULT_MAX = 10_000;

/**
 * Verifies tokens, remembering the ones that verified: a returning visitor's token costs a
 * Map lookup instead of an HMAC and a SHA-256. Only tokens that passed the constant-time HMAC
 * check are ever stored, keyed by their exact text, so a lookup can never admit a token that
 * did not verify. Bounded: the oldest entry goes first.
 */
export function createTokenVerifier(keys: readonly SecretKeys[], max = DEFAULT_MAX) {
  const known = new Map<string, KnownToken>();
  return function verify(token: string): KnownToken | "malformed" | "bad-signature" {
    const hit = known.get(token);
    if (hit) return hit;
    const verified = verifyToken(token, keys);
    if (typeof verified === "string") return verified;
    const entry: KnownToken = { ...verified, handle: hashId(verified.id) };
    if (known.size >= max) known.delete(known.keys().next().value!);
    known.set(token, entry);
    return entry;
  };
}

/** A token verifier as made by {@link createTokenVerifier}. */
export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Sealed cookies remembered per `defineSessions` (cookie storage). */
const DEFAULT_SEALED_MAX = 2_000;
/** Sealed values larger than this are not remembered, bounding the cache's memory. */
const MAX_REMEMBERED_LENGTH = 2_048;

/**
 * Opens sealed cookie values, remembering the plaintext of recent ones: a returning visitor's
 * cookie costs a Map lookup and a `JSON.parse` (a fresh object every time) instead of a
 * decryption. Only values that authenticated are stored, keyed by their exact text.
 */
export function createSealedOpener(keys: readonly SecretKeys[], max = DEFAULT_SEALED_MAX) {
  const known = new Map<string, { json: string; keyIndex: number }>();
  return function open(text: string): Unsealed | undefined {
    const remembered = known.get(text);
    const opened = remembered ?? unsealText(text, keys);
    if (!opened) return undefined;
    if (!remembered && text.length <= MAX_REMEMBERED_LENGTH) {
      if (known.size >= max) known.delete(known.keys().next().value!);
      known.set(text, opened);
    }
    return parseSealed(opened.json, opened.keyIndex);
  };
}

/** A sealed-value opener as made by {@link createSealedOpener}. */
export type SealedOpener = ReturnType<typeof createSealedOpener>;
