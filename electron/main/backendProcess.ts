/**
 * Hosts the backend in a utility process and relays calls to it. The main process only
 * forwards messages: it never opens the database itself, so the window stays responsive.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import backendFlags from '../../resources/backend-node-flags.json';

type Reply = { id: number; ok: boolean; data?: unknown; error?: unknown };
type Envelope = { ok: true; data: unknown } | { ok: false; error: unknown };

export class BackendProcess {
  private child: UtilityProcess;
  private nextId = 1;
  private pending = new Map<number, (reply: Envelope) => void>();

  constructor(dataDir: string, onEvent: (event: unknown) => void) {
    this.child = utilityProcess.fork(join(__dirname, 'backendHost.js'), [dataDir], {
      serviceName: 'Pilote CPO — moteur',
      execArgv: backendFlags.flags,
      stdio: 'inherit',
    });
    this.child.on('message', (message: Reply | { event: unknown }) => {
      if ('event' in message) {
        onEvent(message.event);
        return;
      }
      const resolve = this.pending.get(message.id);
      if (!resolve) return;
      this.pending.delete(message.id);
      resolve(message.ok ? { ok: true, data: message.data } : { ok: false, error: message.error });
    });
    this.child.on('exit', (code) => {
      for (const resolve of this.pending.values()) {
        resolve({
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `Le moteur de Pilote CPO s'est arrêté (code ${code}). Redémarrez l'application.`,
            fields: [],
          },
        });
      }
      this.pending.clear();
    });
  }

  call(channel: string, input: unknown): Promise<Envelope> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.postMessage({ id, channel, input });
    });
  }

  stop() {
    this.child.kill();
  }
}
