import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { SessionConfigError } from "../errors";
import { cryptoBackend, type AesCtr } from "./crypto";
import { utf8 } from "./encoding";

/** Minimum length of a secret, in characters. */
export const MIN_SECRET_LENGTH = 32;

const SALT = utf8("sessionkit/v2");

/**
 * What one secret can do, prepared once at `defineSessions`. Closures, not key bytes: nothing
 * here serialises or logs a key.
 */
export interface SecretKeys {
  /** HMAC-SHA256 of a token's id, base64url (43 characters). */
  readonly signId: (id: string) => string;
  /** HMAC-SHA256 over a seal's bytes (`a ‖ b`); the digest is valid until the next call. */
  readonly sealMac: (a: Uint8Array, b?: Uint8Array) => Uint8Array;
  /** AES-256-CTR under the sealing key, from a 128-bit initial counter block. */
  readonly sealCipher: AesCtr;
  /** HMAC-SHA256 of an owner id, base64url: the owner's stored name (a store dump names no one). */
  readonly ownerMac: (ownerId: string) => string;
}

/**
 * The string that binds every credential to its `defineSessions`: the `name` option and the
 * cookie name (or the header name without a cookie). Two instances that differ in it share no
 * key, so neither accepts the other's tokens, seals or client parts, whatever their secrets.
 */
export function instanceBinding(parts: { name?: unknown; cookie?: string; header?: string }): string {
  if (parts.name !== undefined && (typeof parts.name !== "string" || parts.name === "")) {
    throw new SessionConfigError('sessionkit: `name` must be a non-empty string naming this app, like "shop" or "admin".');
  }
  return JSON.stringify([parts.name ?? null, parts.cookie ?? null, parts.cookie === undefined ? (parts.header?.toLowerCase() ?? null) : null]);
}

/**
 * Derives independent token, seal-encryption and seal-MAC keys from each secret with
 * HKDF-SHA256, once, at `defineSessions`; `binding` (see {@link instanceBinding}) goes into every
 * key's HKDF info. The first secret signs and seals; every one verifies and opens.
 */
export function deriveKeys(secrets: string | readonly string[] | undefined, binding = ""): SecretKeys[] {
  const list = typeof secrets === "string" ? [secrets] : secrets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new SessionConfigError(
      "sessionkit: `secrets` is missing. Pass `secrets: [process.env.SESSION_SECRET]` with at least " +
        `${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  const backend = cryptoBackend();
  return list.map((secret, index) => {
    if (secret === undefined || secret === null || secret === "") {
      throw new SessionConfigError(
        `sessionkit: secret #${index + 1} is ${secret === "" ? "empty" : String(secret)} — is the environment variable that should hold it (e.g. SESSION_SECRET) set? ` +
          `Set it to at least ${MIN_SECRET_LENGTH} random characters, e.g. the output of \`openssl rand -base64 32\`.`,
      );
    }
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
      throw new SessionConfigError(
        `sessionkit: secret #${index + 1} is ${typeof secret === "string" ? `${secret.length} characters` : `a ${typeof secret}, not a string`}; ` +
          `each secret needs at least ${MIN_SECRET_LENGTH} characters. Generate one with \`openssl rand -base64 32\`.`,
      );
    }
    const material = utf8(secret);
    const key = (purpose: string) => hkdf(sha256, material, SALT, utf8(`${purpose}\u0000${binding}`), 32);
    return {
      signId: backend.hmacText(key("token")),
      sealMac: backend.hmac(key("seal-mac")),
      sealCipher: backend.aesCtr(key("seal-enc")),
      ownerMac: backend.hmacText(key("owner-index")),
    };
  });
}
