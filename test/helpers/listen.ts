import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RunningServer } from "../suites/adapter-suite";

/** Listens on 127.0.0.1, port 0, and closes every connection on `close`. */
export async function listen(handler: ((req: IncomingMessage, res: ServerResponse) => void) | Server): Promise<RunningServer> {
  const server = typeof handler === "function" ? createServer(handler) : handler;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
