/**
 * The outreach log kept in Excel, imported through the same wizard as the people: the file
 * is read, previewed, imported whole; a file with errors names them and imports nothing.
 */
import { join, resolve } from 'node:path';
import { validConvention } from '../fixtures/conventionInput';
import { LOG_FILE_NUMBERS, logPersonInput } from '../fixtures/imports/logPeople';
import { api, createConventionViaApi, expect, openApp, screenshotDir, test } from './fixtures';
import { ConventionPage } from './pages/ConventionPage';
import { ImportWizard } from './pages/PeopleTab';

const log = resolve('tests/fixtures/imports/journal-reperage.csv');
const logWithErrors = resolve('tests/fixtures/imports/journal-reperage-erreurs.csv');

test('the outreach log is previewed and imported; a broken log names its errors and adds nothing', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app);
  const conventionId = await createConventionViaApi(
    app,
    validConvention({ reference: 'CPO-O2R-35-REP' }),
  );
  // The two non-anonymous rows of the log name these files.
  for (const fileNumber of LOG_FILE_NUMBERS) {
    await api(app, 'people.create', logPersonInput(conventionId, fileNumber));
  }
  await page.goto(`${app.origin}/#/conventions/${conventionId}`);
  await new ConventionPage(page).openTab('Repérage');

  const open = async () => {
    await page.getByRole('button', { name: 'Importer un journal' }).click();
    const wizard = new ImportWizard(
      page,
      page.getByRole('dialog', { name: 'Importer un journal de repérage' }),
    );
    await expect(wizard.dialog).toBeVisible();
    return wizard;
  };

  // A broken log first: every problem named by line and column, nothing imported.
  let wizard = await open();
  await wizard.chooseFile(logWithErrors);
  const issues = wizard.issues();
  await expect(issues).toBeVisible();
  await expect(issues).toContainText('31/02/2026');
  await expect(issues).toContainText('Porte à porte');
  await expect(issues).toContainText('trois');
  await expect(issues.getByRole('row').nth(1).getByRole('cell').nth(0)).toHaveText('3');
  await expect(issues.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('Date');
  await expect(wizard.importButton()).toBeDisabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    wizard.dialog.getByRole('button', { name: 'Enregistrer la liste des erreurs (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('erreurs-journal-reperage-erreurs.csv');
  await page.screenshot({ path: join(screenshotDir, 'outreach-import-errors.png') });
  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(wizard.dialog).toBeHidden();
  await expect(page.getByText(/^0\sligne, 0\scontact$/)).toBeVisible();

  // The good log: 8 rows, 34 contacts (tests/fixtures/imports/README.md).
  wizard = await open();
  await wizard.chooseFile(log);
  await expect(wizard.count('Lignes')).toHaveText('8');
  await expect(wizard.count('À créer')).toHaveText('8');
  await expect(wizard.count('Déjà enregistrées')).toHaveText('0');
  await expect(wizard.dialog.getByText('À mettre à jour')).toHaveCount(0);
  await expect(wizard.dialog).toContainText('encodage windows-1252');
  await expect(wizard.dialog.getByText('Aucun problème détecté')).toBeVisible();
  await expect(wizard.dialog.getByRole('table', { name: /Premières lignes/ })).toContainText(
    'Maraude',
  );
  await page.screenshot({ path: join(screenshotDir, 'outreach-import-preview.png') });
  await wizard.runImport();
  await expect(page.getByText(/8\slignes ajoutées au journal/)).toBeVisible();
  await expect(page.getByText(/^8\slignes, 34\scontacts$/)).toBeVisible();

  // The mapping is remembered, and the same log again adds nothing.
  wizard = await open();
  await wizard.chooseFile(log);
  await expect(wizard.count('Déjà enregistrées')).toHaveText('8');
  await expect(wizard.count('À créer')).toHaveText('0');
  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();
});

test('coordination actions are imported through the wizard with their partners, once', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app);
  const conventionId = await createConventionViaApi(
    app,
    validConvention({ reference: 'CPO-O2R-35-COO' }),
  );
  // The fixture names these three partners (tests/fixtures/imports/README.md).
  for (const [name, type] of [
    ['France Travail', 'france_travail'],
    ['Mission locale', 'mission_locale'],
    ['CMP Rennes', 'health'],
  ] as const) {
    await api(app, 'partners.save', { conventionId, partner: { name, type, commune: '' } });
  }
  await page.goto(`${app.origin}/#/conventions/${conventionId}`);
  await new ConventionPage(page).openTab('Coordination');
  const open = async () => {
    await page.getByRole('button', { name: 'Importer des actions' }).click();
    const wizard = new ImportWizard(
      page,
      page.getByRole('dialog', { name: 'Importer des actions de coordination' }),
    );
    await expect(wizard.dialog).toBeVisible();
    return wizard;
  };
  let wizard = await open();
  await wizard.chooseFile(resolve('tests/fixtures/imports/coordination.csv'));
  await expect(wizard.count('Lignes')).toHaveText('4');
  await expect(wizard.count('À créer')).toHaveText('4');
  await expect(wizard.dialog.getByText('Aucun problème détecté')).toBeVisible();
  await wizard.runImport();
  await expect(page.getByText(/4\sactions ajoutées/)).toBeVisible();
  await expect(page.getByText('Comité de pilotage n°1')).toBeVisible();

  wizard = await open();
  await wizard.chooseFile(resolve('tests/fixtures/imports/coordination.csv'));
  await expect(wizard.count('Déjà enregistrées')).toHaveText('4');
  await expect(wizard.count('À créer')).toHaveText('0');
  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();
});

test('six-month follow-ups are imported from the Personnes tab; an unknown file is named', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app);
  const conventionId = await createConventionViaApi(
    app,
    validConvention({ reference: 'CPO-O2R-35-SUI' }),
  );
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
  await page.goto(`${app.origin}/#/conventions/${conventionId}`);
  await new ConventionPage(page).openTab('Personnes');
  const open = async () => {
    await page.getByRole('button', { name: 'Importer des suivis' }).click();
    const wizard = new ImportWizard(
      page,
      page.getByRole('dialog', { name: 'Importer des suivis à 6 mois' }),
    );
    await expect(wizard.dialog).toBeVisible();
    return wizard;
  };
  let wizard = await open();
  await wizard.chooseFile(resolve('tests/fixtures/imports/suivis-6-mois-erreurs.csv'));
  const issues = wizard.issues();
  await expect(issues).toContainText('S-009');
  await expect(issues.getByRole('row').nth(1).getByRole('cell').nth(0)).toHaveText('3');
  await expect(issues.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('N° dossier');
  await expect(wizard.importButton()).toBeDisabled();
  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();

  wizard = await open();
  await wizard.chooseFile(resolve('tests/fixtures/imports/suivis-6-mois.csv'));
  await expect(wizard.count('Lignes')).toHaveText('2');
  await expect(wizard.dialog.getByText('Aucun problème détecté')).toBeVisible();
  await page.screenshot({ path: join(screenshotDir, 'follow-up-import-preview.png') });
  await wizard.runImport();
  await expect(page.getByText(/2\ssuivis enregistrés/)).toBeVisible();

  wizard = await open();
  await wizard.chooseFile(resolve('tests/fixtures/imports/suivis-6-mois.csv'));
  await expect(wizard.count('Déjà enregistrées')).toHaveText('2');
  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();
});
