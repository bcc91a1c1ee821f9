// Plain JavaScript, so that both the tests (typed by redis-monitor.d.mts) and bench/roundtrips.mjs use it.
import { connect } from "node:net";

/** The quoted arguments of a MONITOR line (`"get" "key"`), with Redis's escapes undone. */
/** @param {string} text @returns {string[]} */
function argumentsOf(text) {
  const args = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    args.push(match[1].replace(/\\x([0-9a-f]{2})|\\(.)/gi, (_, hex, char) => (hex ? String.fromCharCode(Number.parseInt(hex, 16)) : char)));
  }
  return args;
}

/**
 * Starts Redis's MONITOR on a raw connection of its own and resolves once Redis has answered
 * +OK, so every command sent after that is seen. A plain socket, not ioredis: ioredis's own
 * `monitor()` can race its connect-time INFO against the first monitor line and fail with
 * "Command queue state error".
 */
/** @param {string} redisUrl @returns {Promise<import("./redis-monitor.mjs").RedisMonitor>} */
export function startRedisMonitor(redisUrl) {
  const url = new URL(redisUrl);
  const commands = [];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 6379), url.hostname.replace(/^\[|\]$/g, ""));
    let buffered = "";
    let okPending = url.password ? 2 : 1; // AUTH's +OK, then MONITOR's
    socket.setEncoding("utf8");
    socket.once("error", reject);
    socket.on("connect", () => {
      const auth = url.password ? `AUTH ${url.username ? `${decodeURIComponent(url.username)} ` : ""}${decodeURIComponent(url.password)}\r\n` : "";
      socket.write(`${auth}MONITOR\r\n`);
    });
    socket.on("data", (chunk) => {
      buffered += chunk;
      let end;
      while ((end = buffered.indexOf("\r\n")) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line.startsWith("-")) return reject(new Error(`redis MONITOR refused: ${line.slice(1)}`));
        if (okPending > 0) {
          if (line === "+OK" && --okPending === 0) resolve({ commands, stop: () => socket.destroy() });
          continue;
        }
        const found = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
        if (!found) continue;
        const [name = "", ...args] = argumentsOf(found[2]);
        commands.push({ name: name.toLowerCase(), args, source: found[1] });
      }
    });
  });
}
