import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

/** A page beside this file, as an absolute path (the build's inputs must not depend on the working directory). */
const page = (name: string) => decodeURIComponent(new URL(name, import.meta.url).pathname);

// The app loads ui/dist from inside the binary; no dev server is needed to run it.
// Two pages: index.html is the app, phone.html the voting page opex-phone serves
// to participants' phones at http://HOST:PORT/<token>/.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // Every asset URL in the built pages is relative (./assets/…): the phone page
  // lives under a secret token, and a request without it is refused.
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari16",
    // Keep the CSP strict: no inline <script> and no data: module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: { index: page("index.html"), phone: page("phone.html") },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
