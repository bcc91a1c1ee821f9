import * as webStd from "@web-std/fetch";
import * as undici from "undici";

/** A Request/Response implementation the suites run against. */
export interface FetchImpl {
  name: string;
  Request: typeof globalThis.Request;
  Response: typeof globalThis.Response;
}

/**
 * `@web-std/fetch` (on Node ≥ 18 it re-exports Node's own classes) and the `undici` package's
 * classes, a distinct class identity: sessionkit must never rely on `instanceof`.
 */
export const fetchImpls: FetchImpl[] = [
  { name: "node (@web-std/fetch)", Request: webStd.Request as any, Response: webStd.Response as any },
  { name: "undici package", Request: undici.Request as any, Response: undici.Response as any },
];
