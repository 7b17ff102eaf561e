/**
 * The backend inside Electron: a utility process, so the main process never waits on
 * SQLite or report work. It receives {id, channel, input} messages from main and answers
 * {id, ok, data | error}; events go up as {event}. Built to out/main/backendHost.js.
 */
import { version } from '../../package.json';
import { createBackend, toErrorData } from './backend';
import { REGISTER_PICKED_FILE } from './pickedFiles';

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('backendHost must run in an Electron utility process');

const dataDir = process.argv[2];
if (!dataDir) throw new Error('backendHost needs the data folder as its first argument');

let backend: ReturnType<typeof createBackend> | null = null;
let startError: unknown = null;
try {
  backend = createBackend({
    dataDir,
    mode: 'electron',
    version,
    onEvent: (event) => parentPort.postMessage({ event }),
  });
} catch (error) {
  startError = error;
}

parentPort.on('message', ({ data }) => {
  const message = data as { id: number; channel: string; input: unknown };
  // From the main process's own open dialog only (see pickedFiles.ts): the chosen path,
  // kept here, answered by the opaque id a call will name it by.
  if (message.channel === REGISTER_PICKED_FILE && typeof message.input === 'string' && backend) {
    parentPort.postMessage({ id: message.id, ok: true, data: backend.registerFile(message.input) });
    return;
  }
  if (!backend) {
    parentPort.postMessage({ id: message.id, ok: false, error: toErrorData(startError) });
    return;
  }
  backend.callRaw(message.channel, message.input).then(
    (result) => parentPort.postMessage({ id: message.id, ok: true, data: result }),
    (error: unknown) =>
      parentPort.postMessage({ id: message.id, ok: false, error: toErrorData(error) }),
  );
});
