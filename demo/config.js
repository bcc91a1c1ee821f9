// The demo's settings, read once from the environment.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** Embedded default storage: files under ./.data/sessions, kept across restarts. */
export const DEFAULT_STORAGE = "file:./.data/sessions";
/** Where the development secret is kept when SESSION_SECRET is not set. */
const DEV_SECRET_FILE = ".data/dev-secret";

/**
 * @typedef {object} DemoConfig
 * @property {number} port       TCP port on 127.0.0.1 (`PORT`, default 3000; 0 picks a free one)
 * @property {string} storage    sessionkit `storage` URL (`SESSION_STORAGE`)
 * @property {string | undefined} broadcast  Redis URL for cross-process live updates
 * @property {string} secret     the signing secret
 * @property {string | undefined} secretNote  said at start-up when the secret is a development one
 */

/**
 * Reads `PORT`, `SESSION_STORAGE`, `SESSION_BROADCAST` and `SESSION_SECRET`. With Redis
 * storage, live updates go through the same Redis unless `SESSION_BROADCAST` says otherwise.
 * @param {NodeJS.ProcessEnv} env
 * @returns {DemoConfig}
 */
export function readConfig(env) {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`demo: PORT must be a port number, not ${env.PORT}.`);
  const storage = env.SESSION_STORAGE || DEFAULT_STORAGE;
  const broadcast = env.SESSION_BROADCAST || (/^rediss?:\/\//.test(storage) ? storage : undefined);
  if (env.SESSION_SECRET) return { port, storage, broadcast, secret: env.SESSION_SECRET, secretNote: undefined };
  const { secret, created } = developmentSecret(resolve(DEV_SECRET_FILE));
  const secretNote =
    `SESSION_SECRET is not set: using a development secret ${created ? "made now and " : ""}kept in ${DEV_SECRET_FILE}. ` +
    "Set SESSION_SECRET (32+ characters) anywhere real.";
  return { port, storage, broadcast, secret, secretNote };
}

/** A URL fit to print: any password in it is masked. */
export function printable(url) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

/** Reads the development secret, or makes one; kept on disk so sessions survive a restart. */
function developmentSecret(file) {
  try {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return { secret, created: false };
  } catch {
    // none yet
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
