import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web application: one React app, built into web/dist and served by the
 * Paygrid server itself (src/http/routes/web-app.ts): /console for operators
 * and merchants, /m for consumers. Assets live under /web/ so that they never
 * collide with API or page routes. The console and the mobile pages are
 * separate chunks: a phone never downloads the console.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/web/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:web` proxies the API to a Paygrid server on port 3000.
    proxy: { '/v1': 'http://127.0.0.1:3000', '/c': 'http://127.0.0.1:3000', '/ocpp': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
