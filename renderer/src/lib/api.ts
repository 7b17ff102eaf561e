/**
 * The renderer's only way to the backend. In Electron it goes through `window.api`
 * (preload → IPC → utility process); in a browser, through the web bridge's HTTP routes.
 * Both return the same envelope, so screens never know which transport they use.
 */
import {
  contract,
  type AppEvent,
  type CallInput,
  type CallOutput,
  type Channel,
} from '../../../shared/contract';
import type { FileSource } from '../../../shared/contract/actuals';
import { AppError, fieldErrorsFromIssues, isAppErrorData } from '../../../shared/errors';

type Envelope = { ok: true; data: unknown } | { ok: false; error: unknown };

interface ElectronApi {
  transport: 'electron';
  call(channel: string, input: unknown): Promise<Envelope>;
  onEvent(listener: (event: unknown) => void): () => void;
  /** The main process's open dialog: an opaque id for the chosen file, never its path. */
  pickFile(kind?: 'fec' | 'convention'): Promise<{ fileId: string; fileName: string } | null>;
  saveFile(fileName: string, base64: string): Promise<{ saved: boolean; path: string | null }>;
  openFile(fileName: string, base64: string): Promise<{ opened: boolean }>;
}

declare global {
  interface Window {
    api?: ElectronApi;
  }
}

/**
 * The team server (lib/teamSession.ts): every call carries the session's CSRF token, and a
 * 401 (session ended) sends the page back to the login form. Null in the local modes.
 */
let team: { csrfToken: string; onEnded: () => void } | null = null;
export function setTeamSession(session: { csrfToken: string; onEnded: () => void } | null) {
  team = session;
}
/** The team session read at start: the first calls wait for its token. */
let teamReady: Promise<unknown> = Promise.resolve();
export function waitForTeamSession(ready: Promise<unknown>) {
  teamReady = ready;
}
const teamHeaders = (): Record<string, string> => (team ? { 'X-CSRF-Token': team.csrfToken } : {});

async function httpCall(channel: string, input: unknown): Promise<Envelope> {
  await teamReady;
  let response: Response;
  try {
    response = await fetch(`/api/call/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...teamHeaders() },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: "Pilote CPO ne répond plus : vérifiez que l'application est toujours lancée.",
        fields: [],
      },
    };
  }
  if (response.status === 401 && team) team.onEnded();
  return (await response.json()) as Envelope;
}

export async function call<C extends Channel>(
  channel: C,
  input: CallInput<C>,
): Promise<CallOutput<C>> {
  // The contract's own schema, before anything leaves the screen: a field the person must
  // correct (an amount field's NaN for unreadable text) stops the call here, with the same
  // French field errors the backend would give — and JSON cannot turn NaN into null.
  const checked = contract[channel].input.safeParse(input ?? {});
  if (!checked.success) throw AppError.validation(fieldErrorsFromIssues(checked.error.issues));
  const envelope = window.api
    ? await window.api.call(channel, input)
    : await httpCall(channel, input);
  if (envelope.ok) return envelope.data as CallOutput<C>;
  if (isAppErrorData(envelope.error)) throw AppError.fromData(envelope.error);
  throw new AppError('INTERNAL', 'Erreur inattendue.');
}

/**
 * Electron: the main process's own open dialog chooses the file; the page only gets an
 * opaque id (a path never comes from the page). Null when cancelled.
 */
export async function pickFile(
  kind: 'fec' | 'convention' = 'fec',
): Promise<{ name: string; source: FileSource } | null> {
  const picked = await window.api?.pickFile(kind);
  return picked
    ? { name: picked.fileName, source: { kind: 'picked', fileId: picked.fileId } }
    : null;
}

/**
 * In a browser: the raw bytes uploaded to the web bridge (streamed to disk there, never
 * held in memory); the calls then name the upload.
 */
export async function fileSource(file: File): Promise<FileSource> {
  let envelope: Envelope;
  try {
    const response = await fetch('/api/upload', {
      method: 'POST',
      body: file,
      headers: teamHeaders(),
      credentials: 'same-origin',
    });
    envelope = (await response.json()) as Envelope;
  } catch {
    throw new AppError(
      'INTERNAL',
      "Le fichier n'a pas pu être envoyé : vérifiez que l'application est toujours lancée.",
    );
  }
  if (envelope.ok) {
    const { uploadId } = envelope.data as { uploadId: string };
    return { kind: 'upload', uploadId };
  }
  if (isAppErrorData(envelope.error)) throw AppError.fromData(envelope.error);
  throw new AppError('INTERNAL', 'Erreur inattendue.');
}

export function onEvent(listener: (event: AppEvent) => void): () => void {
  if (window.api) return window.api.onEvent((event) => listener(event as AppEvent));
  const source = new EventSource('/api/events', { withCredentials: true });
  source.onmessage = (message) => listener(JSON.parse(message.data as string) as AppEvent);
  return () => source.close();
}

export const transport = (): 'electron' | 'web' => (window.api ? 'electron' : 'web');
