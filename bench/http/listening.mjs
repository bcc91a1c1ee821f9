// The handshake of the bench:http server processes (servers.mjs, bun-servers.mjs, profiled-server.mjs):
// each prints `port=<n>` once it listens on 127.0.0.1.

/** Resolves with the base URL once `child` prints `port=<n>`; rejects if it exits first (with its stderr, if collected). */
export function listeningUrl(child, label, stderr = () => "") {
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${label} exited with ${code}${stderr() ? `:\n${stderr().slice(-2000)}` : ""}`)));
    child.stdout.on("data", (data) => {
      const match = /port=(\d+)/.exec(String(data));
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
  });
}
