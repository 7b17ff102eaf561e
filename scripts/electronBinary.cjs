// Where Electron's binary is, or why it cannot run here. Shared by `npm start` and the
// Electron launch test, so both decide the same way.
// CommonJS so that Playwright's test loader can require it too.
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

/** @param {{ tryDownload?: boolean }} options */
function electronBinary(options = {}) {
  if (process.env.PILOTE_CPO_BROWSER === '1')
    return { reason: 'mode navigateur demandé (PILOTE_CPO_BROWSER=1)' };
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: "le paquet electron n'est pas installé" };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile) && options.tryDownload) {
    // Electron fetches its binary on first use; give it one bounded try.
    spawnSync(process.execPath, [join(packageDir, 'install.js')], {
      stdio: 'ignore',
      timeout: 60_000,
    });
  }
  if (!existsSync(pathFile)) {
    return {
      reason: "son binaire n'a pas pu être téléchargé, GitHub est injoignable sur ce réseau",
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `son binaire est introuvable : ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'aucun écran graphique détecté, ni DISPLAY ni WAYLAND_DISPLAY' };
  }
  return { binary };
}

module.exports = { electronBinary };
