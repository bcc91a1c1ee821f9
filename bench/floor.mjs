// The floors: the least work a session read can do, and the least a reject can (one MAC verify of
// a token of that size), with the runtime's native HMAC-SHA256 (node:crypto; the fastest this
// machine has). No storage abstraction, expiry, schema or Set-Cookie: nothing real can be
// cheaper, so the gap to a floor is the price of everything else.
//   floor (map):    read: parse the Cookie header, verify HMAC-SHA256 of a 22-character id,
//                   Map.get, JSON.parse of the small record; reject: a tampered token stops at
//                   the compare. new: 128 random bits (from a pool), HMAC-SHA256 of the id, the
//                   SHA-256 handle (ids are hashed at rest), JSON.stringify + Map.set, and the
//                   headers the contract asks of a new session: Set-Cookie, Vary, Cache-Control.
//                   write: the read, then n + 1, JSON.stringify + Map.set, Vary and Cache-Control
//                   (the token does not change, so no Set-Cookie).
//   floor (sealed): parse the Cookie header, base64url-decode a value as long as sessionkit's
//                   cookie-mode cookie for the same record, verify a 128-bit HMAC-SHA256 tag
//                   over the rest of it; reject only (opening it is sessionkit's real work).

import { createHash, createHmac, randomFillSync, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SECRET, tamper, webRequest } from "./scenarios.mjs";

const key = Buffer.from(SECRET);

/** base64url HMAC-SHA256 of `data` under SECRET. */
export const sign = (data) => createHmac("sha256", key).update(data).digest("base64url");

/** 16 random bytes as base64url, from a pool refilled 4 KiB at a time (no system call per id). */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
export function randomId() {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.toString("base64url", poolAt - 16, poolAt);
}

/** The response headers the contract asks of a session-dependent response (no Set-Cookie). */
function cacheHeaders(response) {
  response.headers.set("vary", "Cookie");
  response.headers.set("cache-control", "private, must-revalidate");
  return response;
}

/** Constant-time string comparison (equal lengths only). */
function equal(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The `sid` cookie's value in `request`, or undefined. */
function cookieValue(request) {
  return sidIn(request.headers.get("cookie") ?? "");
}

/** The `sid` cookie's value in a Cookie header, or undefined. */
function sidIn(header) {
  const start = header.indexOf("sid=");
  if (start === -1) return undefined;
  const end = header.indexOf(";", start);
  return header.slice(start + 4, end === -1 ? undefined : end);
}

/**
 * The record behind `request`'s `sid` cookie, or undefined.
 * @param {Request} request
 * @param {Map<string, string>} records
 */
function load(request, records) {
  return recordOf(request.headers.get("cookie") ?? "", records);
}

/** The id of a Cookie header's `sid=<id>.<mac>` cookie if its MAC verifies, or undefined. */
export function verifiedId(header) {
  const token = sidIn(header);
  if (token === undefined) return undefined;
  const dot = token.lastIndexOf(".");
  const id = token.slice(0, dot);
  return equal(token.slice(dot + 1), sign(id)) ? id : undefined;
}

/**
 * The record behind a Cookie header's signed `sid` cookie, or undefined: the floor's read.
 * @param {string} header
 * @param {Map<string, string>} records
 */
function recordOf(header, records) {
  const id = verifiedId(header);
  const json = id === undefined ? undefined : records.get(id);
  return json === undefined ? undefined : JSON.parse(json);
}

/** Whether `request`'s sealed `sid` cookie carries a valid tag (bytes: … ‖ tag[16]). */
function verifySealed(request) {
  const token = cookieValue(request);
  if (token === undefined) return false;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length < 17) return false;
  const tag = createHmac("sha256", key).update(bytes.subarray(0, bytes.length - 16)).digest().subarray(0, 16);
  return timingSafeEqual(tag, bytes.subarray(bytes.length - 16));
}

/** The length in characters of sessionkit's cookie-mode cookie for the benchmark's record. */
async function sealedLength() {
  const dist = process.env.SESSIONKIT_DIST ? pathToFileURL(process.env.SESSIONKIT_DIST) : new URL("../dist/index.js", import.meta.url);
  if (!existsSync(fileURLToPath(dist))) return 200;
  const { defineSessions } = await import(dist.href);
  const sessions = defineSessions({ secrets: [SECRET], storage: "cookie" });
  const { session, commit } = sessions.createSessionHandler(webRequest("seed"));
  session.set("n", 1);
  session.set("user", "alice");
  const line = (await commit(new Response("1"))).headers.getSetCookie()[0];
  return line.split(";")[0].length - "sid=".length;
}

/** @type {import("./scenarios.mjs").Peer[]} */
export default [
  {
    name: "floor",
    store: "map",
    driven: "sync native HMAC-SHA256 verify + Map.get + JSON.parse inside handler(Request) → Response",
    async setup() {
      const id = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
      const records = new Map([[id, JSON.stringify({ n: 1, user: "alice" })]]);
      const cookie = `sid=${id}.${sign(id)}`;
      const tampered = tamper(cookie);
      const writeId = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
      records.set(writeId, JSON.stringify({ n: 1, user: "alice" }));
      const writeCookie = `sid=${writeId}.${sign(writeId)}`;
      const read = async (c) => new Response(String(load(webRequest("read", c), records)?.n ?? ""));
      const fresh = async () => {
        webRequest("new").headers.get("cookie");
        const id = randomId();
        records.set(createHash("sha256").update(id).digest("base64url"), JSON.stringify({ n: 1 }));
        const response = new Response("1");
        response.headers.append("set-cookie", `sid=${id}.${sign(id)}; Path=/; HttpOnly; SameSite=Lax`);
        return cacheHeaders(response);
      };
      const write = async () => {
        const request = webRequest("write", writeCookie);
        const record = load(request, records);
        record.n += 1;
        records.set(writeId, JSON.stringify(record));
        return cacheHeaders(new Response(String(record.n)));
      };
      return {
        new: fresh,
        read: () => read(cookie),
        write,
        reject: () => read(tampered),
        async assert() {
          if ((await (await read(cookie)).text()) !== "1") throw new Error("floor read: did not see n = 1");
          if ((await (await read(tampered)).text()) !== "") throw new Error("floor reject: accepted a tampered token");
          const created = await fresh();
          if (!created.headers.getSetCookie()[0]?.startsWith("sid=")) throw new Error("floor new: no cookie");
          const before = JSON.parse(records.get(writeId)).n;
          if ((await (await write()).text()) !== String(before + 1)) throw new Error("floor write: did not increment n");
        },
      };
    },
  },
  {
    name: "floor",
    store: "sealed",
    driven: "base64url decode + one native HMAC-SHA256 tag verify of a cookie-mode-sized value",
    async setup() {
      const length = await sealedLength();
      const body = Buffer.from(crypto.getRandomValues(new Uint8Array(Math.floor((length * 3) / 4) - 16)));
      const sealed = Buffer.concat([body, createHmac("sha256", key).update(body).digest().subarray(0, 16)]).toString("base64url");
      const cookie = `sid=${sealed}`;
      const tampered = tamper(cookie);
      const read = async (c) => new Response(verifySealed(webRequest("read", c)) ? "1" : "");
      return {
        reject: () => read(tampered),
        async assert() {
          if ((await (await read(cookie)).text()) !== "1") throw new Error("floor sealed: refused its own value");
          if ((await (await read(tampered)).text()) !== "") throw new Error("floor sealed: accepted a tampered value");
        },
      };
    },
  },
];
