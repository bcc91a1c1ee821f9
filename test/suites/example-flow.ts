// The one script every example app in examples/ passes: a counter, a sign-in (cycleId + setOwner),
// a flash after the redirect, and a sign-out, over real HTTP like a browser without JavaScript.
import { expect } from "vitest";
import { createHttpClient, type ClientResponse } from "../helpers/http-client";

/** Where an example's forms post to (the page itself is always `GET /`). */
export interface ExampleForms {
  count: string;
  login: string;
  logout: string;
}

/** The plain-HTML forms' paths: `POST /count`, `/login`, `/logout`. */
export const FORM_ROUTES: ExampleForms = { count: "/count", login: "/login", logout: "/logout" };

/** What the page shows, read from its `id`s (framework comment markers between tags skipped). */
export interface PageState {
  count: number;
  user: string | null;
  devices: number | null;
  notice: string | null;
}

/** Reads the page's state from its HTML. */
export function readPage(html: string): PageState {
  const field = (id: string) => new RegExp(`id="${id}"[^>]*>(?:\\s|<!--[^>]*-->)*([^<]*)<`).exec(html)?.[1]?.trim() ?? null;
  const count = field("count");
  if (count === null) throw new Error(`the page shows no count:\n${html.slice(0, 2000)}`);
  const devices = field("devices");
  return { count: Number(count), user: field("user"), devices: devices === null ? null : Number(devices), notice: field("notice") };
}

/** How one example answers, where frameworks differ. */
export interface ExampleFlowOptions {
  /** Where the forms post to; default {@link FORM_ROUTES}. */
  forms?: ExampleForms;
  /**
   * Whether a page whose loader changed the session (it read the flash) carries `Vary: Cookie`.
   * Default true; false where the framework drops a plain-data loader's headers from the page.
   */
  varyOnPages?: boolean;
}

/** Drives the example at `url` through the whole flow, asserting each step. */
export async function driveExample(url: string, { forms = FORM_ROUTES, varyOnPages = true }: ExampleFlowOptions = {}): Promise<void> {
  const browser = createHttpClient(url);
  const headers = { accept: "text/html", origin: url };
  const post = (path: string, body = "") =>
    browser.post(path, { headers: { ...headers, "content-type": "application/x-www-form-urlencoded" }, body });
  const page = async (response?: ClientResponse) => {
    const shown = response ? await browser.follow(response, { headers }) : await browser.get("/", { headers });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toMatch(/text\/html/);
    return { ...readPage(shown.text), setCookies: shown.setCookies, vary: shown.headers.get("vary") };
  };
  const redirectsHome = (response: ClientResponse) => {
    expect([302, 303]).toContain(response.status);
    expect(new URL(response.headers.get("location") ?? "", url).pathname).toBe("/");
  };

  // A first visit: nothing stored, no cookie (no empty sessions).
  expect(await page()).toMatchObject({ count: 0, user: null, notice: null, setCookies: [] });

  // The counter: each POST /count writes, the redirect's page reads it back.
  const first = await post(forms.count);
  redirectsHome(first);
  expect(first.setCookies).toEqual([expect.stringMatching(/^sid=[^;]{20,};.*HttpOnly/i)]);
  expect(await page(first)).toMatchObject({ count: 1, user: null });
  const second = await post(forms.count);
  redirectsHome(second);
  expect((await page(second)).count).toBe(2);
  const anonymous = browser.cookieHeader();

  // Sign-in: a new id (cycleId) with the same data, an owner (setOwner), a flash shown once.
  const signIn = await post(forms.login, "name=ada");
  redirectsHome(signIn);
  expect(signIn.setCookies).toHaveLength(1);
  expect(browser.cookieHeader()).not.toBe(anonymous);
  const welcome = await page(signIn);
  expect(welcome).toMatchObject({ count: 2, user: "ada", devices: 1, notice: "Welcome ada" });
  if (varyOnPages) expect(welcome.vary).toMatch(/\bCookie\b/);
  expect(await page()).toMatchObject({ count: 2, user: "ada", notice: null });
  const third = await post(forms.count);
  expect((await page(third)).count).toBe(3);

  // Sign-out: the record goes, the cookie expires, the next page is a new visitor's.
  const signedIn = browser.cookieHeader();
  const signOut = await post(forms.logout);
  redirectsHome(signOut);
  expect(signOut.setCookies).toEqual([expect.stringMatching(/^sid=;.*Max-Age=0/i)]);
  expect(await page(signOut)).toMatchObject({ count: 0, user: null, notice: null });
  const replayed = await browser.get("/", { headers, cookie: signedIn });
  expect(readPage(replayed.text)).toMatchObject({ count: 0, user: null });
}
