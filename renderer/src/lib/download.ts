import { csvField } from '../../../shared/csvSafe';

/**
 * Saves text made in the page as a file: a Blob and a temporary `<a download>`. Works the
 * same in Electron (the save dialog opens) and in the browser (the file is downloaded).
 */
export function downloadFile(fileName: string, content: string | Uint8Array, type: string) {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The download has started from the click; the URL can go once the event loop turns.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * A CSV as French spreadsheets open it by double-click: `;` separated, CRLF, and a UTF-8
 * byte-order mark so that Excel reads the accents right.
 */
export function toCsv(header: string[], rows: (string | number)[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/**
 * A file the backend sent as base64 (a Word document, a workbook), saved as it is: the
 * native save dialog in Electron, a download in the browser. False when the user cancels.
 */
export async function saveBase64(fileName: string, base64: string, type: string) {
  if (window.api) return (await window.api.saveFile(fileName, base64)).saved;
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  downloadFile(fileName, bytes, type);
  return true;
}

/** "Open in the default app": Electron only (a browser page cannot start Word). */
export const canOpenFiles = () => Boolean(window.api);

export async function openBase64(fileName: string, base64: string) {
  if (!window.api) return false;
  return (await window.api.openFile(fileName, base64)).opened;
}
