/**
 * The spreadsheets operators keep, imported through the one wizard (page model
 * pages/ImportWizard.ts): the outreach log, the coordination actions, the six-month
 * follow-ups, the barriers, and the people sheet imported again. Each file is read,
 * previewed with the counts the plan computed (to create, to update, unchanged), imported
 * whole; a file with errors names them by line and column and imports nothing.
 * Screens are reached by URL, whatever the convention's navigation looks like.
 */
import { join, resolve } from 'node:path';
import { validConvention } from '../fixtures/conventionInput';
import { LOG_FILE_NUMBERS, logPersonInput } from '../fixtures/imports/logPeople';
import type { Page } from '@playwright/test';
import {
  api,
  createConventionViaApi,
  expect,
  openApp,
  screenshotDir,
  test,
  type RunningApp,
} from './fixtures';
import { ImportWizard, type WizardFile } from './pages/ImportWizard';

const fixture = (name: string) => resolve('tests/fixtures/imports', name);

/** The app open on the home screen, and a new convention of that reference, made by the API. */
async function freshConvention(page: Page, app: RunningApp, reference: string) {
  await openApp(page, app);
  return createConventionViaApi(app, validConvention({ reference }));
}

test('the outreach log is previewed and imported; a broken log names its errors and adds nothing', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const conventionId = await freshConvention(page, app, 'CPO-O2R-35-REP');
  // The two non-anonymous rows of the log name these files.
  for (const fileNumber of LOG_FILE_NUMBERS) {
    await api(app, 'people.create', logPersonInput(conventionId, fileNumber));
  }
  const preview = (file: WizardFile) =>
    ImportWizard.preview(page, app.origin, conventionId, 'outreach', file);

  // A broken log first: every problem named by line and column, nothing imported.
  let wizard = await preview(fixture('journal-reperage-erreurs.csv'));
  await wizard.expectIssues([
    { line: 3, column: 'Date' },
    { line: 5, column: 'Canal' },
    { line: 6, column: 'Nombre de personnes rencontrées' },
  ]);
  await expect(wizard.issues()).toContainText('31/02/2026');
  await expect(wizard.issues()).toContainText('Porte à porte');
  await expect(wizard.issues()).toContainText('trois');
  await expect(wizard.importButton()).toBeDisabled();
  const download = await wizard.saveIssues();
  expect(download.suggestedFilename()).toBe('erreurs-journal-reperage-erreurs.csv');
  await page.screenshot({ path: join(screenshotDir, 'outreach-import-errors.png') });
  await wizard.cancel();
  await expect(page.getByText(/^0\sligne, 0\scontact$/)).toBeVisible();

  // The good log: 8 rows, 34 contacts (tests/fixtures/imports/README.md). A log only grows:
  // no « À mettre à jour ».
  wizard = await preview(fixture('journal-reperage.csv'));
  await wizard.expectCounts({ Lignes: 8, 'À créer': 8, 'Déjà enregistrées': 0 });
  await expect(wizard.dialog).toContainText('encodage windows-1252');
  await expect(wizard.noProblem()).toBeVisible();
  await expect(wizard.sample()).toContainText('Maraude');
  await page.screenshot({ path: join(screenshotDir, 'outreach-import-preview.png') });
  await wizard.runImport();
  await expect(page.getByText(/8\slignes ajoutées au journal/)).toBeVisible();
  await expect(page.getByText(/^8\slignes, 34\scontacts$/)).toBeVisible();

  // The mapping is remembered, and the same log again adds nothing.
  wizard = await preview(fixture('journal-reperage.csv'));
  await wizard.expectCounts({ Lignes: 8, 'À créer': 0, 'Déjà enregistrées': 8 });
  await wizard.cancel();
});

