import { xsalsa20poly1305 } from "@noble/ciphers/salsa";
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from "./encoding";
import type { SecretKeys } from "./keys";
import { randomBytes } from "./random";

const VERSION = 1;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

/**
 * Encrypts and authenticates a JSON value with XSalsa20-Poly1305 (NaCl's secretbox, 192-bit
 * random nonce) under the first secret's sealing key. A `context` (e.g. the session id) is
 * sealed with the value and must match when opened. Output: base64url(version ‖ nonce ‖ box).
 */
export function seal(value: unknown, keys: readonly SecretKeys[], context?: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const payload = JSON.stringify(context === undefined ? value : [context, value]);
  const box = xsalsa20poly1305(keys[0]!.seal, nonce).encrypt(utf8(payload));
  const out = new Uint8Array(1 + NONCE_BYTES + box.length);
  out[0] = VERSION;
  out.set(nonce, 1);
  out.set(box, 1 + NONCE_BYTES);
  return toBase64Url(out);
}

/** A value opened by {@link unseal}, and the index of the secret that opened it. */
export interface Unsealed {
  value: unknown;
  keyIndex: number;
}

/**
 * Opens a sealed value with each secret in turn and returns its JSON text. Anything malformed,
 * forged, sealed under an unknown key or for another context gives `undefined`; never throws.
 */
export function unsealText(text: string, keys: readonly SecretKeys[]): { json: string; keyIndex: number } | undefined {
  const bytes = fromBase64Url(text);
  if (!bytes || bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== VERSION) return undefined;
  const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
  const box = bytes.subarray(1 + NONCE_BYTES);
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    let plain: Uint8Array;
    try {
      plain = xsalsa20poly1305(keys[keyIndex]!.seal, nonce).decrypt(box);
    } catch {
      continue; // authentication failed under this key: the known failure, try the next
    }
    try {
      return { json: fromUtf8(plain), keyIndex };
    } catch {
      return undefined; // authentic but not UTF-8: sealed by something else with our key
    }
  }
  return undefined;
}

/**
 * Opens a sealed JSON value (see {@link unsealText}); `undefined` when it does not open or
 * parse, or was sealed for another `context`.
 */
export function unseal(text: string, keys: readonly SecretKeys[], context?: string): Unsealed | undefined {
  const opened = unsealText(text, keys);
  const parsed = opened && parseSealed(opened.json, opened.keyIndex);
  if (!parsed || context === undefined) return parsed;
  const pair = parsed.value;
  if (!Array.isArray(pair) || pair.length !== 2 || pair[0] !== context) return undefined;
  return { value: pair[1], keyIndex: parsed.keyIndex };
}

/** Parses opened JSON text; `undefined` when it is not JSON. */
export function parseSealed(json: string, keyIndex: number): Unsealed | undefined {
  try {
    return { value: JSON.parse(json), keyIndex };
  } catch {
    return undefined;
  }
}
