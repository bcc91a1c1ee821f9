// Remix 2 (@remix-run/node): memory and cookie session storage behind a signed cookie.
// Driven as a loader would be: handler(Request) → Response, in-process. @remix-run/node signs
// cookies synchronously with cookie-signature (node:crypto HMAC-SHA256).

import { createCookie, createCookieSessionStorage, createMemorySessionStorage } from "@remix-run/node";
import { COOKIE_OPTIONS, remixScenarios } from "./remix-api.mjs";

const driven = "handler(Request) → Response calling getSession/commitSession directly";

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "remix",
    store: "memory",
    driven,
    setup: () => remixScenarios(createMemorySessionStorage({ cookie: createCookie("sid", COOKIE_OPTIONS) })),
  },
  {
    name: "remix",
    store: "cookie",
    driven,
    setup: () => remixScenarios(createCookieSessionStorage({ cookie: createCookie("sid", COOKIE_OPTIONS) })),
  },
];
