// Reading a V8 CPU profile (`Profiler.stop`): self time per function and per module, and the
// inclusive time of sessionkit's own functions. Shared by bench/profile.mjs (in-process) and
// bench/http/profile.mjs (a server under load).

/**
 * Sample counts of a profile: self time by function and by module, and inclusive time (self
 * plus callees) of the functions of the built package (`/dist/`).
 * @param {{ nodes: any[], samples: number[] }} profile
 */
export function summarize(profile) {
  const selfCount = new Map();
  for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
  const byFunction = new Map();
  const byModule = new Map();
  for (const node of profile.nodes) {
    const n = selfCount.get(node.id) ?? 0;
    if (!n) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url, functionName);
    const fn = `${functionName || "(anonymous)"} ${module}${url ? `:${lineNumber + 1}` : ""}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + n);
    byModule.set(module, (byModule.get(module) ?? 0) + n);
  }
  const parentOf = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  const nodeById = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map();
  for (const [id, n] of selfCount) {
    const seen = new Set();
    for (let node = nodeById.get(id); node; node = parentOf.get(node.id)) {
      const { functionName, url } = node.callFrame;
      if (!url.includes("/dist/") || !functionName) continue;
      if (seen.has(functionName)) continue; // recursion or a name met twice counts once per sample
      seen.add(functionName);
      inclusive.set(functionName, (inclusive.get(functionName) ?? 0) + n);
    }
  }
  return { total: profile.samples.length, byFunction, byModule, inclusive };
}

/**
 * The `limit` heaviest entries of a count map, as table rows: name, share of all samples, and
 * µs per operation when `perOpUs` (the whole operation's time) is given.
 * @param {Map<string, number>} map
 * @param {number} total all samples
 * @param {number} limit
 * @param {number} [perOpUs]
 */
export function heaviest(map, total, limit, perOpUs) {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, n]) => ({ name, "%": Number(((n / total) * 100).toFixed(1)), ...(perOpUs === undefined ? {} : { "µs/op": Number(((n / total) * perOpUs).toFixed(2)) }) }));
}

/** A short module name for a script URL. */
function moduleOf(url, functionName) {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm !== -1) return url.slice(nm + 13).split("/").slice(0, url.slice(nm + 13).startsWith("@") ? 2 : 1).join("/");
  if (url.startsWith("node:")) return url.split("/").slice(0, 2).join("/");
  if (url.includes("/dist/")) return `sessionkit/${url.slice(url.lastIndexOf("/dist/") + 6)}`;
  return url.slice(url.lastIndexOf("/") + 1);
}
