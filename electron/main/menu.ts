/**
 * The application menu, in French. Shortcuts: Ctrl+N new convention, Ctrl+Maj+H home,
 * F1 « À propos », Ctrl+Q quit (Windows, Linux; Cmd+Q on macOS), zoom with Ctrl+0 / Ctrl++
 * (also Ctrl+=, the same key without Maj on many keyboards) / Ctrl+-. Reloading the page
 * (Ctrl+R) and the developer tools exist only in development: in the installed app a stray
 * Ctrl+R would drop what a form holds. No Ctrl+W on Windows and Linux: the app has one
 * window, and closing it would quit. No Ctrl+P: the documents are printed from Word.
 */
import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { recentMenuLabels, type RecentConvention } from './recentConventions';

export interface MenuOptions {
  /** The last conventions opened (recentConventions.ts), most recent first. */
  recent?: readonly RecentConvention[];
  onClearRecent?: () => void;
}

export function buildMenu(
  window: () => BrowserWindow | null,
  dataDir: string,
  options: MenuOptions = {},
): Menu {
  const isMac = process.platform === 'darwin';
  const development = !app.isPackaged;
  // Only fixed text or a validated integer id reaches the page's location.
  const go = (hash: string) =>
    void window()?.webContents.executeJavaScript(`location.hash = ${JSON.stringify(hash)}`);
  const recent = recentMenuLabels(options.recent ?? []);
  const recentSubmenu: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'Aucune convention ouverte récemment', enabled: false }]
      : [
          ...recent.map(({ id, label }) => ({
            label,
            click: () => go(`#/conventions/${Math.trunc(id)}`),
          })),
          { type: 'separator' as const },
          { label: 'Effacer la liste', click: () => options.onClearRecent?.() },
        ];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { role: 'about' as const, label: 'À propos de Pilote CPO' },
              { type: 'separator' as const },
              { role: 'quit' as const, label: 'Quitter Pilote CPO' },
            ],
          },
        ]
      : []),
    {
      label: 'Fichier',
      submenu: [
        {
          label: 'Accueil — conventions',
          accelerator: 'CmdOrCtrl+Shift+H',
          click: () => go('#/'),
        },
        {
          label: 'Nouvelle convention…',
          accelerator: 'CmdOrCtrl+N',
          click: () => go('#/conventions/nouvelle'),
        },
        { label: 'Conventions récentes', submenu: recentSubmenu },
        { type: 'separator' },
        { label: 'Ouvrir le dossier des données', click: () => void shell.openPath(dataDir) },
        { type: 'separator' },
        isMac
          ? { role: 'close', label: 'Fermer la fenêtre' }
          : // Explicit: Electron gives the quit role no shortcut on Windows.
            { role: 'quit', label: 'Quitter', accelerator: 'Ctrl+Q' },
      ],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        ...(development
          ? [{ role: 'reload' as const, label: 'Actualiser' }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        // Ctrl+= as well: on many keyboards « + » needs Maj, and Ctrl+Maj+= is not Ctrl++.
        { role: 'zoomIn', label: 'Zoom avant', accelerator: 'CmdOrCtrl+=', visible: false },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
        ...(development
          ? [{ role: 'toggleDevTools' as const, label: 'Outils de développement' }]
          : []),
      ],
    },
    {
      label: 'Aide',
      submenu: [
        {
          label: 'À propos de Pilote CPO',
          accelerator: 'F1',
          click: () => go('#/a-propos'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
