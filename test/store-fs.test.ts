import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { describeStore } from "./suites/store-suite";

const root = mkdtempSync(join(tmpdir(), "sessionkit-fs-"));
let count = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStore({ name: "fs", storage: () => `file:${join(root, String(count++))}`, serverSide: true });
