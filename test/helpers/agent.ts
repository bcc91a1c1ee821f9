import type { Session, Sessions } from "../../src/index";
import type { FetchImpl } from "./fetch-impls";
import { fetchImpls } from "./fetch-impls";

/** What one request through {@link createAgent} produced. */
export interface AgentResult<T> {
  response: Response;
  value: T;
  /** The Set-Cookie lines of the response. */
  setCookies: string[];
}

/** Options of one agent request. */
export interface AgentRequestInit {
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Send this Cookie header instead of the jar's. */
  cookie?: string;
  /** A response to commit onto instead of a fresh one. */
  response?: Response;
}

/**
 * A browser stand-in for core tests: a cookie jar that follows Set-Cookie (Max-Age=0 deletes)
 * and sends requests through `sessions.createSessionHandler` → handler → `commit`.
 */
export function createAgent(sessions: Sessions<any>, impl: FetchImpl = fetchImpls[0]!) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");

  async function request<T>(handler: (session: Session<any>) => T | Promise<T>, init: AgentRequestInit = {}): Promise<AgentResult<T>> {
    const headers = new impl.Request("http://x").headers.constructor as typeof Headers;
    const requestHeaders = new headers(init.headers);
    const cookie = init.cookie ?? cookieHeader();
    if (cookie) requestHeaders.set("cookie", cookie);
    const request = new impl.Request(init.url ?? "http://127.0.0.1/", { headers: requestHeaders });
    const { session, commit } = sessions.createSessionHandler(request);
    const value = await handler(session);
    const response = await commit(init.response ?? new impl.Response("ok", { status: init.status ?? 200 }));
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      if (/;\s*Max-Age=0/i.test(line)) jar.delete(name);
      else jar.set(name, pair!.slice(eq + 1));
    }
    return { response, value, setCookies };
  }

  return { request, jar, cookieHeader };
}
