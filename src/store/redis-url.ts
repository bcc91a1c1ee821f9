import { SessionConfigError } from "../errors";

/** One Redis endpoint. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * A Redis deployment named by a URL:
 * - `redis://[user:pass@]host:port[/db]`, `rediss://…` (TLS): one server;
 * - `redis+cluster://[user:pass@]h1:p1,h2:p2,…`, `rediss+cluster://…`: a Redis Cluster, any
 *   reachable nodes as seeds (the client discovers the rest);
 * - `redis+sentinel://[user:pass@]s1:p1,s2:p2,…/mastername[/db]`, `rediss+sentinel://…`: the
 *   master that the Sentinels name; user and password are the data nodes', and
 *   `?sentinelPassword=…` (with `sentinelUsername`) authenticates to the Sentinels.
 */
export type RedisTarget =
  | { kind: "single"; url: string }
  | { kind: "cluster"; nodes: RedisNode[]; auth: RedisAuth; tls: boolean }
  | { kind: "sentinel"; sentinels: RedisNode[]; name: string; db?: number; auth: RedisAuth; tls: boolean; sentinelAuth: RedisAuth };

/** Credentials from a URL's user info or query. */
export interface RedisAuth {
  username?: string;
  password?: string;
}

const SCHEMES = new Set(["redis:", "rediss:", "redis+cluster:", "rediss+cluster:", "redis+sentinel:", "rediss+sentinel:"]);

/** Whether `url` names a Redis deployment (any of the forms of {@link RedisTarget}). */
export function isRedisUrl(url: string): boolean {
  return SCHEMES.has(url.slice(0, url.indexOf(":") + 1).toLowerCase());
}

/**
 * Parses a Redis URL. Throws `SessionConfigError` naming the problem (never the password);
 * `what` is the option's name, for the message.
 */
export function parseRedisUrl(url: string, what = "storage"): RedisTarget {
  const scheme = url.slice(0, url.indexOf(":") + 1).toLowerCase();
  if (!SCHEMES.has(scheme)) {
    throw new SessionConfigError(
      `sessionkit: \`${what}\` takes a Redis URL like "redis://host:6379", "redis+cluster://h1:p1,h2:p2" or ` +
        '"redis+sentinel://s1:p1,s2:p2/mymaster".',
    );
  }
  if (scheme === "redis:" || scheme === "rediss:") return { kind: "single", url };
  const tls = scheme.startsWith("rediss");
  const rest = url.slice(scheme.length).replace(/^\/\//, "");
  const queryAt = rest.indexOf("?");
  const query = new URLSearchParams(queryAt < 0 ? "" : rest.slice(queryAt + 1));
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const slash = beforeQuery.indexOf("/");
  const authority = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash < 0 ? "" : beforeQuery.slice(slash + 1);
  const at = authority.lastIndexOf("@");
  const auth = parseUserInfo(at < 0 ? "" : authority.slice(0, at));
  const nodes = parseHosts(at < 0 ? authority : authority.slice(at + 1), what, scheme);

  if (scheme.endsWith("+cluster:")) {
    if (path.replace(/\/$/, "") !== "") {
      throw new SessionConfigError(`sessionkit: \`${what}\`: a Redis Cluster has one database, so a cluster URL takes no path. Remove "/${path}".`);
    }
    return { kind: "cluster", nodes, auth, tls };
  }
  const [name, db, ...extra] = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (!name || extra.length > 0 || (db !== undefined && !/^\d+$/.test(db))) {
    throw new SessionConfigError(
      `sessionkit: \`${what}\`: a Sentinel URL names the master after the hosts, e.g. "redis+sentinel://127.0.0.1:26379/mymaster" ` +
        '(optionally a database: ".../mymaster/0").',
    );
  }
  const sentinelAuth: RedisAuth = {};
  if (query.has("sentinelUsername")) sentinelAuth.username = query.get("sentinelUsername")!;
  if (query.has("sentinelPassword")) sentinelAuth.password = query.get("sentinelPassword")!;
  return { kind: "sentinel", sentinels: nodes, name, db: db === undefined ? undefined : Number(db), auth, tls, sentinelAuth };
}

/** Where a parsed URL points, for messages: kind, hosts and ports, never credentials. */
export function describeRedisTarget(target: RedisTarget): string {
  const list = (nodes: RedisNode[]) => nodes.map((node) => (node.host.includes(":") ? `[${node.host}]` : node.host) + `:${node.port}`).join(",");
  switch (target.kind) {
    case "single": {
      const at = target.url.lastIndexOf("@");
      return at < 0 ? target.url : target.url.slice(0, target.url.indexOf("//") + 2) + target.url.slice(at + 1);
    }
    case "cluster":
      return `cluster ${list(target.nodes)}`;
    case "sentinel":
      return `sentinel ${list(target.sentinels)}/${target.name}`;
  }
}

function parseUserInfo(info: string): RedisAuth {
  if (!info) return {};
  const colon = info.indexOf(":");
  const username = decodeURIComponent(colon < 0 ? info : info.slice(0, colon));
  const password = colon < 0 ? undefined : decodeURIComponent(info.slice(colon + 1));
  // `redis://:pass@host` means a password only, as ioredis reads it.
  if (password === undefined) return { password: username };
  return username ? { username, password } : { password };
}

function parseHosts(list: string, what: string, scheme: string): RedisNode[] {
  const defaultPort = scheme.includes("sentinel") ? 26379 : 6379;
  const nodes = list.split(",").filter(Boolean).map((entry) => {
    const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match || port < 1 || port > 65535) {
      throw new SessionConfigError(`sessionkit: \`${what}\`: "${entry}" is not a host:port. List nodes as "h1:p1,h2:p2".`);
    }
    return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
  });
  if (nodes.length === 0) {
    throw new SessionConfigError(`sessionkit: \`${what}\`: the URL lists no hosts. Write "${scheme}//h1:p1,h2:p2…".`);
  }
  return nodes;
}
