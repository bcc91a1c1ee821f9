// Preload for the pure-JS row of `npm run bench` (`node --import ./bench/pure-js.mjs …`): hides
// `process.getBuiltinModule`, as on a runtime without node:crypto, so sessionkit falls back to
// its pure-JS crypto (@noble) for everything.
process.getBuiltinModule = undefined;
