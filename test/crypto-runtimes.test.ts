// The same seal across runtimes: a cookie-mode session sealed on Node (node:crypto) opens under
// the real Bun binary (its own node:crypto: BoringSSL, no ChaCha20) and Bun's answer opens on
// Node again — byte-compatible formats, whichever native primitives each runtime has.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defineSessions } from "../src/index";
import { BUN_BINARY, bunUnavailable } from "./helpers/bun-process";
import { SECRET } from "./suites/store-suite";

const skip = bunUnavailable();
if (skip) console.warn(`\n*** SKIPPING crypto across runtimes: ${skip} ***\n`);

describe.skipIf(skip !== undefined)("seals across runtimes", () => {
  it("Node seals, Bun opens and re-seals, Node opens", async () => {
    const sessions = defineSessions({ secrets: [SECRET], storage: "cookie", name: "roundtrip" });
    const first = sessions.createSessionHandler(new Request("http://x/"));
    first.session.set("n", 41);
    first.session.client.set("theme", "dark");
    const cookie = (await first.commit(new Response("ok"))).headers.getSetCookie()[0]!.split(";")[0]!;

    const bun = spawnSync(BUN_BINARY, ["test/fixtures/crypto-roundtrip.ts", cookie], { cwd: fileURLToPath(new URL("..", import.meta.url)), encoding: "utf8", env: { ...process.env, SECRET, STORAGE: "cookie" }, timeout: 30_000 });
    expect(bun.status, bun.stderr).toBe(0);
    const answer = JSON.parse(bun.stdout.trim().split("\n").pop()!) as { seen: unknown; cookie: string };
    expect(answer.seen).toEqual({ n: 41, theme: "dark" });
    expect(answer.cookie).toMatch(/^sid=/);

    const back = sessions.createSessionHandler(new Request("http://x/", { headers: { cookie: answer.cookie } }));
    expect(await back.session.get("n")).toBe(42);
    expect(await back.session.client.get("theme")).toBe("dark");
  });
});
