/**
 * Exposes `window.api` to the page. The allowlist is the contract's channel list: any
 * other name is refused here, before it reaches the main process.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { channels } from '../../shared/contract';

const allowed = new Set<string>(channels);

const api = {
  transport: 'electron' as const,
  call(channel: string, input: unknown): Promise<unknown> {
    if (!allowed.has(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Action inconnue : « ${channel} ».`, fields: [] },
      });
    }
    return ipcRenderer.invoke('pilote:call', channel, input);
  },
  /** The real path of a file the user picked: large files are read where they are. */
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
  /**
   * The main process's open dialog: an opaque id for the chosen file, never its path.
   * `kind` only chooses the dialog's title and filter (a FEC, a convention file).
   */
  pickFile(kind?: 'fec' | 'convention'): Promise<{ fileId: string; fileName: string } | null> {
    return ipcRenderer.invoke('pilote:pickFile', kind === 'convention' ? 'convention' : 'fec');
  },
  /** The native save dialog for a document the backend produced. */
  saveFile(fileName: string, base64: string): Promise<{ saved: boolean; path: string | null }> {
    return ipcRenderer.invoke('pilote:saveFile', fileName, base64);
  },
  /** Opens a document in the default app (Word, LibreOffice, Excel). */
  openFile(fileName: string, base64: string): Promise<{ opened: boolean }> {
    return ipcRenderer.invoke('pilote:openFile', fileName, base64);
  },
  onEvent(listener: (event: unknown) => void): () => void {
    const handler = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on('pilote:event', handler);
    return () => ipcRenderer.removeListener('pilote:event', handler);
  },
};

contextBridge.exposeInMainWorld('api', api);
