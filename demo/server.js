// `npm start`: the sessionkit demo shop on http://127.0.0.1:3000.
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { printable, readConfig } from "./config.js";
import { createDemoSessions } from "./sessions.js";

const config = readConfig(process.env);
const { shop, tab } = createDemoSessions(config);
const storage = printable(config.storage);
const app = createApp({ shop, tab, storage });

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: config.port }, (info) => {
  const live = config.broadcast ? `across processes through ${printable(config.broadcast)}` : "within this process";
  const lines = [`sessionkit demo: http://127.0.0.1:${info.port}`, `storage: ${storage}`, `live updates: ${live}`];
  if (config.secretNote) lines.push(config.secretNote);
  console.log(lines.join("\n")); // one write, so a reader never sees half of it
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections?.(); // open event streams would hold the server up
  await Promise.all([shop.close(), tab.close()]);
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
