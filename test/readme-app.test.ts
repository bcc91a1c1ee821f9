import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkPackage, ROOT, startServer, type RunningExample } from "./helpers/example-app";
import { createHttpClient } from "./helpers/http-client";

// The README's "A complete app in 20 lines", run exactly as written (tsx, the package by its name).
const readme = readFileSync(`${ROOT}README.md`, "utf8");
const snippet = /## A complete app in 20 lines\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
const dir = `${ROOT}.readme-app/`;
let server: RunningExample | undefined;

beforeAll(async () => {
  linkPackage();
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}server.ts`, snippet!);
  server = await startServer({ command: process.execPath, args: ["--import", "tsx", "server.ts"], cwd: dir }, "readme-app-secret-0123456789-abcdefghijk");
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's first app", () => {
  it("is in the README, and works as written: visits count, sign-in gives a new cookie", async () => {
    expect(snippet).toBeDefined();
    const browser = createHttpClient(server!.url);
    expect((await browser.get("/")).text).toBe("visits: 0");
    await browser.post("/visit");
    await browser.post("/visit");
    expect((await browser.get("/")).text).toBe("visits: 2");
    const before = browser.jar.get("sid");
    await browser.post("/login");
    expect(browser.jar.get("sid")).not.toBe(before);
    expect((await browser.get("/")).text).toBe("visits: 2");
  });
});
