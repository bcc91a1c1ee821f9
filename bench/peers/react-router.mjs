// React Router 7 (framework mode's session API): memory session storage behind a signed cookie.
// Driven as a loader would be: handler(Request) → Response, in-process. React Router signs
// cookies with WebCrypto (crypto.subtle.importKey + sign/verify on every call).

import { createCookie, createMemorySessionStorage } from "react-router";
import { COOKIE_OPTIONS, remixScenarios } from "./remix-api.mjs";

/** @type {import("../scenarios.mjs").Peer[]} */
export default [
  {
    name: "react-router 7",
    store: "memory",
    driven: "handler(Request) → Response calling getSession/commitSession directly",
    setup: () => remixScenarios(createMemorySessionStorage({ cookie: createCookie("sid", COOKIE_OPTIONS) })),
  },
];
