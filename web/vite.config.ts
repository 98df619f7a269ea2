/**
 * Builds the web app into dist/ (hashed assets under dist/assets, served by the backend with
 * long-lived cache headers). In development (`npm run dev` at the root) Vite serves it with hot
 * reload and forwards the API to the backend on PROMPTSTACK_BACKEND (default http://localhost:3001).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = process.env.PROMPTSTACK_BACKEND ?? 'http://localhost:3001';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 900 },
  server: {
    port: 3000,
    proxy: { '/api': backend, '/trpc': backend, '/healthz': backend },
  },
});
