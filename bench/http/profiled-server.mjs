// bench/http/servers.mjs under the V8 CPU profiler, for bench/http/profile.mjs: starts the
// profile on SIGUSR2 and writes it to argv[3] on SIGHUP (servers.mjs keeps SIGTERM for itself).
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

const out = process.argv[3];
const inspector = new Session();
inspector.connect();
await inspector.post("Profiler.enable");
await inspector.post("Profiler.setSamplingInterval", { interval: 100 });
process.argv.splice(3); // servers.mjs reads its target from argv[2]
await import("./servers.mjs");
process.on("SIGUSR2", () => void inspector.post("Profiler.start"));
process.on("SIGHUP", async () => {
  const { profile } = await inspector.post("Profiler.stop");
  writeFileSync(out, JSON.stringify(profile));
  process.exit(0);
});
