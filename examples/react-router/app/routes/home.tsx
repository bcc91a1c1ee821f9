import { data, Form, useLoaderData, type LoaderFunctionArgs } from "react-router";
import { commitSession, cookieHeaders, getSession, sessions } from "../sessions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request.headers.get("Cookie"));
  const user = session.get("user") ?? null;
  const body = {
    count: session.get("count") ?? 0,
    user,
    notice: session.get("notice") ?? null, // a flash: read once, then gone (so commit)
    devices: user ? (await sessions.listByOwner(user)).length : 0,
  };
  return data(body, { headers: cookieHeaders(await commitSession(session)) });
}

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
