import adapter from "@sveltejs/adapter-node";

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    // In your app these come from `npm install sessionkit`; here they are the repository's source.
    alias: {
      "sessionkit/sveltekit": "../../adapters/sveltekit.ts",
      sessionkit: "../../src/index.ts",
    },
  },
};
