import type { HeadersFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { sessions, withSession } from "../sessions.server";

// Remix v2 sends a loader's Set-Cookie with the page, but its other headers (the session's
// `Vary: Cookie`, `Cache-Control: private`) only through `headers`.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

// Plain data: withSession turns it into a JSON response only when the cookie must change (here,
// when a flash was read), as Remix's json() would.
export const loader = withSession(sessions, async ({ session }) => {
  const user = (await session.get("user")) ?? null;
  return {
    count: (await session.get("count")) ?? 0,
    user,
    notice: (await session.get("notice")) ?? null, // a flash: read once, then gone
    devices: user ? (await sessions.listByOwner(user)).length : 0,
  };
});

export default function Home() {
  const { count, user, notice, devices } = useLoaderData<typeof loader>();
  return (
    <main>
      {notice && <p id="notice">{notice}</p>}
      <Form method="post" action="/count">
        Count: <output id="count">{count}</output> <button>+1</button>
      </Form>
      {user ? (
        <Form method="post" action="/logout">
          Signed in as <strong id="user">{user}</strong> on <output id="devices">{devices}</output> device(s). <button>Sign out</button>
        </Form>
      ) : (
        <Form method="post" action="/login">
          <input name="name" placeholder="Your name" required /> <button>Sign in</button>
        </Form>
      )}
    </main>
  );
}
