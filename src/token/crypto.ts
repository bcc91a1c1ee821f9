import { ctr } from "@noble/ciphers/aes";
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { toBase64Url, useNativeBase64 } from "./encoding";

/**
 * The synchronous primitives of the hot path, from the runtime's `node:crypto` where it has them
 * (Node ≥ 20.16, Bun, Deno, Workers with `nodejs_compat`), else pure JS (@noble). Both give
 * byte-identical output: which one runs is a matter of speed, never of format.
 *
 * Reached through `globalThis.process?.getBuiltinModule?.("node:crypto")`, so src/ has no `node:`
 * import and bundles for any runtime. Each primitive is picked on its own: Bun has AES-CTR and
 * HMAC natively but no ChaCha20, a runtime may lack `crypto.hash`, and so on.
 */
export interface CryptoBackend {
  /** Which implementation each primitive uses, for tests and the benchmark. */
  readonly uses: { readonly hmac: Impl; readonly sha256: Impl; readonly aesCtr: Impl };
  /** A keyed HMAC-SHA256 of `a ‖ b`; the digest may live in a buffer reused by the next call. */
  hmac(key: Uint8Array): (a: Uint8Array, b?: Uint8Array) => Uint8Array;
  /** A keyed HMAC-SHA256 of a string's UTF-8 bytes, as unpadded base64url. */
  hmacText(key: Uint8Array): (text: string) => string;
  /** SHA-256 of a string's UTF-8 bytes, as unpadded base64url. */
  sha256Text(text: string): string;
  /**
   * AES-256-CTR of `data` with a 128-bit initial counter block `iv` (whole block big-endian):
   * into `out` from `at` when given (and `out` returned), else into a new array.
   */
  aesCtr(key: Uint8Array): AesCtr;
}

/** AES-256-CTR under one key (see {@link CryptoBackend.aesCtr}). */
export type AesCtr = (iv: Uint8Array, data: Uint8Array, out?: Uint8Array, at?: number) => Uint8Array;

/** "native": the runtime's node:crypto; "js": @noble's pure-JS code. */
export type Impl = "native" | "js";

/** The part of `node:crypto` this module uses (typed here: no `@types/node` in src/). */
interface NodeHmac {
  update(data: Uint8Array | string): NodeHmac;
  digest(): Uint8Array;
  digest(encoding: "base64url"): string;
}
interface NodeCrypto {
  createHmac(algorithm: "sha256", key: unknown): NodeHmac;
  createHash(algorithm: "sha256"): { update(data: string): { digest(encoding: "base64url"): string } };
  createCipheriv(algorithm: "aes-256-ctr" | "aes-256-ecb", key: unknown, iv: Uint8Array | null): { update(data: Uint8Array): Uint8Array };
  createSecretKey(key: Uint8Array): unknown;
  hash?: {
    (algorithm: "sha256", data: string | Uint8Array, encoding: "base64url"): string;
    (algorithm: "sha256", data: Uint8Array, encoding: "latin1" | "base64url"): string;
  };
}

const encoder = new TextEncoder();

/** The pure-JS primitives (@noble). The one place that touches @noble's internal `_cloneInto`. */
const js: Omit<CryptoBackend, "uses"> = {
  hmac(key) {
    const prepared = hmac.create(sha256, key); // pads absorbed once: no per-call key schedule
    const scratch = prepared.clone();
    const out = new Uint8Array(32);
    return (a, b) => {
      prepared._cloneInto(scratch);
      scratch.update(a);
      if (b) scratch.update(b);
      scratch.digestInto(out);
      return out;
    };
  },
  hmacText(key) {
    const mac = js.hmac(key);
    return (text) => toBase64Url(mac(ascii(text)));
  },
  sha256Text: (text) => toBase64Url(sha256(encoder.encode(text))),
  aesCtr: (key) => (iv, data, out, at) => placed(ctr(key, iv).encrypt(data), out, at),
};

/** `bytes` copied into `out` from `at` (and `out` returned) when there is one, else `bytes` itself: {@link AesCtr}'s contract for a cipher that makes its own array. */
function placed(bytes: Uint8Array, out: Uint8Array | undefined, at = 0): Uint8Array {
  if (!out) return bytes;
  out.set(bytes, at);
  return out;
}

/** Scratch buffer for short ASCII strings (ids): no allocation per HMAC. Anything else is UTF-8 encoded. */
const asciiScratch = new Uint8Array(64);
function ascii(text: string): Uint8Array {
  if (text.length > asciiScratch.length) return encoder.encode(text);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return encoder.encode(text);
    asciiScratch[i] = code;
  }
  return asciiScratch.subarray(0, text.length);
}

