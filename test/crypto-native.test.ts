// Both crypto paths — the runtime's node:crypto and the pure-JS fallback — run here, against
// published test vectors and against each other: a token, a handle, a seal and a client part made
// by one path verify and open with the other.
import { createStorage } from "unstorage";
import { afterEach, describe, expect, it } from "vitest";
import { defineSessions, type Sessions } from "../src/index";
import { cryptoBackend, selectCrypto, type Impl } from "../src/token/crypto";
import { fromBase64Url, isBase64Url, toBase64Url } from "../src/token/encoding";
import { deriveKeys } from "../src/token/keys";
import { seal, unseal } from "../src/token/seal";
import { createAgent } from "./helpers/agent";
import { countThrows } from "./helpers/count-throws";
import { SECRET } from "./suites/store-suite";

const OLD_SECRET = "old-secret-abcdefghijklmnopqrstuvwxyz-0123";
const PATHS: Impl[] = ["native", "js"];
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "hex"));

afterEach(() => {
  selectCrypto("native");
});

describe("crypto backend selection", () => {
  it("uses node:crypto for every primitive on Node, and pure JS when forced", () => {
    expect(selectCrypto("native").uses).toEqual({ hmac: "native", sha256: "native", aesCtr: "native" });
    expect(selectCrypto("js").uses).toEqual({ hmac: "js", sha256: "js", aesCtr: "js" });
    expect(cryptoBackend().uses.hmac).toBe("js");
  });

  it("falls back to pure JS where the runtime has no getBuiltinModule", () => {
    const original = process.getBuiltinModule;
    try {
      (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
      expect(selectCrypto("native").uses).toEqual({ hmac: "js", sha256: "js", aesCtr: "js" });
    } finally {
      process.getBuiltinModule = original;
    }
  });

  it("picks each primitive on its own: a node:crypto without hash() or AES-CTR keeps native HMAC", () => {
    const original = process.getBuiltinModule;
    const real = original("node:crypto");
    const partial = {
      createHmac: real.createHmac,
      createHash: real.createHash,
      createSecretKey: real.createSecretKey,
      createCipheriv: () => {
        throw new Error("Unknown cipher"); // what Bun answers for a cipher it lacks
      },
    };
    try {
      process.getBuiltinModule = ((id: string) => (id === "node:crypto" ? partial : original(id))) as typeof original;
      expect(selectCrypto("native").uses).toEqual({ hmac: "native", sha256: "native", aesCtr: "js" });
    } finally {
      process.getBuiltinModule = original;
    }
  });
});

describe.each(PATHS)("%s primitives", (path) => {
  it("match the published test vectors", () => {
    const backend = selectCrypto(path);
    // FIPS 180-2 "abc"
    expect(Buffer.from(backend.sha256Text("abc"), "base64url").toString("hex")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231 test case 2, whole and split into two parts
    const jefe = backend.hmac(new TextEncoder().encode("Jefe"));
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(hex(jefe(new TextEncoder().encode("what do ya want for nothing?")))).toBe(expected);
    expect(hex(jefe(new TextEncoder().encode("what do ya "), new TextEncoder().encode("want for nothing?")))).toBe(expected);
    expect(Buffer.from(backend.hmacText(new TextEncoder().encode("Jefe"))("what do ya want for nothing?"), "base64url").toString("hex")).toBe(expected);
    // NIST SP 800-38A F.5.5, CTR-AES256.Encrypt, blocks 1–2
    const aes = backend.aesCtr(bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"));
    const plain = bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
    expect(hex(aes(bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), plain))).toBe("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5");
  });
});

describe("native and pure JS agree byte for byte", () => {
  it("on HMAC, SHA-256 of non-ASCII text and AES-CTR across a 128-bit counter wrap", () => {
    const outputs = PATHS.map((path) => {
      const backend = selectCrypto(path);
      const key = new Uint8Array(32).fill(9);
      const data = new Uint8Array(1000).map((_, i) => i * 7);
      return [
        hex(backend.hmac(key)(data, data.subarray(3, 77))),
        backend.hmacText(key)("id-ü-😀"),
        backend.hmacText(key)("AAAAAAAAAAAAAAAAAAAAAA"),
        backend.hmacText(key)("x".repeat(100)), // longer than a block: the createHmac fallback
        backend.sha256Text("ünïcødé 😀"),
        hex(backend.aesCtr(key)(new Uint8Array(16).fill(0xff), data.subarray(1, 100))),
        // 313 blocks from a counter whose last byte carries into the ones above it
        hex(backend.aesCtr(key)(bytes("00112233445566778899aabbccddfef0"), new Uint8Array(5000).fill(1))),
        // into a caller's buffer at an offset (how a seal is built), the bytes around it untouched
        hex(backend.aesCtr(key)(new Uint8Array(16).fill(3), data.subarray(0, 50), new Uint8Array(60).fill(7), 5)),
      ];
    });
    expect(outputs[0]).toEqual(outputs[1]);
  });

  it("on base64url of every length (native Buffer for long values, the JS loop otherwise)", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 151) & 255);
    for (const path of PATHS) {
      selectCrypto(path);
      for (let length = 0; length <= 300; length++) {
        expect(toBase64Url(data.subarray(7, 7 + Math.min(length, 293)))).toBe(Buffer.from(data.subarray(7, 7 + Math.min(length, 293))).toString("base64url"));
      }
    }
  });

  it("decode base64url of every length strictly (native Buffer for long values, the JS loop otherwise)", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 151 + 7) & 255);
    for (const path of PATHS) {
      selectCrypto(path);
      for (let length = 0; length <= 300; length++) {
        const text = Buffer.from(data.subarray(0, length)).toString("base64url");
        expect(Array.from(fromBase64Url(text)!)).toEqual(Array.from(data.subarray(0, length)));
        if (text.length === 0) continue;
        // What Buffer would accept but is not strictly unpadded base64url: refused on both paths.
        for (const bad of [`${text.slice(0, -1)}=`, `${text.slice(0, -1)}+`, `${text.slice(0, -1)}/`, ` ${text.slice(1)}`, `${text.slice(0, -1)}é`]) {
          expect(fromBase64Url(bad)).toBeUndefined();
        }
        if (text.length % 4 !== 0) {
          // The same bytes spelled with non-zero unused bits in the last character.
          const last = text.charCodeAt(text.length - 1);
          const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
          const other = alphabet[alphabet.indexOf(String.fromCharCode(last)) | 1]!;
          if (other !== text[text.length - 1]) expect(fromBase64Url(text.slice(0, -1) + other)).toBeUndefined();
        }
      }
      expect(fromBase64Url("A".repeat(25))).toBeUndefined(); // length % 4 === 1
    }
  });

  it("isBase64Url accepts exactly what fromBase64Url decodes (the token check that does not decode)", () => {
    const data = new Uint8Array(300).map((_, i) => (i * 151 + 7) & 255);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let length = 0; length <= 300; length++) {
      const text = Buffer.from(data.subarray(0, length)).toString("base64url");
      const variants = [text, `${text}A`, `${text}AA`, text.slice(1)];
      if (text.length > 0) {
        for (const bad of ["=", "+", "/", " ", "é", "\u0000", "\uffff", "."]) variants.push(text.slice(0, -1) + bad, bad + text.slice(1));
        const last = alphabet.indexOf(text[text.length - 1]!);
        for (const flip of [1, 2, 4, 8, 16, 32]) variants.push(text.slice(0, -1) + alphabet[last ^ flip]!);
      }
      for (const variant of variants) expect(isBase64Url(variant), JSON.stringify(variant)).toBe(fromBase64Url(variant) !== undefined);
    }
  });

  it("seals: one path seals, the other opens, for every context", () => {
    const keysOf = (path: Impl) => (selectCrypto(path), deriveKeys([SECRET], "binding"));
    const native = keysOf("native");
    const js = keysOf("js");
    for (const context of [undefined, "AAAAAAAAAAAAAAAAAAAAAA", "ünï"]) {
      const value = { n: 1, text: "ünïcødé 😀", list: [1, 2, 3] };
      expect(unseal(seal(value, native, context), js, context)?.value).toEqual(value);
      expect(unseal(seal(value, js, context), native, context)?.value).toEqual(value);
      expect(unseal(seal(value, js, context), native, `${context}x`)).toBeUndefined();
    }
  });

  it("refuses a forged seal by its tag, before any decryption", () => {
    for (const path of PATHS) {
      selectCrypto(path);
      const [keys] = deriveKeys([SECRET]);
      let decryptions = 0;
      const counted = [
        { ...keys!, sealCipher: (iv: Uint8Array, data: Uint8Array, out?: Uint8Array, at?: number) => (decryptions++, keys!.sealCipher(iv, data, out, at)) },
      ];
      const sealed = seal({ n: 1 }, counted);
      decryptions = 0;
      expect(unseal(sealed, counted)?.value).toEqual({ n: 1 });
      expect(decryptions).toBe(1);
      for (const at of [0, 1, 5, 20, sealed.length - 3]) {
        const forged = sealed.slice(0, at) + (sealed[at] === "A" ? "B" : "A") + sealed.slice(at + 1);
        expect(unseal(forged, counted)).toBeUndefined();
      }
      expect(decryptions).toBe(1);
    }
  });

  describe.each([
    ["memory:", "native", "js"],
    ["memory:", "js", "native"],
    ["cookie", "native", "js"],
    ["cookie", "js", "native"],
  ] as const)("%s: made by %s, used by %s", (mode, maker, user) => {
    /** Two instances on one store, one per crypto path; each request runs under its own path. */
    function pair() {
      const storage = mode === "cookie" ? "cookie" : createStorage();
      const make = (path: Impl, secrets: string[]) => {
        selectCrypto(path);
        const sessions = defineSessions({ secrets, storage });
        const agent = createAgent(sessions);
        const request: typeof agent.request = (handler, init) => (selectCrypto(path), agent.request(handler, init));
        return { sessions, agent: { ...agent, request } };
      };
      return { make };
    }

    it("a token, its handle, its client part and its data open and are re-issued", async () => {
      const { make } = pair();
      const a = make(maker, [SECRET]);
      const b = make(user, [SECRET]);
      await a.agent.request((s) => {
        s.set("user", "alice");
        s.client.set("theme", "dark");
      });
      const token = a.agent.jar.get("sid")!;
      const seen = await b.agent.request(async (s) => ({ user: await s.get("user"), theme: await s.client.get("theme"), id: s.id }), { cookie: `sid=${token}` });
      expect(seen.value).toMatchObject({ user: "alice", theme: "dark" });
      if (mode !== "cookie") expect(seen.value.id).toBe(token.split(".")[0]); // the same handle found the record
      // B writes; A reads B's token back: the other direction.
      b.agent.jar.set("sid", token);
      await b.agent.request(async (s) => s.set("user", "bob"));
      const back = await a.agent.request(async (s) => s.get("user"), { cookie: `sid=${b.agent.jar.get("sid")}` });
      expect(back.value).toBe("bob");
    });

    it("after a rotation, the other path accepts the old secret's token and re-issues it", async () => {
      const { make } = pair();
      const before = make(maker, [OLD_SECRET]);
      await before.agent.request((s) => s.set("user", "alice"));
      const old = before.agent.jar.get("sid")!;
      const after = make(user, [SECRET, OLD_SECRET]);
      const rotated = await after.agent.request(async (s) => s.get("user"), { cookie: `sid=${old}` });
      expect(rotated.value).toBe("alice");
      expect(rotated.setCookies).toHaveLength(1);
      const reissued = rotated.setCookies[0]!.split(";")[0]!.slice(4);
      const retired = make(maker, [SECRET]);
      expect((await retired.agent.request(async (s) => s.get("user"), { cookie: `sid=${reissued}` })).value).toBe("alice");
      expect((await retired.agent.request(async (s) => s.get("user"), { cookie: `sid=${old}` })).value).toBeUndefined();
    });
  });
});

