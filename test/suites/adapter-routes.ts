// The route contract every adapter test implements with its own framework (see adapter-suite.ts).
// This file holds the fetch-style version, used by the generic `withSession` and Bun tests. It
// imports nothing but types, so a Bun process can load it too.
import type { Session } from "../../src/index";

/**
 * The contract, one route per session operation:
 *
 * | route | does | answers |
 * | --- | --- | --- |
 * | `GET /get?key=K` | `session.get(K)` | 200 `{"value": v ?? null}` |
 * | `POST /set?key=K&value=V` | `session.set(K, JSON.parse(V))` | 200 `{"ok":true}` |
 * | `POST /unset?key=K` | `session.unset(K)` | 200 `{"ok":true}` |
 * | `POST /cycle` | `session.cycleId()` | 200 `{"ok":true}` |
 * | `POST /destroy` | `session.destroy()` | 200 `{"ok":true}` |
 * | `POST /expiry?seconds=N` | `session.setExpiry(N)` (`null` → null) | 200 `{"ok":true}` |
 * | `POST /login?name=N` | `cycleId()`, `set("user", N)`, `flash("notice", "Welcome N")` | 302 `Location: /` |
 * | `GET /` | `get("user")`, `get("notice")` | 200 `{"user": u ?? null, "notice": n ?? null}` |
 * | `POST /own-cookie` | `set("x", 1)`, plus its own `Set-Cookie: own=1; Path=/` | 200 `{"ok":true}` |
 *
 * Anything else is a 404.
 */
export async function contractRoute(request: Request, session: Session<any>): Promise<Response> {
  const url = new URL(request.url);
  const param = (name: string) => url.searchParams.get(name) ?? "";
  const ok = () => Response.json({ ok: true });
  switch (`${request.method} ${url.pathname}`) {
    case "GET /get":
      return Response.json({ value: (await session.get(param("key"))) ?? null });
    case "POST /set":
      session.set(param("key"), JSON.parse(param("value")));
      return ok();
    case "POST /unset":
      session.unset(param("key"));
      return ok();
    case "POST /cycle":
      session.cycleId();
      return ok();
    case "POST /destroy":
      session.destroy();
      return ok();
    case "POST /expiry":
      session.setExpiry(parseSeconds(param("seconds")));
      return ok();
    case "POST /login":
      login(session, param("name"));
      return new Response(null, { status: 302, headers: { location: "/" } });
    case "GET /":
      return Response.json(await home(session));
    case "POST /own-cookie": {
      session.set("x", 1);
      const response = ok();
      response.headers.append("set-cookie", "own=1; Path=/");
      return response;
    }
    default:
      return new Response("Not Found", { status: 404 });
  }
}

/** `seconds` of `POST /expiry`: a number, or `"null"` for a browser-session cookie. */
export function parseSeconds(value: string): number | null {
  return value === "null" ? null : Number(value);
}

/** What `POST /login?name=N` does to the session. */
export function login(session: Session<any>, name: string): void {
  session.cycleId();
  session.set("user", name);
  session.flash("notice", `Welcome ${name}`);
}

/** The body of `GET /`. */
export async function home(session: Session<any>): Promise<{ user: unknown; notice: unknown }> {
  return { user: (await session.get("user")) ?? null, notice: (await session.get("notice")) ?? null };
}
