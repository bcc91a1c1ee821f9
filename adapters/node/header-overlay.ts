// A `Headers` view of a ServerResponse's pending headers, for the core's commit.
import type { ServerResponse } from "node:http";

/**
 * The response headers as a web `Headers`, read from `res` and written to an overlay: the
 * core's commit appends `Set-Cookie` and merges `Vary` / `Cache-Control` here while the response
 * is held, and {@link HeaderOverlay.applyTo} puts the result on `res` just before it is written.
 * Only the headers the commit touched are copied; nothing is built for the others.
 */
export class HeaderOverlay implements Headers {
  readonly #res: ServerResponse;
  /** Lower-cased name → its lines, or `null` once deleted. */
  readonly #changed = new Map<string, string[] | null>();

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  #lines(name: string): string[] | null {
    const key = name.toLowerCase();
    if (this.#changed.has(key)) return this.#changed.get(key)!;
    const value = this.#res.getHeader(key);
    if (value === undefined) return null;
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  get(name: string): string | null {
    return this.#lines(name)?.join(", ") ?? null;
  }
  has(name: string): boolean {
    return this.#lines(name) !== null;
  }
  set(name: string, value: string): void {
    this.#changed.set(name.toLowerCase(), [String(value)]);
  }
  append(name: string, value: string): void {
    this.#changed.set(name.toLowerCase(), [...(this.#lines(name) ?? []), String(value)]);
  }
  delete(name: string): void {
    this.#changed.set(name.toLowerCase(), null);
  }
  getSetCookie(): string[] {
    return this.#lines("set-cookie") ?? [];
  }
  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
  *entries(): HeadersIterator<[string, string]> {
    const names = new Set([...this.#res.getHeaderNames(), ...this.#changed.keys()]);
    for (const name of [...names].sort()) {
      const lines = this.#lines(name);
      if (lines === null) continue;
      if (name === "set-cookie") for (const line of lines) yield [name, line];
      else yield [name, lines.join(", ")];
    }
  }
  *keys(): HeadersIterator<string> {
    for (const [key] of this.entries()) yield key;
  }
  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }
  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  /** Copies every header of `headers` (a Response's) into the overlay. */
  copyFrom(headers: Headers): void {
    for (const [name, value] of headers) if (name !== "set-cookie") this.set(name, value);
    this.#changed.set("set-cookie", headers.getSetCookie());
  }

  /** Writes the touched headers onto `res` (which must not have sent its headers yet). */
  applyTo(res: ServerResponse): void {
    for (const [name, lines] of this.#changed) {
      if (lines === null || lines.length === 0) res.removeHeader(name);
      else res.setHeader(name, name === "set-cookie" || lines.length > 1 ? lines : lines[0]!);
    }
  }
}
