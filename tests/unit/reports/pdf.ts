/**
 * Word documents read as a real reader would: converted to PDF by LibreOffice (one run for
 * several files, with its own profile folder so parallel runs never share one), then their
 * page count and text read with poppler.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function available(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The tools missing from the PATH; a test skips, saying so, when there are any. */
export const missingPdfTools = ['soffice', 'pdfinfo', 'pdftotext'].filter(
  (command) => !available(command),
);

/** Converts `<dir>/<name>.docx` files to `<dir>/<name>.pdf`. */
export function convertToPdf(dir: string, names: readonly string[]) {
  const profile = pathToFileURL(join(dir, 'profil-libreoffice')).href;
  execFileSync(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=${profile}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      ...names.map((name) => join(dir, `${name}.docx`)),
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
}

/** PDF text with every kind of space as one plain space, so figures compare simply. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
    /[\s\u00a0\u202f]+/g,
    ' ',
  );
}

export function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** The text of each page, in order (pdftotext ends each page with a form feed). */
export function pdfPages(file: string): string[] {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\f')
    .map((page) => page.replace(/[\s\u00a0\u202f]+/g, ' '));
}
