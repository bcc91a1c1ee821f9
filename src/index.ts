// The public surface of sessionkit, listed explicitly.

// Configure
export {
  defineSessions,
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_ABSOLUTE_TIMEOUT,
  DEFAULT_STORAGE_TIMEOUT,
  DEFAULT_PREFIX,
  DEFAULT_ROTATION_GRACE,
} from "./define";
export { DEFAULT_MAX_SESSIONS_PER_OWNER } from "./owners";
export { withSession, storageUnavailable, isSessionError, type SessionFetchHandler } from "./with-session";
export { createMemoryStore, DEFAULT_MEMORY_MAX, type MemoryStoreOptions } from "./store/memory";
export type { DriverFactory } from "./store/drivers";
export type { SessionLogger } from "./store/watch";

// Errors
export {
  SessionError,
  SessionConfigError,
  SessionStorageError,
  SessionValidationError,
  SessionCookieTooLargeError,
  isStorageError,
  type SessionIssue,
} from "./errors";
export type { LegacySource, LegacySession } from "./legacy";

// Types
export type {
  Session,
  SessionData,
  SessionHandler,
  Sessions,
  SessionsOptions,
  SessionCookieOptions,
  SessionEvent,
  SessionChange,
  Unsubscribe,
  OwnedSession,
  OwnerOptions,
  ClientData,
  DriverConfig,
  StorageOption,
  InferData,
  UntypedData,
  RequestLike,
} from "./types";
export type { StandardSchemaV1 } from "./standard-schema";
export type { StorageInstance } from "./storage-like";
