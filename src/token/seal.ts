import { fromBase64Url, toBase64Url, utf8 } from "./encoding";
import type { SecretKeys } from "./keys";
import { randomInto } from "./random";

/** Format byte of a seal; 1 was XSalsa20-Poly1305, whose seals no longer open. */
const VERSION = 2;
const IV_BYTES = 16;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES;
/** MAC prefix when no context is sealed with the value: a zero length. */
const NO_CONTEXT = new Uint8Array(2);
/** Not fatal: only bytes that passed the MAC are decoded, and those are our own JSON. */
const decoder = new TextDecoder();

/**
 * Encrypts and authenticates a JSON value under the first secret: AES-256-CTR from a random
 * 128-bit counter block, then HMAC-SHA256 (truncated to 128 bits) over everything sealed plus
 * the `context` (e.g. the session id), which must match when opened but is not sent.
 * Output: base64url(version ‖ iv ‖ ciphertext ‖ tag). Encrypt-then-MAC means a forged or
 * altered seal is refused by one MAC check, before any decryption.
 */
export function seal(value: unknown, keys: readonly SecretKeys[], context?: string): string {
  const keysNow = keys[0]!;
  const plain = utf8(JSON.stringify(value));
  const out = new Uint8Array(HEADER_BYTES + plain.length + TAG_BYTES);
  out[0] = VERSION;
  randomInto(out, 1, IV_BYTES);
  keysNow.sealCipher(out.subarray(1, HEADER_BYTES), plain, out, HEADER_BYTES);
  const tag = keysNow.sealMac(contextPrefix(context), out.subarray(0, out.length - TAG_BYTES));
  out.set(tag.subarray(0, TAG_BYTES), out.length - TAG_BYTES);
  return toBase64Url(out);
}

/** A value opened by {@link unseal}, and the index of the secret that opened it. */
export interface Unsealed {
  value: unknown;
  keyIndex: number;
}

/**
 * Opens a sealed value and returns its JSON text: the tag is checked under each secret in turn
 * (constant-time), and only a seal whose tag matches is decrypted. Anything malformed, forged,
 * sealed under an unknown key or for another `context` gives `undefined`; nothing is thrown.
 */
export function unsealText(text: string, keys: readonly SecretKeys[], context?: string): { json: string; keyIndex: number } | undefined {
  const bytes = fromBase64Url(text);
  if (!bytes || bytes.length < HEADER_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const tagAt = bytes.length - TAG_BYTES;
  const sealed = bytes.subarray(0, tagAt);
  const prefix = contextPrefix(context);
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    const secretKeys = keys[keyIndex]!;
    if (!tagMatches(secretKeys.sealMac(prefix, sealed), bytes, tagAt)) continue;
    const plain = secretKeys.sealCipher(bytes.subarray(1, HEADER_BYTES), bytes.subarray(HEADER_BYTES, tagAt));
    return { json: decoder.decode(plain), keyIndex };
  }
  return undefined;
}

/**
 * Opens a sealed JSON value (see {@link unsealText}); `undefined` when it does not open or
 * parse, or was sealed for another `context`.
 */
export function unseal(text: string, keys: readonly SecretKeys[], context?: string): Unsealed | undefined {
  const opened = unsealText(text, keys, context);
  return opened && parseSealed(opened.json, opened.keyIndex);
}

/** Parses opened JSON text; `undefined` when it is not JSON (only a seal made elsewhere with our key). */
export function parseSealed(json: string, keyIndex: number): Unsealed | undefined {
  try {
    return { value: JSON.parse(json), keyIndex };
  } catch {
    return undefined;
  }
}

/** The context as the MAC sees it: its UTF-8 length (2 bytes, big-endian), then its bytes. */
function contextPrefix(context: string | undefined): Uint8Array {
  if (context === undefined) return NO_CONTEXT;
  const bytes = utf8(context);
  const prefix = new Uint8Array(2 + bytes.length);
  prefix[0] = bytes.length >> 8;
  prefix[1] = bytes.length & 255;
  prefix.set(bytes, 2);
  return prefix;
}

/** Constant-time: whether the first TAG_BYTES of `mac` equal the tag at `bytes[at…]`. */
function tagMatches(mac: Uint8Array, bytes: Uint8Array, at: number): boolean {
  let diff = 0;
  for (let i = 0; i < TAG_BYTES; i++) diff |= mac[i]! ^ bytes[at + i]!;
  return diff === 0;
}
