/**
 * Electronegativity (Doyensec's Electron security linter) on the build (out/), offline.
 *   npm run build && npm run security:electron
 * Fails when a HIGH or MEDIUM finding is not in the list of reviewed findings below, each
 * with the reason it is accepted (also in the README, « Electron security »).
 *
 * Offline: the tool fetches its translations and Electron's release notes with `got`,
 * whose retry crashes the process when the network is closed. The preload makes every
 * such request fail at once; the release-notes check (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK)
 * is skipped, and the Electron version is given (-e) instead of looked up.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const cli = require.resolve('@doyensec/electronegativity/dist/index.js');

/** Reviewed findings: id, file, and a piece of the flagged code; why each is accepted. */
const reviewed = [
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/index.js',
    sample: 'isAllowedExternalUrl(url)',
    why: 'shell.openExternal only after isAllowedExternalUrl: https and an exact origin from a short allowlist (electron/main/security.ts, unit-tested).',
  },
  {
    id: 'CERTIFICATE_VERIFY_PROC_JS_CHECK',
    file: 'main/index.js',
    sample: 'certificateVerdict(choice',
    why: 'Team mode only: the team server host is accepted only with the SHA-256 fingerprint the user confirmed, anything else on that host is refused, other hosts keep Chromium’s verdict (electron/main/teamChoice.ts, unit-tested).',
  },
];

if (!existsSync('out/main/index.js')) {
  console.error('Lancez `npm run build` avant cette vérification.');
  process.exit(1);
}
const folder = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csvPath = join(folder, 'findings.csv');
try {
  execFileSync(
    process.execPath,
    [
      '--require',
      resolve('scripts/electronegativity-offline.cjs'),
      cli,
      '-i',
      'out/',
      '-e',
      electronVersion,
      '-r',
      '-v',
      'false',
      '-x',
      'AvailableSecurityFixesGlobalCheck',
      '-o',
      csvPath,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n').slice(1);
  let failed = 0;
  for (const line of lines) {
    const [id, severity, confidence, file] = line.split(',').map((cell) => cell.replace(/"/g, ''));
    const serious = severity === 'HIGH' || severity === 'MEDIUM';
    const accepted = reviewed.find(
      (entry) => entry.id === id && entry.file === file && line.includes(entry.sample),
    );
    const verdict = !serious ? 'info' : accepted ? 'reviewed' : 'FAIL';
    if (verdict === 'FAIL') failed += 1;
    console.log(
      JSON.stringify({ id, severity, confidence, file, verdict, why: accepted?.why ?? undefined }),
    );
  }
  console.log(
    JSON.stringify({ case: 'electronegativity', findings: lines.length, unreviewed: failed }),
  );
  process.exit(failed === 0 ? 0 : 1);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
