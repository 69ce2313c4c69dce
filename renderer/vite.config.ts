import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Build-time config: runs in Node under `vite build`, never in the page. base './' makes the built
// index.html load its assets relatively, so the same output works from file:// in Electron and from
// serve mode's HTTP host. Paths hang off this file, so the build works from any working directory.
const here = import.meta.dirname;

export const rendererConfig = defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../out/renderer`,
    emptyOutDir: true,
    sourcemap: true,
    // Every asset stays a file: the CSP allows no inline styles and no data: scripts.
    assetsInlineLimit: 0,
    target: 'chrome130',
    // The entry chunk carries the shell and the overview; every other screen is a chunk of its own
    // (renderer/app/routes.tsx), so the first screen parses ~0.7 MB of script instead of ~1.1 MB before it
    // shows live values. Warn only if a chunk grows well past that.
    chunkSizeWarningLimit: 2500,
    // The gzip size of every chunk is only printed; computing it cost CPU on every build (serve builds with
    // --logLevel warn and printed none of it).
    reportCompressedSize: false,
  },
});

// Vite reads a config file's default export; this is the one default export in the project.
export default rendererConfig;
