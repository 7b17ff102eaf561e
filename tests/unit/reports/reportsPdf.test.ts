/**
 * A real reader opens the reports: where LibreOffice is installed, the three sample documents
 * are converted to PDF in one soffice run (its own profile folder, so parallel runs never
 * share one), then the page count and the text of the PDF are checked with poppler.
 * Skipped, with the reason printed, where soffice or poppler is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildActivityContent,
  buildFinalContent,
  buildFinancialContent,
  renderDocx,
} from '../../../electron/backend/reports';
import { convertToPdf, missingPdfTools, pageCount, pdfText } from './pdf';
import { sampleActivityModel, sampleFinalModel, sampleFinancialModel } from './sampleModels';

if (missingPdfTools.length > 0)
  console.log(
    `Conversion PDF des rapports non testée : ${missingPdfTools.join(', ')} absent du PATH.`,
  );

describe.skipIf(missingPdfTools.length > 0)('reports opened by LibreOffice', () => {
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
    convertToPdf(dir, Object.keys(files));
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
      bilan: ['Bilan final de la convention', '4 146', 'Total cible'],
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
