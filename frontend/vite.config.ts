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
    // A test's time limit is a deadline for a hang, not its expected duration.
    // Vitest's default (5 s a test, 10 s a hook) failed a test file that takes
    // 0.3 s: under a fuzzer and the browser tests its first test took 6.1 s
    // (a fresh clone's make test, 2 cores, load 9-14). A hung test still fails.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
