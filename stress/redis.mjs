// A private redis-server for `npm run stress`: no persistence, 127.0.0.1, a free port.
import { spawn, spawnSync } from "node:child_process";
import { connect, createServer } from "node:net";

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something answers PING with PONG on the port. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
  });
}

/**
 * `REDIS_URL` when set (left running afterwards), otherwise a redis-server child of our own.
 * @returns {Promise<{ url: string, version: string, stop: () => Promise<void> }>}
 */
export async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, version: "external", stop: async () => {} };
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const binary = found.stdout.trim();
  if (found.status !== 0 || !binary) throw new Error("redis-server is not on PATH and REDIS_URL is not set");
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.match(/v=(\S+)/)?.[1] ?? "?";
  const port = await freePort();
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"], {
    stdio: "ignore",
  });
  for (let attempt = 0; attempt < 200 && !(await ping(port)); attempt++) await new Promise((r) => setTimeout(r, 50));
  if (!(await ping(port))) throw new Error(`redis-server did not answer on port ${port}`);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url: `redis://127.0.0.1:${port}`, version, stop };
}