test('coordination actions are imported through the wizard with their partners, once', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const conventionId = await freshConvention(page, app, 'CPO-O2R-35-COO');
  // The fixture names these three partners (tests/fixtures/imports/README.md).
  for (const [name, type] of [
    ['France Travail', 'france_travail'],
    ['Mission locale', 'mission_locale'],
    ['CMP Rennes', 'health'],
  ] as const) {
    await api(app, 'partners.save', { conventionId, partner: { name, type, commune: '' } });
  }
  const preview = (file: WizardFile) =>
    ImportWizard.preview(page, app.origin, conventionId, 'coordination', file);
  let wizard = await preview(fixture('coordination.csv'));
  await wizard.expectCounts({ Lignes: 4, 'À créer': 4, 'Déjà enregistrées': 0 });
  await expect(wizard.noProblem()).toBeVisible();
  await wizard.runImport();
  await expect(page.getByText(/4\sactions ajoutées/)).toBeVisible();
  await expect(page.getByText('Comité de pilotage n°1')).toBeVisible();

  wizard = await preview(fixture('coordination.csv'));
  await wizard.expectCounts({ Lignes: 4, 'À créer': 0, 'Déjà enregistrées': 4 });
  await wizard.cancel();
});

test('six-month follow-ups are imported from the people screen; an unknown file is named', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const conventionId = await freshConvention(page, app, 'CPO-O2R-35-SUI');
  // As tests/integration/followUpImport.test.ts: S-001, S-002 have left; S-003 has not.
  for (const [fileNumber, exitDate] of [
    ['S-001', '2025-12-15'],
    ['S-002', '2026-01-10'],
    ['S-003', null],
  ] as const) {
    await api(app, 'people.create', {
      ...logPersonInput(conventionId, fileNumber),
      pathway: exitDate
        ? {
            identifiedOn: '2025-03-01',
            accompanimentStart: '2025-04-01',
            exitDate,
            exitType: 'employment_durable',
          }
        : { identifiedOn: '2025-03-01' },
    });
  }
  const preview = (file: WizardFile) =>
    ImportWizard.preview(page, app.origin, conventionId, 'followUps', file);
  let wizard = await preview(fixture('suivis-6-mois-erreurs.csv'));
  await wizard.expectIssues([
    { line: 3, column: 'N° dossier' },
    { line: 4, column: 'N° dossier' },
    { line: 5, column: 'Date du suivi' },
  ]);
  await expect(wizard.issues()).toContainText('S-009');
  await expect(wizard.importButton()).toBeDisabled();
  await wizard.cancel();

  wizard = await preview(fixture('suivis-6-mois.csv'));
  await wizard.expectCounts({ Lignes: 2, 'À créer': 2, 'À mettre à jour': 0, Inchangées: 0 });
  await expect(wizard.noProblem()).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'follow-up-import-preview.png') });
  await wizard.runImport();
  await expect(page.getByText(/2\ssuivis enregistrés/)).toBeVisible();

  wizard = await preview(fixture('suivis-6-mois.csv'));
  await wizard.expectCounts({ Lignes: 2, 'À créer': 0, 'À mettre à jour': 0, Inchangées: 2 });
  // S-001's situation changed since: that row updates, the other is unchanged.
  await wizard.chooseFile({
    name: 'suivis-modifies.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      'N° dossier;Date du suivi;Situation à 6 mois\r\nS-001;15/06/2026;En formation\r\nS-002;10/07/2026;formation\r\n',
    ),
  });
  await wizard.expectCounts({ Lignes: 2, 'À créer': 0, 'À mettre à jour': 1, Inchangées: 1 });
  await wizard.runImport();
  await expect(page.getByText(/1\smis à jour/)).toBeVisible();
});

