// The few browser scripts the demo serves, read once at start-up. No front-end build:
// the per-tab page imports sessionkit/client straight from the built package (dist/client.js).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Hono } from "hono";

const FILES = {
  "live.js": new URL("./public/live.js", import.meta.url),
  "tab.js": new URL("./public/tab.js", import.meta.url),
  "sessionkit-client.js": new URL(import.meta.resolve("sessionkit/client")),
};

/** Routes for /static/<name>. */
export function staticRoutes() {
  const app = new Hono();
  for (const [name, url] of Object.entries(FILES)) {
    const source = readFileSync(fileURLToPath(url), "utf8");
    app.get(`/${name}`, (c) => c.body(source, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));
  }
  return app;
}
