/**
 * Saving and opening a document the backend produced (a report, its tables): the native
 * save dialog, and "open in the default app" from a private temporary folder. Only file
 * names with the extensions the app produces are accepted; the content arrives as base64.
 */
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

const filters: Record<string, { name: string; extensions: string[] }> = {
  '.docx': { name: 'Document Word', extensions: ['docx'] },
  '.xlsx': { name: 'Classeur Excel', extensions: ['xlsx'] },
  '.csv': { name: 'Fichier CSV', extensions: ['csv'] },
  '.pilotecpo': { name: 'Convention Pilote CPO', extensions: ['pilotecpo'] },
};
const MAX_BYTES = 200 * 1024 * 1024;

function checked(fileName: unknown, base64: unknown): { name: string; bytes: Buffer } {
  if (typeof fileName !== 'string' || typeof base64 !== 'string')
    throw new Error('Fichier invalide.');
  // Characters Windows refuses in a file name, and control characters, become '_'.
  const name = [...basename(fileName)]
    .map((char) => (char.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(char) ? '_' : char))
    .join('');
  if (!filters[extname(name).toLowerCase()]) throw new Error('Type de fichier non autorisé.');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_BYTES) throw new Error('Fichier trop volumineux.');
  return { name, bytes };
}

export async function saveFile(
  window: BrowserWindow | null,
  fileName: unknown,
  base64: unknown,
): Promise<{ saved: boolean; path: string | null }> {
  const { name, bytes } = checked(fileName, base64);
  const options = {
    title: 'Enregistrer le document',
    defaultPath: join(app.getPath('documents'), name),
    filters: [filters[extname(name).toLowerCase()]!],
  };
  const result = window
    ? await dialog.showSaveDialog(window, options)
    : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return { saved: false, path: null };
  await writeFile(result.filePath, bytes);
  return { saved: true, path: result.filePath };
}

export async function openFile(fileName: unknown, base64: unknown): Promise<{ opened: boolean }> {
  const { name, bytes } = checked(fileName, base64);
  const folder = join(app.getPath('temp'), 'pilote-cpo-documents');
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFile(path, bytes);
  // shell.openPath resolves to an error message, empty when the default app opened it.
  return { opened: (await shell.openPath(path)) === '' };
}
