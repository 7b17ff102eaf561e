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
import {
  certificateVerdict,
  choiceAtStart,
  choicePageUrl,
  isTeamServerUrl,
  readChoiceSubmission,
  writeTeamChoice,
  type ChoiceForm,
  type TeamChoice,
  type TeamServerChoice,
} from './teamChoice';

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

/**
 * The team mode's page comes from the server and talks to it over HTTPS, as in a browser:
 * no preload (no IPC bridge), the same locked-down preferences otherwise.
 */
const withoutPreload = { ...secureWebPreferences(''), preload: undefined };

function createWindow(dataDir: string, team: TeamServerChoice | null = null): BrowserWindow {
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
    webPreferences: team
      ? withoutPreload
      : secureWebPreferences(join(__dirname, '../preload/index.js')),
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
    if (team ? isTeamServerUrl(url, team) : isOwnPageUrl(url, entry)) return;
    event.preventDefault();
    openIfAllowed(url);
  });
  if (team) void window.loadURL(`${team.origin}/`);
  else if (entry.kind === 'devServer') void window.loadURL(entry.url);
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
  // « Sur cet ordinateur » or « le serveur de l'équipe », asked once (teamChoice.ts).
  const choice = choiceAtStart(dataDir);
  if (!choice) askWhereToWork(dataDir);
  else startMode(dataDir, choice);
}

function startMode(dataDir: string, choice: TeamChoice) {
  if (choice.mode === 'team') startTeam(dataDir, choice);
  else startLocal(dataDir);
}

/** The first-start question: a static form (no script, no preload), read on navigation. */
function askWhereToWork(dataDir: string, form?: ChoiceForm) {
  const window = new BrowserWindow({
    width: 720,
    height: 800,
    title: 'Pilote CPO',
    icon: join(__dirname, '../../resources/icon.png'),
    webPreferences: withoutPreload,
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.webContents.on('will-navigate', (event, url) => {
    // The form's answer never leaves the machine: read here, the navigation cancelled.
    event.preventDefault();
    const answer = readChoiceSubmission(url);
    if (!answer) return;
    if ('form' in answer) {
      void window.loadURL(choicePageUrl(answer.form));
      return;
    }
    writeTeamChoice(dataDir, answer.choice);
    startMode(dataDir, answer.choice);
    window.close();
  });
  void window.loadURL(choicePageUrl(form));
}

function startTeam(dataDir: string, choice: TeamServerChoice) {
  // The server's certificate is accepted only if its fingerprint is the confirmed one.
  session.defaultSession.setCertificateVerifyProc((request, callback) =>
    callback(
      certificateVerdict(choice, {
        hostname: request.hostname,
        certificatePem: request.certificate.data,
      }),
    ),
  );
  Menu.setApplicationMenu(null);
  const window = createWindow(dataDir, choice);
  mainWindow = window;
  // Unreachable server, or a certificate that is not the confirmed one: ask again.
  window.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    // -3 (ERR_ABORTED): a navigation replaced by another one (the page reloading itself).
    if (!isMainFrame || code === -3) return;
    askWhereToWork(dataDir, {
      address: choice.origin,
      fingerprint: choice.fingerprint,
      error: /CERT/i.test(description)
        ? `Le serveur ${choice.origin} ne présente pas le certificat dont vous avez confirmé l’empreinte : ne vous connectez pas et prévenez la personne qui l’a installé.`
        : `Le serveur de l’équipe ne répond pas à l’adresse ${choice.origin} (${description || code}) : vérifiez le réseau, ou travaillez sur cet ordinateur.`,
    });
    window.destroy();
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
}

let localStarted = false;

function startLocal(dataDir: string) {
  // The IPC handlers are registered once per run.
  if (localStarted) return;
  localStarted = true;
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