describe.each(PATHS)("%s path: a tampered credential", (path) => {
  it("is refused without any exception thrown, caught or not", async () => {
    selectCrypto(path);
    const check = async (sessions: Sessions<any>) => {
      const agent = createAgent(sessions);
      await agent.request((s) => {
        s.set("n", 1);
        s.client.set("theme", "dark");
      });
      const token = agent.jar.get("sid")!;
      const flip = (at: number) => token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
      const forged = [flip(token.length - 2), flip(token.length - 30), flip(30), flip(70)];
      await agent.request(async (s) => s.get("n")); // warm every path first
      const { value, throws } = await countThrows(async () => {
        const seen = [];
        for (const cookie of forged) seen.push((await agent.request(async (s) => [await s.get("n"), await s.client.get("theme")], { cookie: `sid=${cookie}` })).value);
        return seen;
      });
      expect(value).toEqual(forged.map(() => [undefined, undefined]));
      expect(throws).toEqual([]);
    };
    await check(defineSessions({ secrets: [SECRET] }));
    await check(defineSessions({ secrets: [SECRET], storage: "cookie" }));
    // The counter is live: a caught exception is seen.
    const { throws } = await countThrows(async () => {
      try {
        JSON.parse("{");
      } catch {
        // expected
      }
    });
    expect(throws).toHaveLength(1);
  });
});
