import { assignOwn, plain } from "./record";
import type { RequestState } from "./request-state";
import type { SessionData } from "./types";

/**
 * Client data after this request's writes. Client data never outlives its session: the data
 * the token carried counts only when `live` (the token's own record was found live); otherwise
 * the writes start from nothing. Used by the Session's reads and by the commit alike.
 */
export function clientAfter(state: RequestState, live: boolean): SessionData {
  const client = plain(live ? state.ctx.mode.clientOf(state) : undefined);
  for (const [key, value] of state.intent.client) assignOwn(client, key, value);
  return client;
}
