/**
 * Electron main process: one window with secure defaults, a French menu, the backend in a
 * utility process, and the IPC relay between them. Nothing here reads the database.
 */
import { app, BrowserWindow, ipcMain, Menu, shell } from 'electron';
import { openFile, saveFile } from './files';
import { join } from 'node:path';
import { channels } from '../../shared/contract';
import { BackendProcess } from './backendProcess';
import { buildMenu } from './menu';

const allowed = new Set<string>(channels);
let mainWindow: BrowserWindow | null = null;
let backend: BackendProcess | null = null;

// Tests (and careful users) can point the app at another data folder.
if (process.env.PILOTE_CPO_USER_DATA) app.setPath('userData', process.env.PILOTE_CPO_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void app.whenReady().then(start);
}

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? `file://${join(__dirname, '../renderer/index.html')}`;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'Pilote CPO',
    show: false,
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  // No pop-ups; links to the web open in the user's browser.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(rendererUrl().split('#')[0] ?? '')) event.preventDefault();
  });
  if (process.env.ELECTRON_RENDERER_URL) void window.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}

function fromOwnPage(event: Electron.IpcMainInvokeEvent): boolean {
  const frameUrl = event.senderFrame?.url ?? '';
  return (
    frameUrl.startsWith('file://') || frameUrl.startsWith(process.env.ELECTRON_RENDERER_URL ?? '\0')
  );
}

function start() {
  const dataDir = app.getPath('userData');
  backend = new BackendProcess(dataDir, (event) =>
    mainWindow?.webContents.send('pilote:event', event),
  );

  ipcMain.handle('pilote:call', async (event, channel: unknown, input: unknown) => {
    // Only our own page may call, and only what the contract declares.
    if (!fromOwnPage(event)) {
      return { ok: false, error: { code: 'UNAUTHORISED', message: 'Appel refusé.', fields: [] } };
    }
    if (typeof channel !== 'string' || !allowed.has(channel)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: 'Action inconnue.', fields: [] } };
    }
    return backend?.call(channel, input);
  });

  ipcMain.handle('pilote:saveFile', (event, fileName: unknown, base64: unknown) => {
    if (!fromOwnPage(event)) throw new Error('Appel refusé.');
    return saveFile(mainWindow, fileName, base64);
  });
  ipcMain.handle('pilote:openFile', (event, fileName: unknown, base64: unknown) => {
    if (!fromOwnPage(event)) throw new Error('Appel refusé.');
    return openFile(fileName, base64);
  });

  Menu.setApplicationMenu(buildMenu(() => mainWindow, dataDir));
  mainWindow = createWindow();
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  backend?.stop();
  app.quit();
});
