import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The frontend is served by the Go server (/stage, /console) and by Wails; both
// serve dist/ at the root, so assets use absolute /assets/ paths.
export default defineConfig({
  plugins: [svelte()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npm run dev` against a running `forkcast serve --listen 127.0.0.1:8765`
    proxy: {
      '/api': { target: process.env.FORKCAST_API ?? 'http://127.0.0.1:8765', changeOrigin: false },
      '/story-assets': { target: process.env.FORKCAST_API ?? 'http://127.0.0.1:8765' },
    },
  },
  // Vitest mounts components in jsdom: use Svelte's browser build.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