/** The native primitives that this runtime's node:crypto really offers (each probed once). */
function nativeParts(): Partial<Omit<CryptoBackend, "uses">> {
  const nc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:crypto") as
    | NodeCrypto
    | undefined;
  if (!nc || typeof nc.createHmac !== "function" || typeof nc.createSecretKey !== "function") return {};
  const parts: Partial<Omit<CryptoBackend, "uses">> = {};
  const probeKey = new Uint8Array(32);
  if (works(() => nc.createHmac("sha256", nc.createSecretKey(probeKey)).update("probe").digest("base64url"))) {
    parts.hmac = (key) => {
      const secret = nc.createSecretKey(key);
      return (a, b) => {
        const h = nc.createHmac("sha256", secret).update(a);
        return (b ? h.update(b) : h).digest();
      };
    };
    parts.hmacText = (key) => {
      const secret = nc.createSecretKey(key);
      return (text) => nc.createHmac("sha256", secret).update(text).digest("base64url");
    };
  }
  const hash = nc.hash;
  if (parts.hmac && typeof hash === "function" && works(() => hash("sha256", new Uint8Array(1), "latin1"))) {
    const viaHmacText = parts.hmacText!;
    const viaHmac = parts.hmac;
    parts.hmacText = (key) => hmacTextFromHash(hash, key, viaHmacText(key));
    parts.hmac = (key) => hmacFromHash(hash, key, viaHmac(key));
  }
  if (typeof hash === "function" && works(() => hash("sha256", "probe", "base64url"))) {
    parts.sha256Text = (text) => hash("sha256", text, "base64url");
  } else if (typeof nc.createHash === "function" && works(() => nc.createHash("sha256").update("probe").digest("base64url"))) {
    parts.sha256Text = (text) => nc.createHash("sha256").update(text).digest("base64url");
  }
  if (typeof nc.createCipheriv === "function") {
    if (works(() => ecbBlocks(nc, probeKey)(new Uint8Array(32)))) parts.aesCtr = (key) => ctrFromEcb(ecbBlocks(nc, key));
    else if (works(() => nc.createCipheriv("aes-256-ctr", nc.createSecretKey(probeKey), new Uint8Array(16)).update(probeKey))) {
      parts.aesCtr = (key) => {
        const secret = nc.createSecretKey(key);
        return (iv, data, out, at) => placed(nc.createCipheriv("aes-256-ctr", secret, iv).update(data), out, at);
      };
    }
  }
  return parts;
}

/**
 * The AES-256 block function under one key, kept for the key's lifetime: one native ECB
 * context, fed whole blocks (no padding, so it holds no state between calls). Setting up a
 * cipher per seal costs more than the encryption of a cookie.
 */
function ecbBlocks(nc: NodeCrypto, key: Uint8Array): (blocks: Uint8Array) => Uint8Array {
  const ecb = nc.createCipheriv("aes-256-ecb", nc.createSecretKey(key), null) as ReturnType<NodeCrypto["createCipheriv"]> & { setAutoPadding(on: boolean): unknown };
  ecb.setAutoPadding(false);
  return (blocks) => ecb.update(blocks);
}

/**
 * AES-CTR from the block function: the counter blocks iv, iv+1, … (128-bit big-endian)
 * encrypted, XORed in. The counter blocks are built in a scratch buffer kept with the key (the
 * call is synchronous, so no other seal can be using it).
 */
function ctrFromEcb(encryptBlocks: (blocks: Uint8Array) => Uint8Array): AesCtr {
  let scratch = new Uint8Array(256);
  return (iv, data, out, at = 0) => {
    const count = Math.ceil(data.length / 16);
    if (count * 16 > scratch.length) scratch = new Uint8Array(Math.max(count * 16, scratch.length * 2));
    const counters = scratch.subarray(0, count * 16);
    for (let block = 0; block < count; block++) {
      const offset = block * 16;
      counters.set(iv, offset);
      let carry = block;
      for (let i = offset + 15; i >= offset && carry !== 0; i--) {
        const sum = counters[i]! + (carry & 255);
        counters[i] = sum & 255;
        carry = (carry >>> 8) + (sum >> 8);
      }
    }
    const stream = encryptBlocks(counters);
    const target = out ?? new Uint8Array(data.length);
    const start = out ? at : 0;
    for (let i = 0; i < data.length; i++) target[start + i] = data[i]! ^ stream[i]!;
    return target;
  };
}

/**
 * The key pads of HMAC-SHA256 (RFC 2104) filled in once, for {@link hmacFromHash}: `inner`
 * starts with `K ⊕ ipad` and has room for `room` message bytes after it, `outer` is
 * `K ⊕ opad` followed by room for the inner digest.
 */
function keyPads(key: Uint8Array, room: number): { inner: Uint8Array; outer: Uint8Array } {
  const inner = new Uint8Array(64 + room);
  const outer = new Uint8Array(96);
  for (let i = 0; i < 64; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36;
    outer[i] = (key[i] ?? 0) ^ 0x5c;
  }
  return { inner, outer };
}

