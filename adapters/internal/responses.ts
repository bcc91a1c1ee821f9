// Response helpers shared by the framework adapters.
import { storageUnavailable, type SessionHandler } from "../../src/index";

/**
 * Whether `value` is a `Response`, by shape rather than `instanceof` (as Remix and React Router
 * check it), so a Response from any fetch implementation counts.
 */
export function isResponse(value: unknown): value is Response {
  const candidate = value as Response | null;
  return (
    candidate != null &&
    typeof candidate.status === "number" &&
    typeof candidate.statusText === "string" &&
    typeof candidate.headers === "object" &&
    typeof candidate.body !== "undefined"
  );
}

/**
 * Commits onto `response`; when storage fails, answers the core's 503 instead (no cookie).
 * Any other error (e.g. `SessionValidationError`) is rethrown.
 */
export async function commitOrUnavailable(handler: Pick<SessionHandler<any>, "commit">, response: Response): Promise<Response> {
  try {
    return await handler.commit(response);
  } catch (error) {
    const unavailable = storageUnavailable(error);
    if (unavailable) return unavailable;
    throw error;
  }
}
