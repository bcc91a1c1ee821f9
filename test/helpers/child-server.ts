import type { ChildProcessByStdio } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";

/** A server in a child process, once it said where it listens. */
export interface ChildServer {
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Stops the process (SIGTERM) and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Resolves once `child` prints `listening <url>` on stdout; rejects with everything it printed
 * if it exits (or fails to start) first. `what` names it in that message.
 */
export function whenListening(child: ChildProcessByStdio<null, Readable, Readable>, what: string): Promise<ChildServer> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /^listening (http:\/\/\S+)$/m.exec(output);
      if (!match) return;
      child.stdout.off("data", onData);
      resolve({
        url: match[1]!,
        output: () => output,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      });
    };
    child.stdout.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`${what} exited (${code ?? signal}) before listening:\n${output}`)));
  });
}

/**
 * `<exampleDir>/node_modules/sessionkit` → the repository, as `npm install` of the example's
 * `file:../..` dependency would make it: the example then imports the built package (dist/).
 */
export function linkPackageInto(exampleDir: string): void {
  const link = join(exampleDir, "node_modules/sessionkit");
  if (existsSync(link)) return;
  mkdirSync(join(exampleDir, "node_modules"), { recursive: true });
  symlinkSync("../../..", link);
}
