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
  const leaks = said.filter(({ value }) => [...secrets].some((secret) => value.includes(secret)));
  console.log(`leak check: ${said.length} events and error messages checked against ${secrets.size} token parts and stored values (${values} values) of this run`);
  if (leaks.length > 0) {
    // A teardown that throws does not fail vitest's run: set the exit code ourselves.
    console.error(`\n!! LEAK: a token, id or stored value appeared in ${leaks.length} event(s)/error(s), e.g. ${leaks[0]!.value.slice(0, 80)}…\n`);
    process.exitCode = 1;
  }
}
