import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Two pages, two bundles: the shopper's never carries the console's code. Built into dist/web. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        store: resolve(import.meta.dirname, 'index.html'),
        admin: resolve(import.meta.dirname, 'admin/index.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/admin/queues': 'http://127.0.0.1:3000' } },
});
