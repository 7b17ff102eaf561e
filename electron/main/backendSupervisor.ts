/**
 * Keeps the backend's utility process alive and relays calls to it. Pure of Electron (the
 * fork is injected, see backendProcess.ts) so its rules are unit-tested:
 * - when the process dies, every call waiting for it is answered with a French error at
 *   once (never left hanging), the page is told in French, and a new process is started;
 * - a process that keeps dying is not restarted forever: after MAX_RESTARTS within
 *   RESTART_WINDOW_MS the app says so and stops trying; calls are then answered with an error.
 */

export interface BackendChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(message: unknown): void;
  kill(): unknown;
}

type Reply = { id: number; ok: boolean; data?: unknown; error?: unknown };
export type Envelope = { ok: true; data: unknown } | { ok: false; error: unknown };

export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 60_000;

export interface BackendNotice {
  type: 'notice';
  level: 'warning' | 'error';
  message: string;
}

export function stoppedError(code: number) {
  return {
    code: 'INTERNAL',
    message: `Le moteur de Pilote CPO s'est arrêté (code ${code}) pendant cette action : elle n'a peut-être pas été enregistrée. Le moteur redémarre ; vérifiez puis recommencez.`,
    fields: [],
  };
}

export const UNAVAILABLE_ERROR = {
  code: 'INTERNAL',
  message:
    "Le moteur de Pilote CPO s'est arrêté plusieurs fois de suite et n'a pas été relancé. Fermez puis rouvrez l'application.",
  fields: [],
};

export class BackendSupervisor {
  private child: BackendChild | null = null;
  private nextId = 1;
  private pending = new Map<number, (reply: Envelope) => void>();
  private restarts: number[] = [];
  private stopped = false;
  private givenUp = false;

  constructor(
    private readonly fork: () => BackendChild,
    private readonly onEvent: (event: unknown) => void,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.start();
  }

  private start() {
    const child = this.fork();
    this.child = child;
    child.on('message', (message) => this.received(message as Reply | { event: unknown }));
    child.on('exit', (code) => this.exited(child, code));
  }

  private received(message: Reply | { event: unknown }) {
    if ('event' in message) {
      this.onEvent(message.event);
      return;
    }
    const resolve = this.pending.get(message.id);
    if (!resolve) return;
    this.pending.delete(message.id);
    resolve(message.ok ? { ok: true, data: message.data } : { ok: false, error: message.error });
  }

  private exited(child: BackendChild, code: number) {
    if (child !== this.child) return;
    this.child = null;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: stoppedError(code) });
    this.pending.clear();
    if (this.stopped) return;
    const now = this.clock();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS) {
      this.givenUp = true;
      this.onEvent({ type: 'notice', level: 'error', message: UNAVAILABLE_ERROR.message });
      return;
    }
    this.restarts.push(now);
    this.start();
    this.onEvent({
      type: 'notice',
      level: 'warning',
      message: `Le moteur de Pilote CPO s'est arrêté (code ${code}) et a été relancé. Si une action était en cours, vérifiez qu'elle a bien été enregistrée.`,
    } satisfies BackendNotice);
    // What was shown may be stale: screens refetch.
    this.onEvent({ type: 'changed', channel: 'backend.restart' });
  }

  call(channel: string, input: unknown): Promise<Envelope> {
    const child = this.child;
    if (!child || this.givenUp) return Promise.resolve({ ok: false, error: UNAVAILABLE_ERROR });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      child.postMessage({ id, channel, input });
    });
  }

  stop() {
    this.stopped = true;
    this.child?.kill();
  }
}
