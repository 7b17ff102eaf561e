/**
 * The history a controller reads: the demo convention's log filtered to one user, a money
 * value shown in euros (not the stored cents), the filtered log exported as CSV, and a
 * document's « Voir l'historique » showing only what was recorded before it was generated.
 * The values checked are the ones this test typed through the API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, expect, openApp, screenshotDir, test, type RunningApp } from './fixtures';
import { openSection } from './pages/ConventionPage';

/** A staff secondment of year 2: logged as a « soutien public » with its amount in cents. */
const support = (app: RunningApp, conventionId: number, funder: string, amountCents: number) =>
  api(app, 'supports.save', {
    conventionId,
    support: { yearIndex: 2, kind: 'staff', funder, amountCents, evidence: '' },
  });

test('history: filter by user, euros not cents, CSV export, a document’s history', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app, 'Camille Durand');
  const [demo] = await api<{ id: number; reference: string }[]>(app, 'conventions.list', {});
  // Typed by Camille: 12 345,67 € stored as 1 234 567 cents.
  await support(app, demo!.id, 'Mairie de Vitré', 1_234_567);

  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await openSection(page, 'Historique');
  const table = page.getByRole('table', { name: 'Historique des modifications' });
  // The demo's own log is signed by the demo author: the unfiltered log holds both.
  await expect(table).toContainText('Pilote CPO (démonstration)');

  await page.getByRole('combobox', { name: 'Utilisateur', exact: true }).click();
  await page.getByRole('option', { name: 'Camille Durand' }).click();
  await expect(table).not.toContainText('Pilote CPO (démonstration)');
  const rows = table.locator('tbody tr');
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < count; i += 1) await expect(rows.nth(i)).toContainText('Camille Durand');
  const amountRow = rows.filter({ hasText: 'montant' });
  await expect(amountRow).toContainText(/12\s345,67\s€/);
  await expect(table).not.toContainText('1234567');
  // The coded kind reads as its French label.
  await expect(table).toContainText('Mise à disposition de personnel');
  await expect(table).not.toContainText('staff');
  await page.screenshot({ path: join(screenshotDir, 'audit-filtered-user.png') });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter en CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('historique-2026-11-30.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFDate;Utilisateur;Action;Élément;')).toBe(true);
  const lines = csv.trimEnd().split('\r\n').slice(1);
  expect(lines).toHaveLength(count);
  for (const line of lines) expect(line.split(';')[1]).toBe('Camille Durand');
  expect(csv).toMatch(/;montant;—;12\s345,67\s€/);

  // A financial document, then a later change: its history stops at its generation.
  await api(app, 'reports.generate', {
    conventionId: demo!.id,
    kind: 'financial',
    yearIndex: 1,
    allowDraft: true,
  });
  await support(app, demo!.id, 'Département après rapport', 777_777);
  await openSection(page, 'Rapports');
  await page
    .getByRole('link', { name: /Voir l'historique des données de/ })
    .first()
    .click();
  await expect(page.getByText(/Historique du document .*\.docx/)).toBeVisible();
  await expect(table).toContainText(/12\s345,67\s€/);
  await expect(table).not.toContainText(/7\s777,77\s€/);
  // A financial document prints no person: their records are not its sources.
  await expect(table.getByRole('cell', { name: /^personne / })).toHaveCount(0);
  await expect(table.getByRole('cell', { name: /^versement / }).first()).toBeVisible();
  const banner = page.getByText(/Historique du document .*\.docx/);
  await banner.scrollIntoViewIfNeeded();
  await page.mouse.wheel(0, -80);
  await page.screenshot({ path: join(screenshotDir, 'audit-document-history.png') });
  await page.getByRole('link', { name: "Voir tout l'historique de la convention" }).click();
  await expect(table).toContainText(/7\s777,77\s€/);
});
