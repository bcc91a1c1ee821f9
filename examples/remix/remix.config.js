/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // The classic compiler; no `future` flags, so no v3_singleFetch: remix-serve installs Remix's own
  // fetch globals (installGlobals) and loaders may return plain data.
  ignoredRouteFiles: ["**/.*"],
  serverModuleFormat: "esm",
};
