// The public surface of sessionkit, listed explicitly.

// Configure
export { defineSessions, DEFAULT_IDLE_TIMEOUT, DEFAULT_ABSOLUTE_TIMEOUT, DEFAULT_STORAGE_TIMEOUT, DEFAULT_PREFIX } from "./define";
export { withSession, storageUnavailable, isSessionError } from "./with-session";
export { createMemoryStore, DEFAULT_MEMORY_MAX, type MemoryStoreOptions } from "./store/memory";

// Errors
export {
  SessionError,
  SessionConfigError,
  SessionStorageError,
  SessionValidationError,
  SessionCookieTooLargeError,
} from "./errors";

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
  ClientData,
  DriverConfig,
  StorageOption,
  InferData,
  UntypedData,
  RequestLike,
} from "./types";
export type { StandardSchemaV1 } from "./standard-schema";
export type { StorageInstance } from "./storage-like";
