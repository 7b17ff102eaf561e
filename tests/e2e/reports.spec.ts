/**
 * « Rapports » on the demo convention: write a narrative part, see that nothing is missing,
 * generate the compte rendu financier (downloaded, archived with its SHA-256), export its
 * tables; then the bilan final, incomplete, generated as a marked draft.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { openSection } from './pages/ConventionPage';

test('generate, archive and export the documents for the DREETS', async ({ page, app }) => {
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await openSection(page, 'Rapports');

  // The compte rendu financier of 2025: an observation written here goes into it.
  await page.getByText('Compte rendu financier', { exact: true }).click();
  const observations = page.getByRole('textbox', {
    name: 'Observations sur l’exécution financière',
  });
  await observations.fill(
    'Exercice conforme au budget de l’action ; aucun report de fonds dédiés.',
  );
  await page
    .getByRole('button', { name: 'Enregistrer « Observations sur l’exécution financière »' })
    .click();
  await expect(page.getByText('Texte enregistré')).toBeVisible();
  await expect(page.getByTestId('report-check')).toHaveText(
    'Rien ne manque : le document sera complet.',
  );
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, 'reports.png'), fullPage: true });

  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Générer — Compte rendu financier' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toBe(
    'Compte-rendu-financier_2025_DEMO-O2R-BRE-2025-035.docx',
  );
  const file = readFileSync(await download.path());
  expect(file.subarray(0, 2).toString()).toBe('PK');
  const archive = page.getByRole('table', { name: 'Documents générés' });
  const row = archive.getByRole('row').filter({ hasText: download.suggestedFilename() });
  await expect(row).toBeVisible();
  // The archive's fingerprint is the downloaded file's.
  const sha = createHash('sha256').update(file).digest('hex');
  await expect(row).toContainText(`${sha.slice(0, 16)}…`);

  const csv = page.waitForEvent('download');
  await row
    .getByRole('button', { name: `Tableaux de ${download.suggestedFilename()} en CSV` })
    .click();
  const tables = readFileSync(await (await csv).path(), 'utf8');
  expect(tables).toMatch(/64 — Charges de personnel;210\s000,00\s€;215\s175,03\s€/);

  // The bilan final: its narrative parts are empty, the years 2026 and 2027 have no FEC.
  await page.getByText('Bilan final de la CPO', { exact: true }).click();
  await expect(page.getByTestId('report-check')).toContainText('Ce qui manque encore');
  await expect(page.getByTestId('report-check')).toContainText('Bilan de la convention');
  const draft = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Générer un projet — Bilan final de la CPO' }).click();
  expect((await draft).suggestedFilename()).toBe('Bilan-final_DEMO-O2R-BRE-2025-035_PROJET.docx');
  await expect(
    archive
      .getByRole('row')
      .filter({ hasText: 'Bilan-final' })
      .getByText('Projet', { exact: true }),
  ).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'reports-archive.png'), fullPage: true });
});
