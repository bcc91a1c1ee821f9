import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// SvelteKit's options in the Vite plugin (kit ≥ 2.62; kit 3 no longer reads svelte.config.js).
export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
      // In your app these come from `npm install sessionkit`; here they are the repository's source.
      alias: {
        "sessionkit/sveltekit": "../../adapters/sveltekit.ts",
        sessionkit: "../../src/index.ts",
      },
    }),
  ],
});
