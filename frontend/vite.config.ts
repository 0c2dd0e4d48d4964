import { defineConfig } from 'vite';

// Preact's JSX through Vite's own transform (Oxc): no framework plugin is needed for a
// production build, and @preact/preset-vite does not follow Vite 8 yet.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
});
