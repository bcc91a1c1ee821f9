import { hkdf } from "@noble/hashes/hkdf";
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { SessionConfigError } from "../errors";
import { utf8 } from "./encoding";

/** Minimum length of a secret, in characters. */
export const MIN_SECRET_LENGTH = 32;

const SALT = utf8("sessionkit/v1");

/** The keys derived from one secret: a prepared HMAC for tokens and a 256-bit sealing key. */
export interface SecretKeys {
  /** HMAC-SHA256 with its inner and outer pads already absorbed; never updated itself. */
  readonly mac: ReturnType<typeof hmac.create>;
  /** Scratch instance that `mac` is cloned into for each computation (no allocation). */
  readonly scratch: ReturnType<typeof hmac.create>;
  /** Key for sealing client data and cookie-mode sessions (XSalsa20-Poly1305). */
  readonly seal: Uint8Array;
}

/**
 * Derives independent token and sealing keys from each secret with HKDF-SHA256, once, at
 * `defineSessions`. The first secret signs and seals; every one verifies and opens.
 */
export function deriveKeys(secrets: string | readonly string[] | undefined): SecretKeys[] {
  const list = typeof secrets === "string" ? [secrets] : secrets;
  if (!Array.isArray(list) || list.length === 0) {
    throw new SessionConfigError(
      "sessionkit: `secrets` is missing. Pass `secrets: [process.env.SESSION_SECRET]` with at least " +
        `${MIN_SECRET_LENGTH} random characters (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  return list.map((secret, index) => {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
      throw new SessionConfigError(
        `sessionkit: secret #${index + 1} is ${typeof secret === "string" ? `${secret.length} characters` : "not a string"}; ` +
          `each secret needs at least ${MIN_SECRET_LENGTH}. Generate one with \`openssl rand -base64 32\`.`,
      );
    }
    const material = utf8(secret);
    const mac = hmac.create(sha256, hkdf(sha256, material, SALT, utf8("token"), 32));
    return {
      mac,
      scratch: mac.clone(),
      seal: hkdf(sha256, material, SALT, utf8("seal"), 32),
    };
  });
}
