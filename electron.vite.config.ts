import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// The desktop build (`npx electron-vite build`): three bundles into out/.
//
// main:     out/main/index.js (the shell) and out/main/coreHost.js (the core's utility-process entry).
//           ESM, because package.json says "type": "module". Runtime dependencies stay external
//           (electron-vite externalizes package.json dependencies; the two native/heavy ones are listed
//           explicitly as well, because bundling them would break: better-sqlite3 loads a .node file,
//           node-opcua reads files relative to its own package).
// preload:  out/preload/index.cjs. One self-contained CommonJS file: a sandboxed preload can require
//           only 'electron', so shared/contract/channels.ts is inlined and nothing is externalized.
// renderer: the same settings as `npm run build:renderer` (renderer/vite.config.ts), so serve mode
//           and the desktop load the same out/renderer.
const here = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: `${here}/out/main`,
      externalizeDeps: true,
      sourcemap: true,
      rolldownOptions: {
        input: {
          index: `${here}/electron/main/index.ts`,
          coreHost: `${here}/electron/core/platform/host/utilityProcessEntry.ts`,
        },
        external: [/^better-sqlite3(\/.*)?$/, /^node-opcua(-[\w-]+)?(\/.*)?$/, /^@node-opcua\//],
      },
    },
  },
  preload: {
    build: {
      outDir: `${here}/out/preload`,
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: `${here}/electron/preload/index.ts` },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  // Mirrors renderer/vite.config.ts (`npm run build:renderer`, serve mode). It is not imported from there:
  // electron-vite bundles this file, and the import.meta.dirname inside an inlined import would then
  // point here, moving that config's root and outDir. Keep the two in step.
  renderer: {
    root: `${here}/renderer`,
    base: './',
    plugins: [react()],
    build: {
      outDir: `${here}/out/renderer`,
      emptyOutDir: true,
      sourcemap: true,
      // Every asset stays a file: the CSP allows no inline styles and no data: scripts.
      assetsInlineLimit: 0,
      target: 'chrome130',
      chunkSizeWarningLimit: 2500,
      rolldownOptions: { input: `${here}/renderer/index.html` },
    },
  },
});
