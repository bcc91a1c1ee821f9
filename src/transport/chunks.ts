import { readCookie } from "./cookie";

/** Most chunks read from a request: bounds the work a hostile Cookie header can cause. */
export const MAX_CHUNKS = 16;

/**
 * Reads a value split over `name.0`, `name.1`, …: chunk 0 starts with the count (`3~…`).
 * Returns the joined value (or `undefined` when incomplete) and how many chunks were present.
 */
export function readChunked(header: string | null, name: string): { value: string | undefined; chunks: number } {
  const first = readCookie(header, `${name}.0`);
  if (first === undefined) return { value: undefined, chunks: 0 };
  let present = 1;
  while (present < MAX_CHUNKS && readCookie(header, `${name}.${present}`) !== undefined) present++;
  const tilde = first.indexOf("~");
  const count = Number(first.slice(0, tilde));
  if (tilde < 1 || !Number.isInteger(count) || count < 1 || count > present) return { value: undefined, chunks: present };
  let value = first.slice(tilde + 1);
  for (let index = 1; index < count; index++) value += readCookie(header, `${name}.${index}`);
  return { value, chunks: present };
}

/**
 * Splits `value` into chunk values so that each whole `Set-Cookie` line (name, value and
 * attributes, as `lineSize` measures it) stays within `limit` bytes.
 */
export function splitChunks(value: string, limit: number, lineSize: (name: string, value: string) => number, name: string): string[] {
  const overhead = lineSize(`${name}.${MAX_CHUNKS}`, "") + `${MAX_CHUNKS}~`.length;
  const room = limit - overhead;
  const count = Math.ceil(value.length / room);
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(value.slice(index * room, (index + 1) * room));
  parts[0] = `${count}~${parts[0]}`;
  return parts;
}
