import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          // Electron's main process: window, menu, IPC relay. Never imports the backend.
          index: resolve('electron/main/index.ts'),
          // The backend in Electron's utility process.
          backendHost: resolve('electron/backend/host.ts'),
          // The backend behind the web bridge, run with plain Node (npm start, e2e tests).
          webBridge: resolve('electron/backend/web/cli.ts'),
          // The team server (accounts, HTTPS), run with plain Node: npm run team-server.
          teamServer: resolve('electron/backend/team/cli.ts'),
          // The FEC import's reading thread (worker_threads), found next to the backend.
          fecWorker: resolve('electron/backend/fec/fecWorker.ts'),
          // Document generation's preparation thread (reports/reportThread.ts), found likewise.
          reportWorker: resolve('electron/backend/reports/reportWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: bundle everything it uses.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve('electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve('renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
    plugins: [react()],
  },
});
