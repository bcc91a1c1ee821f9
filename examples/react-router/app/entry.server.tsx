import { renderToString } from "react-dom/server";
import { ServerRouter, type EntryContext } from "react-router";

/** Renders each document request to HTML (a minimal entry: no streaming, no bot detection). */
export default function handleRequest(request: Request, status: number, headers: Headers, context: EntryContext): Response {
  const html = renderToString(<ServerRouter context={context} url={request.url} />);
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { status, headers });
}
