/**
 * Hosts the backend in an Electron utility process. The main process only forwards
 * messages: it never opens the database itself, so the window stays responsive. The
 * restart and relay rules live in backendSupervisor.ts (unit-tested without Electron).
 */
import { utilityProcess } from 'electron';
import { join } from 'node:path';
import backendFlags from '../../resources/backend-node-flags.json';
import { BackendSupervisor } from './backendSupervisor';

export function startBackendProcess(
  dataDir: string,
  onEvent: (event: unknown) => void,
): BackendSupervisor {
  return new BackendSupervisor(
    () =>
      utilityProcess.fork(join(__dirname, 'backendHost.js'), [dataDir], {
        serviceName: 'Pilote CPO — moteur',
        execArgv: backendFlags.flags,
        stdio: 'inherit',
      }),
    onEvent,
  );
}
