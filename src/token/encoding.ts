const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes; throws on invalid sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The runtime's `Buffer`, for encoding long values natively; `null` where there is none. */
type NativeBuffer = {
  from(buffer: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64url"): string };
  from(text: string, encoding: "base64url"): Uint8Array;
};
let nativeBuffer: NativeBuffer | null | undefined;

/**
 * Internal (tests, and `selectCrypto`): `false` makes {@link toBase64Url} use only its own
 * loop; `true` looks the runtime's `Buffer` up again (through `getBuiltinModule`, no import).
 */
export function useNativeBase64(on: boolean): void {
  nativeBuffer = on ? undefined : null;
}

/** The runtime's `Buffer` (looked up once), which both encodes and decodes long values; `null` where there is none or it is switched off. */
function runtimeBuffer(): NativeBuffer | null {
  if (nativeBuffer === undefined) {
    const mod = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:buffer") as
      | { Buffer?: NativeBuffer }
      | undefined;
    nativeBuffer = typeof mod?.Buffer?.from === "function" ? mod.Buffer : null;
  }
  return nativeBuffer;
}

/** Values this long (a seal) are encoded natively where the runtime can: a string built in JS costs ~10× more. */
const NATIVE_FROM = 24;

/** Unpadded base64url of bytes. */
export function toBase64Url(bytes: Uint8Array): string {
  if (bytes.length >= NATIVE_FROM) {
    const native = runtimeBuffer();
    if (native) return native.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");
  }
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Only the base64url alphabet, nothing else (no padding, no whitespace); a regular expression runs natively. */
const BASE64URL_TEXT = /^[A-Za-z0-9_-]*$/;

/**
 * Whether `text` is strictly unpadded base64url — exactly what {@link fromBase64Url} accepts —
 * without decoding it: the alphabet only (no padding, no whitespace), a length that whole
 * bytes can have, and no bits set past the last whole byte (two spellings of one value).
 */
export function isBase64Url(text: string): boolean {
  const length = text.length;
  if (length % 4 === 1 || !BASE64URL_TEXT.test(text)) return false;
  const unused = length % 4 === 2 ? 15 : length % 4 === 3 ? 3 : 0;
  return unused === 0 || (LOOKUP[text.charCodeAt(length - 1)]! & unused) === 0;
}

/** Decodes unpadded base64url; `undefined` for anything that is not strictly that. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  const length = text.length;
  if (length % 4 === 1) return undefined;
  if (length >= NATIVE_FROM) {
    // The runtime's decoder skips what is not base64url, so the text is checked strictly first:
    // the alphabet only, and no bits set past the last whole byte (two spellings of one value).
    const native = runtimeBuffer();
    if (native) {
      if (!isBase64Url(text)) return undefined;
      const bytes = native.from(text, "base64url");
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
  }
  const out = new Uint8Array((length * 3) >> 2);
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? LOOKUP[code]! : -1;
    if (digit < 0) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 255;
    }
  }
  // Non-canonical trailing bits would let two strings decode to the same bytes.
  if ((value & ((1 << bits) - 1)) !== 0) return undefined;
  return out;
}

/** Constant-time equality of two byte arrays (length is not secret). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
