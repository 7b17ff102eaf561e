/**
 * How `npm start` chooses between Electron and browser mode (scripts/electronBinary.cjs),
 * on fake electron package folders: it decides from the files on disk only, so an absent
 * binary means browser mode at once, with no download attempt and no wait.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electronBinary.cjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An electron package folder as npm leaves it: with or without the unpacked binary. */
function fakeElectronPackage(withBinary: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-electron-pkg-'));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  if (withBinary) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

const desktop = { DISPLAY: ':0' };

describe('electronBinary', () => {
  it('returns the binary when it is unpacked and a display exists', () => {
    const dir = fakeElectronPackage(true);
    expect(electronBinary({ packageDir: dir, env: desktop, platform: 'linux' })).toEqual({
      binary: join(dir, 'dist', 'electron'),
    });
  });

  it('chooses browser mode at once when the binary was never downloaded', () => {
    const dir = fakeElectronPackage(false);
    const started = performance.now();
    const found = electronBinary({ packageDir: dir, env: desktop, platform: 'linux' });
    // Synchronous file checks only: a download attempt would take seconds (or a minute).
    expect(performance.now() - started).toBeLessThan(500);
    expect(found.binary).toBeUndefined();
    expect(found.reason).toContain("son binaire n'est pas installé");
    expect(found.reason).toContain('npm run electron:install');
    // Nothing was fetched or written into the package folder.
    expect(() => readFileSync(join(dir, 'path.txt'))).toThrow();
  });

  it('says when path.txt names a binary that is missing', () => {
    const dir = fakeElectronPackage(true);
    writeFileSync(join(dir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron');
    expect(electronBinary({ packageDir: dir, env: desktop, platform: 'darwin' }).reason).toMatch(
      /^son binaire est introuvable/,
    );
  });

  it('chooses browser mode when the package is not installed', () => {
    expect(electronBinary({ packageDir: null, env: desktop }).reason).toBe(
      "le paquet electron n'est pas installé",
    );
  });

  it('chooses browser mode on Linux without a display, even with the binary', () => {
    const dir = fakeElectronPackage(true);
    expect(electronBinary({ packageDir: dir, env: {}, platform: 'linux' }).reason).toContain(
      'aucun écran graphique',
    );
    expect(
      electronBinary({ packageDir: dir, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' })
        .binary,
    ).toBe(join(dir, 'dist', 'electron'));
    // Windows and macOS have no DISPLAY variable and need none.
    expect(electronBinary({ packageDir: dir, env: {}, platform: 'win32' }).binary).toBeDefined();
  });

  it('honours PILOTE_CPO_BROWSER=1 even with a working binary', () => {
    const dir = fakeElectronPackage(true);
    expect(
      electronBinary({ packageDir: dir, env: { ...desktop, PILOTE_CPO_BROWSER: '1' } }).reason,
    ).toBe('mode navigateur demandé (PILOTE_CPO_BROWSER=1)');
  });
});

describe('no download at install or start', () => {
  it("npm ci skips electron's postinstall, which would fetch the binary from GitHub", () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      allowScripts: Record<string, boolean>;
      scripts: Record<string, string>;
    };
    expect(pkg.allowScripts.electron).toBe(false);
    // The download stays possible, but only when asked for by name.
    expect(pkg.scripts['electron:install']).toBe('node node_modules/electron/install.js');
  });

  it('the start scripts never run electron/install.js nor @electron/get', () => {
    for (const file of ['scripts/start.mjs', 'scripts/electronBinary.cjs']) {
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('//'))
        .join('\n');
      expect(code, file).not.toMatch(/install\.js|@electron\/get|downloadArtifact|tryDownload/);
    }
  });
});
