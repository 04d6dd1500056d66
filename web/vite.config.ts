// The web UI's build. In development (`npm run web:dev`) Vite serves it and passes /api, /health
// and the description on to the API (ENRICH_API, else the API's default address).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.ENRICH_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: Object.fromEntries(['/api', '/health', '/openapi.json', '/docs'].map((p) => [p, { target: api }])),
  },
});
