/** The application menu, in French. */
import { app, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(window: () => BrowserWindow | null, dataDir: string): Menu {
  const isMac = process.platform === 'darwin';
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
          click: () => void window()?.webContents.executeJavaScript("location.hash = '#/'"),
        },
        {
          label: 'Nouvelle convention…',
          accelerator: 'CmdOrCtrl+N',
          click: () =>
            void window()?.webContents.executeJavaScript(
              "location.hash = '#/conventions/nouvelle'",
            ),
        },
        { type: 'separator' },
        { label: 'Ouvrir le dossier des données', click: () => void shell.openPath(dataDir) },
        { type: 'separator' },
        isMac ? { role: 'close', label: 'Fermer la fenêtre' } : { role: 'quit', label: 'Quitter' },
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
        { role: 'reload', label: 'Actualiser' },
        { type: 'separator' },
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
        { role: 'toggleDevTools', label: 'Outils de développement' },
      ],
    },
    {
      label: 'Aide',
      submenu: [
        {
          label: 'À propos de Pilote CPO',
          click: () => void window()?.webContents.executeJavaScript("location.hash = '#/a-propos'"),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
