// withSession for Remix / React Router loaders and actions: the session in, the cookie onto what comes out.
import { storageUnavailable, type Session, type SessionData, type SessionHandler, type Sessions } from "../../src/index";
import { isResponse } from "../internal/responses";

/** What Remix and React Router pass to a loader or action, as far as `withSession` needs it. */
export interface DataFunctionArgs {
  request: Request;
  params: Record<string, string | undefined>;
  context: any;
}

/** React Router's / Remix's `data(value, init)` result, recognised by shape as the frameworks do. */
interface DataWithResponseInit {
  type: "DataWithResponseInit";
  data: unknown;
  init: ResponseInit | null;
}

/** Headers a commit adds that alone are no reason to turn plain data into a Response. */
const CACHE_HEADERS = new Set(["vary", "cache-control"]);

/**
 * Wraps a loader or action: `fn({ ...args, session })`, then commits the session onto what
 * `fn` returns or throws.
 *
 * - a `Response` (also a thrown `redirect()`) gets the session's `Set-Cookie` and cache headers;
 * - `data(value, init)` gets them in its `init.headers`;
 * - plain data is returned as it is when the cookie does not change, else as a JSON Response
 *   with the cookie (what Remix's `json()` does).
 *
 * A storage failure that `fn` does not handle is thrown as the core's 503 Response (no cookie);
 * any other error is rethrown untouched and commits nothing.
 */
export function withSession<D extends SessionData, A extends { request: Request } = DataFunctionArgs, R = unknown>(
  sessions: Sessions<D>,
  fn: (args: A & { session: Session<D> }) => R | Promise<R>,
): (args: Omit<A, "session">) => Promise<R> {
  return async function sessionDataFunction(args) {
    const handler = sessions.createSessionHandler(args.request);
    let result: R;
    try {
      result = await fn({ ...(args as A), session: handler.session });
    } catch (thrown) {
      if (isResponse(thrown) || isDataWithResponseInit(thrown)) throw await commitOnto(handler, thrown);
      throw storageUnavailable(thrown) ?? thrown;
    }
    return (await commitOnto(handler, result)) as R;
  };
}

/** Commits onto a result of any kind; a storage failure throws the 503 Response instead. */
async function commitOnto(handler: SessionHandler<any>, result: unknown): Promise<unknown> {
  try {
    if (isResponse(result)) return await handler.commit(result);
    const init = isDataWithResponseInit(result) ? (result.init ?? {}) : {};
    const { headers } = await handler.commit(new Response(null, init));
    if (isDataWithResponseInit(result)) {
      const copy = Object.create(Object.getPrototypeOf(result)) as DataWithResponseInit;
      return Object.assign(copy, result, { init: { ...init, headers } });
    }
    for (const name of headers.keys()) {
      if (!CACHE_HEADERS.has(name)) return jsonResponse(result, headers);
    }
    return result;
  } catch (error) {
    throw storageUnavailable(error) ?? error;
  }
}

/**
 * `data` as a JSON Response with `headers`. Built by hand: the `Response` that Remix v2's
 * `installGlobals()` puts in place (remix-serve without `v3_singleFetch`) has no static `json`.
 */
function jsonResponse(data: unknown, headers: Headers): Response {
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(data ?? null), { headers });
}

function isDataWithResponseInit(value: unknown): value is DataWithResponseInit {
  const candidate = value as DataWithResponseInit | null;
  return typeof candidate === "object" && candidate !== null && candidate.type === "DataWithResponseInit" && "data" in candidate && "init" in candidate;
}
