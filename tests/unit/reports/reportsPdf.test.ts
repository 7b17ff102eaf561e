/**
 * A real reader opens the reports: where LibreOffice is installed, the three sample documents
 * are converted to PDF in one soffice run (its own profile folder, so parallel runs never
 * share one), then the page count and the text of the PDF are checked with poppler.
 * Skipped, with the reason printed, where soffice or poppler is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildActivityContent,
  buildFinalContent,
  buildFinancialContent,
  renderDocx,
} from '../../../electron/backend/reports';
import { sampleActivityModel, sampleFinalModel, sampleFinancialModel } from './sampleModels';

function available(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const missing = ['soffice', 'pdfinfo', 'pdftotext'].filter((command) => !available(command));
if (missing.length > 0)
  console.log(`Conversion PDF des rapports non testée : ${missing.join(', ')} absent du PATH.`);

/** PDF text with every kind of space as one plain space, so figures compare simply. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
    /[\s\u00a0\u202f]+/g,
    ' ',
  );
}

function pageCount(file: string): number {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

describe.skipIf(missing.length > 0)('reports opened by LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-rapports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts the three reports to sane PDFs showing their figures', async () => {
    const files = {
      activite: await renderDocx(buildActivityContent(sampleActivityModel())),
      financier: await renderDocx(buildFinancialContent(sampleFinancialModel())),
      bilan: await renderDocx(buildFinalContent(sampleFinalModel())),
    };
    for (const [name, buffer] of Object.entries(files))
      writeFileSync(join(dir, `${name}.docx`), buffer);
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
        ...Object.keys(files).map((name) => join(dir, `${name}.docx`)),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const expectations: Record<string, string[]> = {
      activite: [
        'Rapport d’activité annuel',
        'Page 3 sur',
        '1 234',
        '< 5',
        'Taux de sorties positives : 59 %',
      ],
      financier: [
        'Compte rendu financier',
        '154 342,57 €',
        '+9 000,00 €',
        'Fait à Rennes, le 20 mai 2026',
      ],
      bilan: ['Bilan final de la convention', '4 146', '2027 réalisé'],
    };
    for (const [name, expected] of Object.entries(expectations)) {
      const pdf = join(dir, `${name}.pdf`);
      const pages = pageCount(pdf);
      expect(pages, name).toBeGreaterThanOrEqual(3);
      expect(pages, name).toBeLessThanOrEqual(40);
      const text = pdfText(pdf);
      for (const figure of expected) expect(text, `${name}: ${figure}`).toContain(figure);
    }
  }, 180_000);
});
