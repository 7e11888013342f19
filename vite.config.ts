import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The Content-Security-Policy of the built app: only what the app itself needs. Scripts, styles and the
 * simulation worker come from our own origin; PNG export draws a `blob:` SVG on a canvas and the favicon is
 * a `data:` URL; nothing is fetched from elsewhere, and nothing may frame, post or plug in.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP meta tag to the built index.html (not in dev: Vite's dev client needs more). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'clinicflow-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy()],
  // A dependency used only by the worker would otherwise be found late and reload the dev page.
  optimizeDeps: { include: ['seedrandom/lib/alea.js', 'comlink', 'd3-scale', 'd3-array', 'd3-shape', 'd3-format', 'd3-scale-chromatic', 'idb-keyval'] },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