/**
 * `H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))` from two one-shot `crypto.hash` calls: no HMAC context
 * set up and no pads re-absorbed per call, as `createHmac` does. Each digest comes back as a
 * string (latin1: one byte per character; or base64url), which Node returns without allocating
 * a Buffer. Writes the inner digest into `outer`.
 */
function twoHashes<E extends "latin1" | "base64url">(hash: NonNullable<NodeCrypto["hash"]>, inner: Uint8Array, length: number, outer: Uint8Array, encoding: E): string {
  const digest = hash("sha256", inner.subarray(0, length), "latin1");
  for (let i = 0; i < 32; i++) outer[64 + i] = digest.charCodeAt(i);
  return hash("sha256", outer, encoding as "latin1");
}

/** Longest message {@link hmacFromHash} copies into its pad buffer; longer ones go to the fallback. */
const MAX_HASHED_MESSAGE = 4096;

/**
 * HMAC-SHA256 of `a ‖ b` (seals: a context prefix and up to a few KiB) from {@link twoHashes},
 * into a 32-byte buffer reused by the next call. Anything longer than {@link MAX_HASHED_MESSAGE},
 * or a key longer than a block, goes to `fallback` (the same function through `createHmac`).
 */
function hmacFromHash(
  hash: NonNullable<NodeCrypto["hash"]>,
  key: Uint8Array,
  fallback: (a: Uint8Array, b?: Uint8Array) => Uint8Array,
): (a: Uint8Array, b?: Uint8Array) => Uint8Array {
  if (key.length > 64) return fallback; // HMAC hashes such a key first; ours are 32 bytes
  let { inner, outer } = keyPads(key, 256);
  const out = new Uint8Array(32);
  return (a, b) => {
    const length = a.length + (b?.length ?? 0);
    if (length > MAX_HASHED_MESSAGE) return fallback(a, b);
    if (64 + length > inner.length) {
      const grown = new Uint8Array(64 + Math.max(length, inner.length * 2 - 64));
      grown.set(inner.subarray(0, 64));
      inner = grown;
    }
    inner.set(a, 64);
    if (b) inner.set(b, 64 + a.length);
    const digest = twoHashes(hash, inner, 64 + length, outer, "latin1");
    for (let i = 0; i < 32; i++) out[i] = digest.charCodeAt(i);
    return out;
  };
}

/**
 * HMAC-SHA256 of short ASCII text (token ids, owner ids) as base64url, from {@link twoHashes}.
 * Anything longer than a block, or not ASCII, goes to `fallback` (the same function through
 * `createHmac`).
 */
function hmacTextFromHash(hash: NonNullable<NodeCrypto["hash"]>, key: Uint8Array, fallback: (text: string) => string): (text: string) => string {
  if (key.length > 64) return fallback;
  const { inner, outer } = keyPads(key, 64);
  return (text) => {
    if (text.length > 64) return fallback(text);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 127) return fallback(text);
      inner[64 + i] = code;
    }
    return twoHashes(hash, inner, 64 + text.length, outer, "base64url");
  };
}

/** Runs a probe once at selection; a runtime that lacks a primitive throws here, never later. */
function works(probe: () => unknown): boolean {
  try {
    probe();
    return true;
  } catch {
    return false;
  }
}

function build(mode: Impl): CryptoBackend {
  const native = mode === "native" ? nativeParts() : {};
  const pick = <K extends keyof typeof js>(name: K): [(typeof js)[K], Impl] => (native[name] ? [native[name]!, "native"] : [js[name], "js"]);
  const [hmacFn, hmacImpl] = pick("hmac");
  const [hmacText] = pick("hmacText");
  const [sha256Text, shaImpl] = pick("sha256Text");
  const [aesCtr, aesImpl] = pick("aesCtr");
  return { uses: { hmac: hmacImpl, sha256: shaImpl, aesCtr: aesImpl }, hmac: hmacFn, hmacText, sha256Text, aesCtr };
}

let selected: CryptoBackend | undefined;

/**
 * The primitives in use: chosen on first use (never at import: Workers forbid work at module
 * scope), native where the runtime has them. Keys prepared by `deriveKeys` keep the backend
 * that was current when they were derived.
 */
export function cryptoBackend(): CryptoBackend {
  return (selected ??= build("native"));
}

/**
 * Internal, for tests and the benchmark only (not part of the public API): `"js"` forces the
 * pure-JS path for every `defineSessions` (and every handle hash and base64url encoding) from
 * now on, `"native"` goes back to the runtime's primitives where it has them.
 */
export function selectCrypto(mode: Impl): CryptoBackend {
  useNativeBase64(mode === "native");
  return (selected = build(mode));
}
