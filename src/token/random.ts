import { getRandomValues } from "uncrypto";
import { toBase64Url } from "./encoding";

const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let offset = 0;

/**
 * Reserves `length` unused bytes of the pool, refilled 4 KiB at a time from uncrypto's
 * `getRandomValues` so a request costs no system call; returns where they start. The caller
 * copies them out and wipes them ({@link release}): each byte is used once.
 */
function reserve(length: number): number {
  if (offset + length > pool.length) {
    pool = getRandomValues(new Uint8Array(Math.max(POOL_SIZE, length)));
    offset = 0;
  }
  const at = offset;
  offset += length;
  return at;
}

/** Wipes bytes handed out, so the pool never holds a value that was used. */
function release(at: number, length: number): void {
  pool.fill(0, at, at + length);
}

/** `length` cryptographically random bytes. */
export function randomBytes(length: number): Uint8Array {
  const at = reserve(length);
  const bytes = pool.slice(at, at + length);
  release(at, length);
  return bytes;
}

/** Fills `target[start … start + length)` with cryptographically random bytes (no allocation). */
export function randomInto(target: Uint8Array, start: number, length: number): void {
  const at = reserve(length);
  target.set(pool.subarray(at, at + length), start);
  release(at, length);
}

/** Bytes of entropy in a session id: 128 bits. */
export const ID_BYTES = 16;

/** A new session id: 128 random bits, base64url (22 characters). */
export function createId(): string {
  const at = reserve(ID_BYTES);
  const id = toBase64Url(pool.subarray(at, at + ID_BYTES));
  release(at, ID_BYTES);
  return id;
}
