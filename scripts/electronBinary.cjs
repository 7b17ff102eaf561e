// Where Electron's binary is, or why it cannot run here. Shared by `npm start` and the
// Electron launch test, so both decide the same way.
// It only looks at files already on disk: it never downloads anything. `npm ci` does not
// either (package.json "allowScripts" denies electron's postinstall, which would fetch
// the binary from GitHub); `npm run electron:install` fetches it on purpose.
// CommonJS so that Playwright's test loader can require it too.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

function findElectronPackage() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * @param {{
 *   env?: Record<string, string | undefined>,
 *   platform?: string,
 *   packageDir?: string | null,
 * }} [probe] what to look at; defaults to this process and the installed electron package
 *   (tests pass a fake package folder; null means "not installed").
 */
function electronBinary(probe = {}) {
  const env = probe.env ?? process.env;
  const platform = probe.platform ?? process.platform;
  if (env.PILOTE_CPO_BROWSER === '1')
    return { reason: 'mode navigateur demandé (PILOTE_CPO_BROWSER=1)' };
  const packageDir = probe.packageDir === undefined ? findElectronPackage() : probe.packageDir;
  if (!packageDir) return { reason: "le paquet electron n'est pas installé" };
  // electron's own install script writes path.txt once the binary is unpacked in dist/.
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      reason:
        "son binaire n'est pas installé ; « npm run electron:install » le télécharge sur une machine reliée à Internet",
    };
  }
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `son binaire est introuvable : ${binary}` };
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'aucun écran graphique détecté, ni DISPLAY ni WAYLAND_DISPLAY' };
  }
  return { binary };
}

module.exports = { electronBinary };
