/**
 * How both command-line servers (the local web bridge and the team server) live and end:
 * started by `start`, a start that fails says why in French and exits 1; once running,
 * Ctrl+C or a service manager's SIGTERM closes the server, then the database, and exits 0.
 */
import type { Backend } from '../backend';

export function runServer(
  start: () => Promise<{ server: { close(): Promise<void> }; backend: Backend }>,
  failure: string,
): void {
  start()
    .then(({ server, backend }) => {
      const stop = () => {
        void server.close().then(() => {
          backend.close();
          process.exit(0);
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(`${failure} : ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
