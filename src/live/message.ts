import { xsalsa20poly1305 } from "@noble/ciphers/salsa";
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from "../token/encoding";
import { randomBytes } from "../token/random";
import type { SessionChange } from "../types";

/** What travels on the live channel, once opened: who sent it, for which session, when, what. */
export interface ChannelMessage {
  /** The sending process's random id (a process skips its own messages). */
  origin: string;
  /** The session's handle (a hash of its id, never the id). */
  handle: string;
  /** Sending time, ms since the epoch (stale messages are dropped). */
  sentAt: number;
  change: SessionChange;
  /** The message's nonce, base64url: the same message twice is a replay. */
  nonce: string;
}

const PREFIX = "sk1.";
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
/** Longest message accepted, in characters: a published change never comes near it. */
export const MAX_MESSAGE_LENGTH = 256 * 1024;
/** Most key names in one `changed`. */
const MAX_KEYS = 10_000;
const HANDLE = /^[A-Za-z0-9_-]{43}$/;
const ORIGIN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Seals a change for the channel with XSalsa20-Poly1305 (NaCl's secretbox, as token/seal.ts)
 * under the first channel key: the Poly1305 tag authenticates it (a MAC under a key derived
 * from the secrets and the channel's name, channel-key.ts), and the handle and key names travel
 * encrypted, not in clear. Output: `sk1.` base64url(nonce ‖ box).
 */
export function sealMessage(keys: readonly Uint8Array[], origin: string, handle: string, change: SessionChange, sentAt: number): string {
  const body = change.type === "destroyed" ? [origin, handle, sentAt, "d"] : [origin, handle, sentAt, "c", change.keys];
  const nonce = randomBytes(NONCE_BYTES);
  const box = xsalsa20poly1305(keys[0]!, nonce).encrypt(utf8(JSON.stringify(body)));
  const out = new Uint8Array(NONCE_BYTES + box.length);
  out.set(nonce);
  out.set(box, NONCE_BYTES);
  return PREFIX + toBase64Url(out);
}

/**
 * Opens and validates a message from the channel; `undefined` for anything that is not a
 * message sealed under one of `keys` (this channel's) with exactly the expected shape. Never
 * throws: the channel is input from whoever can reach Redis.
 */
export function openMessage(keys: readonly Uint8Array[], raw: unknown): ChannelMessage | undefined {
  if (typeof raw !== "string" || raw.length > MAX_MESSAGE_LENGTH || !raw.startsWith(PREFIX)) return undefined;
  const bytes = fromBase64Url(raw.slice(PREFIX.length));
  if (!bytes || bytes.length < NONCE_BYTES + TAG_BYTES + 2) return undefined;
  const nonce = bytes.subarray(0, NONCE_BYTES);
  const box = bytes.subarray(NONCE_BYTES);
  for (const key of keys) {
    let plain: Uint8Array;
    try {
      plain = xsalsa20poly1305(key, nonce).decrypt(box);
    } catch {
      continue; // not this key (or forged): try the next
    }
    return validate(fromUtf8(plain), toBase64Url(nonce));
  }
  return undefined;
}

/** The sealed body's exact shape: `[origin, handle, sentAt, "d"]` or `[origin, handle, sentAt, "c", keys]`. */
function validate(text: string, nonce: string): ChannelMessage | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(body)) return undefined;
  const [origin, handle, sentAt, type, keys] = body as unknown[];
  if (typeof origin !== "string" || !ORIGIN.test(origin)) return undefined;
  if (typeof handle !== "string" || !HANDLE.test(handle)) return undefined;
  if (typeof sentAt !== "number" || !Number.isSafeInteger(sentAt) || sentAt <= 0) return undefined;
  if (type === "d" && body.length === 4) return { origin, handle, sentAt, nonce, change: { type: "destroyed" } };
  if (type !== "c" || body.length !== 5 || !Array.isArray(keys) || keys.length > MAX_KEYS) return undefined;
  if (!keys.every((key) => typeof key === "string")) return undefined;
  return { origin, handle, sentAt, nonce, change: { type: "changed", keys: [...(keys as string[])] } };
}
