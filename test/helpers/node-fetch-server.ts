import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { RunningServer } from "../suites/adapter-suite";
import { listen } from "./listen";

/**
 * Serves a fetch-style handler (`(request) => Response`, the shape of Deno.serve and Workers)
 * on a real node:http server on 127.0.0.1, port 0: node request → `Request` → handler →
 * `Response` written back, every `Set-Cookie` as its own header line.
 */
export async function serveFetch(handler: (request: Request) => Response | Promise<Response>): Promise<RunningServer> {
  const server = createServer((incoming, outgoing) => {
    bridge(incoming, outgoing, handler).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "text/plain" });
      outgoing.end(`bridge error: ${String(error)}`);
    });
  });
  return listen(server);
}

async function bridge(incoming: IncomingMessage, outgoing: ServerResponse, handler: (request: Request) => Response | Promise<Response>) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD" && chunks.length > 0;
  const request = new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "127.0.0.1"}`), {
    method: incoming.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await handler(request);
  const lines: [string, string][] = [];
  for (const [name, value] of response.headers) if (name !== "set-cookie") lines.push([name, value]);
  for (const cookie of response.headers.getSetCookie()) lines.push(["set-cookie", cookie]);
  outgoing.writeHead(response.status, lines.flat());
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}
