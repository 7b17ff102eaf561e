/**
 * Files the user picked in the main process's own open dialog (Electron). A path never
 * comes from the page or an HTTP call: the main process registers the dialog's result
 * here (through the utility process's internal message, which neither the preload nor the
 * web bridge exposes) and hands the page an opaque id; a call names the file by that id.
 * Ids are random, so one cannot be guessed; they live as long as the backend's process.
 */
import { randomUUID } from 'node:crypto';

/**
 * The message channel the main process registers a dialog's path on. Not a contract
 * channel: the main process's `pilote:call` relays contract channels only, and the web
 * bridge routes contract channels only, so the page can never send it.
 */
export const REGISTER_PICKED_FILE = '\u0000register-picked-file';

const picked = new Map<string, string>();

export function registerPickedFile(path: string): string {
  const fileId = randomUUID();
  picked.set(fileId, path);
  return fileId;
}

/** The path behind an id, or undefined for an id this process never gave. */
export function pickedFilePath(fileId: string): string | undefined {
  return picked.get(fileId);
}
