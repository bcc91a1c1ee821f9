import { serve } from "@hono/node-server";
import { app } from "./app";
import { sessions } from "./sessions";

const server = serve({ fetch: app.fetch, hostname: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 3000) }, (info) =>
  console.log(`listening on http://${info.address}:${info.port}`),
);

// Stop cleanly: close the HTTP server, then release storage connections (e.g. Redis).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => server.close(() => void sessions.close()));
}
