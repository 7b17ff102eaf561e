/**
 * Electron main process: one window with secure defaults, a French menu, the backend in a
 * utility process, and the IPC relay between them. Nothing here reads the database. The
 * security rules themselves are in security.ts (pure, unit-tested); this file wires them.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, screen, session, shell } from 'electron';
import { openFile, saveFile } from './files';
import { basename, join } from 'node:path';
import { REGISTER_PICKED_FILE } from '../backend/pickedFiles';
import { channels } from '../../shared/contract';
import { startBackendProcess } from './backendProcess';
import type { BackendSupervisor } from './backendSupervisor';
import { buildMenu } from './menu';
import { initialBounds, readWindowState, writeWindowState } from './windowState';
import {
  conventionIdFromUrl,
  forgetConvention,
  readRecentConventions,
  recentLabel,
  rememberConvention,
  writeRecentConventions,
  type RecentConvention,
} from './recentConventions';
import {
  chooseRendererEntry,
  CONTENT_SECURITY_POLICY,
  denyPermissionCheck,
  denyPermissionRequest,
  isAllowedExternalUrl,
  isOwnPageUrl,
  isTrustedSender,
  secureWebPreferences,
  type RendererEntry,
} from './security';

const allowed = new Set<string>(channels);
let mainWindow: BrowserWindow | null = null;
let backend: BackendSupervisor | null = null;

// Tests (and careful users) can point the app at another data folder.
if (process.env.PILOTE_CPO_USER_DATA) app.setPath('userData', process.env.PILOTE_CPO_USER_DATA);

// Read once: a packaged app never honours ELECTRON_RENDERER_URL (see security.ts).
const entry: RendererEntry = chooseRendererEntry({
  isPackaged: app.isPackaged,
  rendererUrl: process.env.ELECTRON_RENDERER_URL,
  indexHtml: join(__dirname, '../renderer/index.html'),
});

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

function openIfAllowed(url: string) {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url);
}

function createWindow(dataDir: string): BrowserWindow {
  // Where the user left it, if that still fits the screens plugged in now (windowState.ts).
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const place = initialBounds(
    readWindowState(dataDir),
    [primary, ...others].map((display) => display.workArea),
  );
  const window = new BrowserWindow({
    x: place.x,
    y: place.y,
    width: place.width,
    height: place.height,
    minWidth: 960,
    minHeight: 640,
    title: 'Pilote CPO',
    show: false,
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js')),
  });
  window.once('ready-to-show', () => {
    if (place.maximized) window.maximize();
    window.show();
  });
  // The size before maximising, so that un-maximising next time gives it back.
  window.on('close', () =>
    writeWindowState(dataDir, {
      bounds: window.getNormalBounds(),
      maximized: window.isMaximized(),
    }),
  );
  // No pop-ups; links to an allowed site open in the user's browser, others nowhere.
  window.webContents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (isOwnPageUrl(url, entry)) return;
    event.preventDefault();
    openIfAllowed(url);
  });
  if (entry.kind === 'devServer') void window.loadURL(entry.url);
  else void window.loadFile(entry.path);
  return window;
}

function fromOwnPage(event: Electron.IpcMainInvokeEvent): boolean {
  return isTrustedSender(event.senderFrame, entry);
}

function start() {
  const dataDir = app.getPath('userData');
  // The app asks for nothing: camera, notifications, geolocation… are all refused.
  session.defaultSession.setPermissionRequestHandler(denyPermissionRequest);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
  // index.html carries the CSP as a meta tag; every response also gets it as a header
  // (defence in depth). Not on the dev server, whose hot reload injects inline scripts.
  if (entry.kind === 'file') {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      });
    });
  }

  backend = startBackendProcess(dataDir, (event) =>
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

  // The only way a file's path reaches the backend: the user picks it in this process's
  // own dialog; the page gets an opaque id and the name to show, never a path to send.
  ipcMain.handle('pilote:pickFile', async (event, kind: unknown) => {
    if (!fromOwnPage(event)) throw new Error('Appel refusé.');
    const options =
      kind === 'convention'
        ? {
            title: 'Choisir le fichier de convention',
            properties: ['openFile' as const],
            filters: [{ name: 'Convention Pilote CPO', extensions: ['pilotecpo'] }],
          }
        : {
            title: 'Choisir le fichier FEC',
            properties: ['openFile' as const],
            filters: [{ name: 'Fichier des écritures comptables', extensions: ['txt', 'csv'] }],
          };
    const result = mainWindow
      ? await dialog.showOpenDialog(mainWindow, options)
      : await dialog.showOpenDialog(options);
    const path = result.filePaths[0];
    if (result.canceled || !path || !backend) return null;
    const registered = await backend.call(REGISTER_PICKED_FILE, path);
    if (!registered.ok) return null;
    return { fileId: registered.data as string, fileName: basename(path) };
  });

  ipcMain.handle('pilote:saveFile', (event, fileName: unknown, base64: unknown) => {
    if (!fromOwnPage(event)) throw new Error('Appel refusé.');
    return saveFile(mainWindow, fileName, base64);
  });
  ipcMain.handle('pilote:openFile', (event, fileName: unknown, base64: unknown) => {
    if (!fromOwnPage(event)) throw new Error('Appel refusé.');
    return openFile(fileName, base64);
  });

  // « Conventions récentes »: the page's own URL says which convention it shows; the
  // backend gives its label. Nothing new is exposed to the page (recentConventions.ts).
  let recent: RecentConvention[] = readRecentConventions(dataDir);
  const setMenu = () =>
    Menu.setApplicationMenu(
      buildMenu(() => mainWindow, dataDir, {
        recent,
        onClearRecent: () => updateRecent([]),
      }),
    );
  const updateRecent = (next: RecentConvention[]) => {
    recent = next;
    writeRecentConventions(dataDir, recent);
    setMenu();
  };
  setMenu();
  mainWindow = createWindow(dataDir);
  let shown: number | null = null;
  mainWindow.webContents.on('did-navigate-in-page', (_event, url) => {
    const id = conventionIdFromUrl(url);
    // Moving between the screens of the same convention changes nothing.
    const opened = id !== null && id !== shown;
    shown = id;
    if (!opened || !backend) return;
    void backend.call('conventions.get', { id }).then((answer) => {
      if (answer.ok) {
        const convention = answer.data as { reference: string; operator: { name: string } };
        updateRecent(rememberConvention(recent, { id, label: recentLabel(convention) }));
      } else if ((answer.error as { code?: unknown } | null)?.code === 'NOT_FOUND') {
        updateRecent(forgetConvention(recent, id));
      }
    });
  });
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
