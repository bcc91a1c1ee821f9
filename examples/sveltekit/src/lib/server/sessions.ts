import { env } from "$env/dynamic/private";
import { defineSessions } from "sessionkit";

/** The app's sessions, configured from the environment (SESSION_SECRET is required). */
export const sessions = defineSessions({
  secrets: env.SESSION_SECRET ?? "",
  storage: env.SESSION_STORAGE || "memory:",
  storageTimeout: env.SESSION_STORAGE_TIMEOUT ? Number(env.SESSION_STORAGE_TIMEOUT) : undefined,
  rotationGrace: env.SESSION_ROTATION_GRACE ? Number(env.SESSION_ROTATION_GRACE) : undefined,
});

// adapter-node emits this after SIGTERM / SIGINT once the HTTP server has closed: release
// storage connections (e.g. Redis) and timers so the process can exit.
process.on("sveltekit:shutdown", () => void sessions.close());
