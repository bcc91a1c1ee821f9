import { getRandomValues } from "uncrypto";
import { toBase64Url } from "./encoding";

const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let offset = 0;

/**
 * `length` cryptographically random bytes from uncrypto's `getRandomValues`, drawn from a
 * pool refilled 4 KiB at a time so a request costs no system call. Each byte is used once.
 */
export function randomBytes(length: number): Uint8Array {
  if (offset + length > pool.length) {
    pool = getRandomValues(new Uint8Array(Math.max(POOL_SIZE, length)));
    offset = 0;
  }
  const bytes = pool.slice(offset, offset + length);
  pool.fill(0, offset, offset + length);
  offset += length;
  return bytes;
}

/** Bytes of entropy in a session id: 128 bits. */
export const ID_BYTES = 16;

/** A new session id: 128 random bits, base64url (22 characters). */
export function createId(): string {
  return toBase64Url(randomBytes(ID_BYTES));
}
