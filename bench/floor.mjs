// The floor: the least work any signed-id session read can do. Parse the Cookie header, verify
// an HMAC-SHA256 signature over a short id synchronously (@noble/hashes, key pads precomputed
// once), look the id up in a Map, JSON.parse the small record. A tampered token stops at the
// constant-time compare. No storage abstraction, expiry, schema or Set-Cookie: nothing real
// can be cheaper, so the gap to it is the price of everything else.

import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha2";
import { SECRET, tamper, webRequest } from "./scenarios.mjs";

const encoder = new TextEncoder();
const keyed = hmac.create(sha256, encoder.encode(SECRET));

/** base64url HMAC-SHA256 of `id` under SECRET. */
const sign = (id) => Buffer.from(keyed.clone().update(encoder.encode(id)).digest()).toString("base64url");

/** Constant-time string comparison (equal lengths only). */
function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The record behind `request`'s `sid` cookie, or undefined.
 * @param {Request} request
 * @param {Map<string, string>} records
 */
function load(request, records) {
  const header = request.headers.get("cookie") ?? "";
  const start = header.indexOf("sid=");
  if (start === -1) return undefined;
  const end = header.indexOf(";", start);
  const token = header.slice(start + 4, end === -1 ? undefined : end);
  const dot = token.lastIndexOf(".");
  const id = token.slice(0, dot);
  if (!equal(token.slice(dot + 1), sign(id))) return undefined;
  const json = records.get(id);
  return json === undefined ? undefined : JSON.parse(json);
}

/** @type {import("./scenarios.mjs").Peer} */
export default {
  name: "floor",
  store: "map",
  driven: "sync HMAC-SHA256 verify + Map.get + JSON.parse inside handler(Request) → Response",
  async setup() {
    const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
    const records = new Map([[id, JSON.stringify({ n: 1, user: "alice" })]]);
    const cookie = `sid=${id}.${sign(id)}`;
    const tampered = tamper(cookie);
    const read = async (c) => new Response(String(load(webRequest("read", c), records)?.n ?? ""));
    return {
      read: () => read(cookie),
      reject: () => read(tampered),
      async assert() {
        if ((await (await read(cookie)).text()) !== "1") throw new Error("floor read: did not see n = 1");
        if ((await (await read(tampered)).text()) !== "") throw new Error("floor reject: accepted a tampered token");
      },
    };
  },
};
