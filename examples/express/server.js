import { createApp } from "./app.js";
import { sessions } from "./sessions.js";

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const server = createApp(sessions).listen(port, host, () => console.log(`listening on http://${host}:${port}`));

// On SIGTERM / SIGINT: stop accepting, then release storage connections (e.g. Redis) and timers.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => void sessions.close());
    server.closeIdleConnections();
  });
}
