import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Folder where test/setup/leak-watch.ts records events, errors and issued tokens. */
    leakDir: string;
  }
}

let dir = "";

/** Gives every worker a folder to record into. */
export function setup(project: TestProject): void {
  dir = mkdtempSync(join(tmpdir(), "sessionkit-leaks-"));
  project.provide("leakDir", dir);
}

/**
 * After the whole suite: no token, and no session id, appears in any event payload or error
 * message that any test produced. Fails the run otherwise.
 */
export function teardown(): void {
  const entries = readdirSync(dir).flatMap((name) =>
    readFileSync(join(dir, name), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { kind: string; value: string }),
  );
  rmSync(dir, { recursive: true, force: true });
  const secrets = new Set<string>();
  let values = 0;
  for (const { kind, value } of entries) {
    if (kind === "value") {
      secrets.add(value);
      values++;
    }
    if (kind !== "token") continue;
    // Server tokens are id.mac(.sealed): check each part; sealed cookie values as a whole.
    for (const part of value.split(/[.~]/)) if (part.length >= 16) secrets.add(part);
  }
  const said = entries.filter((entry) => entry.kind === "event" || entry.kind === "error");
  const leaks = said.filter(({ value }) => containsAny(value, secrets));
  console.log(`leak check: ${said.length} events and error messages checked against ${secrets.size} token parts and stored values (${values} values) of this run`);
  if (leaks.length > 0) {
    // A teardown that throws does not fail vitest's run: set the exit code ourselves.
    console.error(`\n!! LEAK: a token, id or stored value appeared in ${leaks.length} event(s)/error(s), e.g. ${leaks[0]!.value.slice(0, 80)}…\n`);
    process.exitCode = 1;
  }
}

/** Base64url runs: a token part can only appear inside one. */
const RUN = /[A-Za-z0-9_-]{16,}/g;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Whether `value` contains any of `secrets`: base64url secrets are looked up by every window of
 * their lengths inside the value's base64url runs (a set lookup each, so a suite that issues
 * 100,000 tokens checks in seconds); any other secret by a plain substring search.
 */
function containsAny(value: string, secrets: Set<string>): boolean {
  const { lengths, others } = (shapeCache.get(secrets) ?? shapeCache.set(secrets, shapeOf(secrets)).get(secrets))!;
  for (const [run] of value.matchAll(RUN)) {
    for (const length of lengths) {
      for (let start = 0; start + length <= run.length; start++) if (secrets.has(run.slice(start, start + length))) return true;
    }
  }
  return others.some((secret) => value.includes(secret));
}

const shapeCache = new WeakMap<Set<string>, { lengths: number[]; others: string[] }>();
function shapeOf(secrets: Set<string>): { lengths: number[]; others: string[] } {
  const lengths = new Set<number>();
  const others: string[] = [];
  for (const secret of secrets) {
    if (BASE64URL.test(secret)) lengths.add(secret.length);
    else others.push(secret);
  }
  return { lengths: [...lengths], others };
}
