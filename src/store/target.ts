/**
 * What an operator needs to find a store in a log line: the driver and where it points
 * (`redis at 127.0.0.1:6379`), never a password or token. Paths are left out: an fs error must
 * not name the directory (nor a record's path in it).
 */
export function describeTarget(name: string, options: Record<string, unknown>): string {
  const where = locate(name, options);
  return where ? `${name} at ${where}` : name;
}

function locate(name: string, options: Record<string, unknown>): string | undefined {
  if (typeof options.url === "string") return hostOf(options.url);
  if (Array.isArray(options.cluster)) {
    const nodes = options.cluster.map((node) => (typeof node === "string" ? hostOf(node) : hostPort(node))).filter(Boolean);
    return nodes.length ? `cluster ${nodes.join(",")}` : "cluster";
  }
  if (typeof options.host === "string") return hostPort(options);
  return undefined;
}

/** `host:port` of a URL, without credentials or path; a string that is no URL is not echoed. */
export function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host || undefined;
  } catch {
    return undefined;
  }
}

function hostPort(node: unknown): string | undefined {
  const { host, port } = (node ?? {}) as { host?: unknown; port?: unknown };
  if (typeof host !== "string") return undefined;
  return port === undefined ? host : `${host}:${String(port)}`;
}

/** A URL with its user and password masked, for messages about a URL that did not parse. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/*)[^@/]*@/i, "$1***@").slice(0, 200);
}
