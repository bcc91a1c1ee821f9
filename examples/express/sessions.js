import { defineSessions } from "sessionkit";

/** The app's sessions, configured from the environment (SESSION_SECRET is required, ≥ 32 characters). */
export const sessions = defineSessions({
  secrets: process.env.SESSION_SECRET ?? "",
  storage: process.env.SESSION_STORAGE || "memory:",
  storageTimeout: process.env.SESSION_STORAGE_TIMEOUT ? Number(process.env.SESSION_STORAGE_TIMEOUT) : undefined,
  // Seconds a rotated-away id still resolves (the conformance suite sets 0); the core's default otherwise.
  rotationGrace: process.env.SESSION_ROTATION_GRACE ? Number(process.env.SESSION_ROTATION_GRACE) : undefined,
});
