/**
 * Moving a convention through a `.pilotecpo` file, in the browser: exported from its
 * identity screen (identities left out, as by default), imported again from the home page.
 * Its reference is already there, so the preview offers only « Importer comme nouvelle
 * convention » under a suffixed reference; both conventions are then listed on the home.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { api, expect, openApp, screenshotDir, test } from './fixtures';

const REFERENCE = 'DEMO-O2R-BRE-2025-035';

test('the demo exported from its identity screen comes back as a new convention', async ({
  page,
  app,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'pilote-cpo-transfer-'));
  try {
    await openApp(page, app);
    const [demo] = await api<{ id: number; reference: string }[]>(app, 'conventions.list', {});
    expect(demo?.reference).toBe(REFERENCE);
    // By URL: the way to a convention screen does not depend on the navigation's layout.
    await page.goto(`${app.origin}/#/conventions/${demo!.id}/identite`);
    const section = page.getByRole('region', { name: 'Exporter la convention' });
    const identities = section.getByRole('checkbox', { name: /Inclure l'identité des personnes/ });
    await expect(identities).not.toBeChecked();
    await identities.check();
    await expect(section.getByText('Données personnelles')).toBeVisible();
    await section.screenshot({ path: join(screenshotDir, 'transfer-export.png') });
    await identities.uncheck();
    const downloading = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Exporter la convention (.pilotecpo)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`convention-${REFERENCE}-2026-11-30.pilotecpo`);
    const file = join(folder, download.suggestedFilename());
    await download.saveAs(file);

    await page.goto(`${app.origin}/#/`);
    await page.getByRole('button', { name: 'Importer une convention' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importer une convention' });
    await dialog.locator('input[type="file"]').setInputFiles(file);
    const summary = dialog.getByRole('table', { name: 'Convention du fichier' });
    await expect(summary).toContainText(REFERENCE);
    await expect(summary).toContainText('Horizons Emploi 35');
    await expect(summary).toContainText('années 2025, 2026, 2027');
    await expect(summary).toContainText(`Importée sous la référence${REFERENCE} (importée)`);
    await expect(summary).toContainText('Identités des personnesNon incluses');
    await expect(summary).toContainText('par Camille Durand');
    await expect(dialog.getByText(/Identités non incluses : \d+ personne/)).toBeVisible();
    const contents = dialog.getByRole('table', { name: 'Contenu du fichier' });
    await expect(
      contents.getByRole('row', { name: /^Lignes comptables conservées/ }),
    ).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Importer', exact: true })).toHaveCount(0);
    await page.screenshot({ path: join(screenshotDir, 'transfer-preview.png') });
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
    await contents.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'transfer-preview-contents.png') });
    await dialog.getByRole('button', { name: 'Importer comme nouvelle convention' }).click();
    await expect(dialog).toBeHidden();

    const list = page.getByRole('table', { name: 'Liste des conventions' });
    await expect(list.getByRole('link', { name: REFERENCE, exact: true })).toBeVisible();
    const copy = list.getByRole('link', { name: `${REFERENCE} (importée)` });
    await expect(copy).toBeVisible();
    // Both running on the e2e day, in their second year, with the 2026 report ahead.
    await expect(list.getByText('En cours', { exact: true })).toHaveCount(2);
    await expect(list.getByText('Année 2 (2026)', { exact: true })).toHaveCount(2);
    await page.screenshot({ path: join(screenshotDir, 'transfer-home.png'), fullPage: true });
    await copy.click();
    await expect(page.getByText(`Convention ${REFERENCE} (importée)`)).toBeVisible();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a file that is not a convention is refused in French, nothing imported', async ({
  page,
  app,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'pilote-cpo-transfer-'));
  try {
    await openApp(page, app);
    const file = join(folder, 'suivi.pilotecpo');
    writeFileSync(file, 'N° dossier;Nom\nHE-1;Moreau\n');
    await page.getByRole('button', { name: 'Importer une convention' }).click();
    const dialog = page.getByRole('dialog', { name: 'Importer une convention' });
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await expect(dialog.getByRole('alert')).toContainText(
      "Ce fichier n'est pas une convention exportée par Pilote CPO",
    );
    await expect(dialog.getByRole('button', { name: 'Importer', exact: true })).toBeDisabled();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    expect(await api<unknown[]>(app, 'conventions.list', {})).toHaveLength(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