test('barriers are imported, their lifted dates filled in by a later import, conflicts refused', async ({
  page,
  app,
}) => {
  test.setTimeout(150_000);
  const conventionId = await freshConvention(page, app, 'CPO-O2R-35-FRE');
  // The people the barrier fixtures name (tests/fixtures/imports/README.md).
  const ids: Record<string, number> = {};
  for (const fileNumber of ['F-001', 'F-002', 'F-003']) {
    const { id } = await api<{ id: number }>(app, 'people.create', {
      ...logPersonInput(conventionId, fileNumber),
      pathway: { identifiedOn: '2026-03-01' },
    });
    ids[fileNumber] = id;
  }
  const preview = (file: WizardFile) =>
    ImportWizard.preview(page, app.origin, conventionId, 'barriers', file);

  let wizard = await preview(fixture('freins.csv'));
  await wizard.expectCounts({ Lignes: 4, 'À créer': 4, 'À mettre à jour': 0, Inchangées: 0 });
  await expect(wizard.noProblem()).toBeVisible();
  // Every column guessed from its header, the types read as the app names them.
  const liftedColumn = 'Colonne pour « Levé le »';
  await expect(
    wizard.dialog
      .getByRole('textbox', { name: liftedColumn })
      .or(wizard.dialog.getByRole('combobox', { name: liftedColumn })),
  ).toHaveValue('Levé le');
  await expect(wizard.sample()).toContainText("Garde d'enfants");
  await wizard.runImport();
  await expect(page.getByText(/4\sfreins ajoutés/)).toBeVisible();

  // The same sheet, « Levé le » filled in since and one row added: the preview says so.
  wizard = await preview(fixture('freins-leves.csv'));
  await wizard.expectCounts({ Lignes: 5, 'À créer': 1, 'À mettre à jour': 2, Inchangées: 2 });
  await page.screenshot({ path: join(screenshotDir, 'barriers-import-update.png') });
  await wizard.runImport();
  await expect(
    page.getByText(/1\sfrein ajouté, 2\slevées enregistrées, 2\sinchangés/),
  ).toBeVisible();

  // A sheet that contradicts what is recorded: every line named, nothing imported.
  wizard = await preview(fixture('freins-erreurs.csv'));
  await wizard.expectIssues([
    { line: 2, column: 'Levé le' },
    { line: 3, column: 'Levé le' },
    { line: 4, column: 'Levé le' },
    { line: 5, column: 'N° dossier' },
    { line: 6, column: 'Type de frein' },
    { line: 7, column: 'Identifié le' },
  ]);
  await expect(wizard.issues()).toContainText('déjà enregistré levé le 20/06/2026');
  await expect(wizard.importButton()).toBeDisabled();
  expect((await wizard.saveIssues()).suggestedFilename()).toBe('erreurs-freins-erreurs.csv');
  await page.screenshot({ path: join(screenshotDir, 'barriers-import-errors.png') });
  await wizard.cancel();

  // The person's page shows the lifted date the second file brought, and not the refused one.
  await page.goto(`${app.origin}/#/conventions/${conventionId}/personnes/${ids['F-001']}`);
  const barriers = page.getByRole('table', { name: 'Freins' });
  await expect(barriers.getByRole('row').filter({ hasText: 'Logement' })).toContainText(
    '20/06/2026',
  );
  await expect(barriers).not.toContainText('25/06/2026');
});

test('the people sheet imported again counts what it updates and what it leaves', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  const conventionId = await freshConvention(page, app, 'CPO-O2R-35-PER');
  const sheet = (commune: string) => ({
    name: 'suivi.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      `N° dossier;Sexe;Commune;Date de repérage\r\nP-001;F;${commune};01/03/2026\r\nP-002;H;Rennes;02/03/2026\r\n`,
    ),
  });
  let wizard = await ImportWizard.preview(
    page,
    app.origin,
    conventionId,
    'people',
    sheet('Rennes'),
  );
  await wizard.expectCounts({ Lignes: 2, 'À créer': 2, 'À mettre à jour': 0, Inchangées: 0 });
  await wizard.runImport();

  // P-001 moved to Bruz: one update, one unchanged — the figures the import then reports.
  wizard = await ImportWizard.preview(page, app.origin, conventionId, 'people', sheet('Bruz'));
  await wizard.expectCounts({ Lignes: 2, 'À créer': 0, 'À mettre à jour': 1, Inchangées: 1 });
  await wizard.runImport();
  await expect(page.getByText(/0\spersonne créée, 1\smise à jour, 1\sinchangée/)).toBeVisible();
});
