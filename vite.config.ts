import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // A dependency used only by the worker would otherwise be found late and reload the dev page.
  optimizeDeps: { include: ['seedrandom/lib/alea.js', 'comlink', 'd3-scale', 'd3-array', 'd3-shape', 'd3-format'] },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
