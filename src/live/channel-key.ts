import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { utf8 } from "../token/encoding";

/** The same salt as the token and sealing keys (token/keys.ts); the `info` keeps each key independent. */
const SALT = utf8("sessionkit/v1");

/**
 * The live channel's keys, one per secret (the first seals, every one opens), each derived
 * with HKDF-SHA256 under its own `info` ("live:" and the channel's name), so a channel key never
 * equals — and reveals nothing about — the token or sealing keys of the same secret, and a
 * message sealed for one channel (one `prefix`) does not open on another. Secrets are already
 * checked by `deriveKeys` at `defineSessions`.
 */
export function deriveChannelKeys(secrets: string | readonly string[], channel: string): Uint8Array[] {
  const list = typeof secrets === "string" ? [secrets] : secrets;
  return list.map((secret) => hkdf(sha256, utf8(secret), SALT, utf8(`live:${channel}`), 32));
}
