/**
 * People and pathways, clicked through the real UI: a new convention, the operator's
 * follow-up spreadsheet imported through the wizard, the realised indicators against their
 * targets and the records behind them, an action and an exit recorded on a person — and
 * the indicator moving by exactly what was recorded.
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { ConventionForm } from './pages/ConventionForm';
import { ConventionPage } from './pages/ConventionPage';
import { HomePage } from './pages/HomePage';
import { PeopleTab } from './pages/PeopleTab';
import { PersonPage } from './pages/PersonPage';

const fixture = resolve('../shared/fixtures/people/suivi-2025-2026.csv');

/** The whole page from its top (the app bar is fixed: from mid-page it would cover content). */
async function fullPageShot(page: Page, file: string) {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(screenshotDir, file), fullPage: true });
}

/** A convention of 2025–2027 (year 1 = 2025), as a user creates it. */
async function createConvention(page: Page, reference: string) {
  const home = new HomePage(page);
  await home.startNewConvention();
  const form = new ConventionForm(page);
  await form.fill("Nom de l'opérateur", 'Horizons Emploi 35');
  await form.fill('SIRET', '775 672 272 00017');
  await form.fill('Représentant légal', 'Anne Le Du');
  await form.fill('Qualité du représentant', 'Présidente');
  await form.fill('Référence de la convention', reference);
  await form.choose('DREETS', 'Bretagne');
  await form.fillDate('Date de signature', '10/02/2025');
  await form.fillDate('Date de début', '01/01/2025');
  await expect(form.field('Date de fin')).toHaveValue('31/12/2027');
  await form.submit('Créer la convention');
  await expect(page.getByRole('heading', { name: 'Horizons Emploi 35' })).toBeVisible();
  return new ConventionPage(page);
}

test('import the follow-up sheet, see realised against targets, record an exit and see the indicator move', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app);
  const convention = await createConvention(page, 'CPO-O2R-35-2025');
  await convention.setTargets({
    REP_PERSONS: [150, 150, 150],
    ACC_ENTRIES: [80, 90, 90],
    EXIT_POSITIVE_RATE: [60, 60, 60],
  });

  // The import wizard: what the file holds, how it is read, what will be created.
  await convention.openTab('Personnes');
  const people = new PeopleTab(page);
  await expect(page.getByText("Aucune personne pour l'instant")).toBeVisible();
  const wizard = await people.openImport();
  await wizard.chooseFile(fixture);
  await expect(wizard.count('Lignes')).toHaveText('240');
  await expect(wizard.count('À créer')).toHaveText('240');
  await expect(wizard.count('À mettre à jour')).toHaveText('0');
  await expect(wizard.count('Inchangées')).toHaveText('0');
  await expect(wizard.dialog).toContainText('séparateur point-virgule');
  await expect(wizard.dialog.getByText('Aucun problème détecté')).toBeVisible();
  await expect(
    wizard.dialog
      .getByRole('textbox', { name: 'Colonne pour « N° dossier »' })
      .or(wizard.dialog.getByRole('combobox', { name: 'Colonne pour « N° dossier »' })),
  ).toHaveValue('N° dossier');
  // The preview never shows a name: identity cells are masked.
  await expect(wizard.dialog.getByRole('table', { name: /Premières lignes/ })).not.toContainText(
    'Moreau',
  );
  await page.screenshot({ path: join(screenshotDir, 'people-import-preview.png') });
  await wizard.runImport();
  await expect(page.getByText('240 personnes créées')).toBeVisible();

  // The list: 240 people, only the visible rows drawn; search by file number.
  await expect(people.summary()).toHaveText('240 personnes');
  await expect(people.table()).toHaveAttribute('aria-rowcount', '241');
  expect(await people.renderedRows().count()).toBeLessThan(60);
  await expect(people.table()).not.toContainText('Moreau');
  await fullPageShot(page, 'people-list.png');
  await people.search('he-0029');
  await expect(people.summary()).toHaveText('1 personne sur 240');
  await expect(people.table().getByRole('row')).toHaveCount(2);
  await expect(people.table()).toContainText('En accompagnement');
  await people.search('');
  await people.filterStage('Sorti');
  await expect(people.summary()).toHaveText('60 personnes sur 240');

  // Realised against targets: the fixture's 79 entries into accompaniment in 2025.
  await convention.openTab('Objectifs par année');
  await expect(convention.realisedCell('ACC_ENTRIES', 1)).toHaveText('79');
  await expect(convention.targetCell('ACC_ENTRIES', 1)).toHaveText('80');
  await expect(convention.objectiveRow('ACC_ENTRIES').getByRole('cell').nth(1)).toContainText(
    '99 %',
  );
  // 12 positive exits out of 18 in 2025.
  await expect(convention.realisedCell('EXIT_POSITIVE_RATE', 1)).toHaveText('66,67 %');
  await convention.openSection('Tableau de bord');
  // The dashboard's chart of 2025 gives the same figures in its text table.
  await convention.yearSummary(1);
  const entries = page
    .getByRole('table', { name: 'Objectifs 2025 : réalisé / cible' })
    .getByRole('row')
    .filter({ hasText: /^Entrées/ });
  await expect(entries.getByRole('cell').nth(1)).toHaveText('79');
  await expect(entries.getByRole('cell').nth(2)).toHaveText('80');
  await convention.openSection('Objectifs par année');
  const employmentBefore = Number(await convention.realisedCell('EXIT_EMPLOYMENT', 1).innerText());
  await fullPageShot(page, 'people-objectives-realised.png');

  // The records behind the figure: file numbers, never names.
  const drilldown = await convention.openDrilldown('ACC_ENTRIES', 1);
  await expect(drilldown).toContainText('79 enregistrements');
  await expect(drilldown.getByRole('table')).toHaveAttribute('aria-rowcount', '80');
  await expect(drilldown).toContainText('HE-0002');
  await expect(drilldown).not.toContainText('Moreau');
  await page.screenshot({ path: join(screenshotDir, 'people-drilldown.png') });
  await drilldown.getByRole('link', { name: 'HE-0029', exact: true }).click();

  // The person: an action, then the exit (accompanied since 29/04/2025, still in it).
  const person = new PersonPage(page);
  await expect(page.getByRole('heading', { name: 'Dossier HE-0029' })).toBeVisible();
  await expect(page.getByText('En accompagnement', { exact: true })).toBeVisible();
  await expect(person.section('Identité').getByLabel('Nom', { exact: true })).toHaveValue(
    'Bernard',
  );
  await person.addAction({
    type: 'Entretien individuel',
    date: '12/12/2025',
    minutes: 90,
    staff: 'S. Ouali',
  });
  const actions = page.getByRole('table', { name: 'Actions' });
  await expect(actions).toContainText('12/12/2025');
  await expect(actions).toContainText('1 h 30');
  await expect(actions).toContainText('Entretien individuel');
  await fullPageShot(page, 'people-person.png');
  await person.recordExit('15/12/2025', 'Emploi durable (CDI, CDD de 6 mois et plus)');
  await expect(page.getByText('Sorti', { exact: true })).toBeVisible();

  // Back to the objectives: one more exit to employment in 2025, 13 positive out of 19.
  await page.getByRole('link', { name: 'CPO-O2R-35-2025' }).click();
  await convention.openTab('Objectifs par année');
  await expect(convention.realisedCell('EXIT_EMPLOYMENT', 1)).toHaveText(
    String(employmentBefore + 1),
  );
  await expect(convention.realisedCell('EXIT_POSITIVE_RATE', 1)).toHaveText('68,42 %');
  await expect(convention.realisedCell('ACC_ENTRIES', 1)).toHaveText('79');
});

test('a broken file shows the problems, lets them be saved, and imports nothing', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const convention = await createConvention(page, 'CPO-O2R-35-ESSAI');
  await convention.openTab('Personnes');
  const people = new PeopleTab(page);
  const wizard = await people.openImport();
  const broken = [
    'N° dossier;Sexe;Année de naissance;Commune;Date de repérage;Type de sortie',
    'HE-9001;F;1990;Rennes;12/03/2025;',
    'HE-9002;Z;19x0;Rennes;31/02/2025;',
    ';H;1985;Vitré;01/04/2025;',
    'HE-9004;H;1985;Vitré;01/04/2025;Parti en vacances',
  ].join('\r\n');
  await wizard.chooseFile({
    name: 'suivi-casse.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(broken, 'utf8'),
  });
  const issues = wizard.issues();
  await expect(issues).toBeVisible();
  await expect(issues).toContainText('19x0');
  await expect(issues).toContainText('31/02/2025');
  await expect(issues).toContainText('Parti en vacances');
  await expect(issues.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('3');
  await expect(wizard.importButton()).toBeDisabled();

  // Leaving the exit type out of the mapping runs the analysis again, without its problem.
  await wizard.dialog
    .getByRole('textbox', { name: 'Colonne pour « Type de sortie »' })
    .or(wizard.dialog.getByRole('combobox', { name: 'Colonne pour « Type de sortie »' }))
    .click();
  await page.getByRole('option', { name: 'Type de sortie', exact: true }).click();
  await expect(issues).not.toContainText('Parti en vacances');
  await expect(issues).toContainText('19x0');
  await expect(wizard.importButton()).toBeDisabled();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    wizard.dialog.getByRole('button', { name: 'Enregistrer la liste des erreurs (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('erreurs-suivi-casse.csv');
  const csv = await download.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  });
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('Ligne;Colonne;Valeur;Motif');
  expect(lines.length).toBe((await issues.locator('tbody tr').count()) + 1);
  expect(lines.some((line) => line.startsWith('3;') && line.includes('19x0'))).toBe(true);
  await page.screenshot({ path: join(screenshotDir, 'people-import-errors.png') });

  await wizard.dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(wizard.dialog).toBeHidden();
  await expect(page.getByText("Aucune personne pour l'instant")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Aucune personne pour l'instant")).toBeVisible();
});

test('a contact becomes a file, a committee is recorded, and personal data rights are exercised', async ({
  page,
  app,
}) => {
  test.setTimeout(120_000);
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  const convention = new ConventionPage(page);
  const person = new PersonPage(page);

  // Repérage: an anonymous contact, then a file opened from it.
  await convention.openTab('Repérage');
  await person.choose('Canal', 'Maraude');
  await page.getByRole('textbox', { name: 'Lieu ou commune' }).fill('Rennes');
  await page.getByRole('textbox', { name: 'Code INSEE' }).fill('35238');
  await page.getByLabel('Quartier prioritaire (QPV)').check();
  await page.getByRole('textbox', { name: 'Nombre de contacts' }).fill('3');
  await page.getByRole('button', { name: 'Ajouter le contact' }).click();
  await expect(page.getByText('Contact enregistré.')).toBeVisible();
  const log = page.getByRole('table', { name: 'Journal de repérage' });
  const today = new Intl.DateTimeFormat('fr-FR').format(new Date());
  const contact = log.getByRole('row').filter({ hasText: today }).filter({ hasText: 'Maraude' });
  await expect(contact.first()).toContainText('Rennes');
  await contact
    .first()
    .getByRole('button', { name: /Créer un dossier/ })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Créer un dossier à partir du contact' });
  await dialog.getByRole('textbox', { name: 'N° de dossier' }).fill('Jean Dupont');
  await dialog.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(dialog.getByRole('textbox', { name: 'N° de dossier' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await expect(dialog.getByText(/pas de nom/).first()).toBeVisible();
  await dialog.getByRole('textbox', { name: 'N° de dossier' }).fill('HE-0900');
  await dialog.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(page.getByRole('heading', { name: 'Dossier HE-0900' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Date de repérage' })).toHaveValue(today);
  await expect(page.getByRole('textbox', { name: 'Commune de résidence' })).toHaveValue('Rennes');

  // Coordination: a partner, then a committee with it.
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await convention.openTab('Coordination');
  await page.getByRole('button', { name: 'Ajouter un partenaire' }).click();
  const partner = page.getByRole('dialog', { name: 'Nouveau partenaire' });
  await partner
    .getByRole('textbox', { name: 'Nom du partenaire' })
    .fill('Secours populaire de Vitré');
  await person.choose('Type de partenaire', 'Association');
  await partner.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('table', { name: 'Partenaires' })).toContainText(
    'Secours populaire de Vitré',
  );
  await page.getByRole('button', { name: 'Enregistrer une action de coordination' }).click();
  const event = page.getByRole('dialog', { name: 'Nouvelle action de coordination' });
  await person.choose('Nature', "Comité territorial pour l'emploi");
  await event.getByRole('textbox', { name: 'Intitulé' }).fill('CTE de Vitré — novembre');
  await event.getByRole('textbox', { name: 'Décisions' }).fill('Permanence commune en décembre.');
  await event.getByRole('combobox', { name: 'Partenaires présents' }).click();
  await page.getByRole('option', { name: 'Secours populaire de Vitré' }).click();
  await event.getByRole('combobox', { name: 'Partenaires présents' }).press('Tab');
  await event.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(event).toBeHidden();
  const events = page.getByRole('table', { name: 'Actions de coordination' });
  await expect(events.getByRole('row').filter({ hasText: 'CTE de Vitré' })).toContainText(
    'Secours populaire de Vitré',
  );
  // The action is edited in place; its partner cannot be deleted while the action names it.
  await events.getByRole('button', { name: /^Modifier « CTE de Vitré — novembre »/ }).click();
  const edit = page.getByRole('dialog', { name: "Modifier l'action de coordination" });
  await expect(edit.getByRole('textbox', { name: 'Intitulé' })).toHaveValue(
    'CTE de Vitré — novembre',
  );
  await edit.getByRole('textbox', { name: 'Intitulé' }).fill('CTE de Vitré — décembre');
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(edit).toBeHidden();
  await expect(events.getByRole('row').filter({ hasText: 'CTE de Vitré' })).toContainText(
    'CTE de Vitré — décembre',
  );
  await page
    .getByRole('button', { name: 'Supprimer le partenaire Secours populaire de Vitré' })
    .click();
  const removePartner = page.getByRole('dialog', { name: 'Supprimer ce partenaire ?' });
  await removePartner.getByRole('button', { name: 'Supprimer' }).click();
  await expect(removePartner.getByRole('alert')).toContainText('retirez-le de ces actions');
  await removePartner.getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByRole('table', { name: 'Partenaires' })).toContainText(
    'Secours populaire de Vitré',
  );

  // Rights of one person: a copy of their data, then their identity erased.
  await convention.openTab('Personnes');
  await new PeopleTab(page).openPerson('HE-0003');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Exporter les données de la personne' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('donnees-HE-0003.json');
  await page.getByRole('button', { name: "Effacer l'identité (demande de la personne)" }).click();
  const erase = page.getByRole('dialog', { name: "Effacer l'identité du dossier HE-0003 ?" });
  await erase.getByRole('button', { name: "Effacer l'identité" }).click();
  await expect(erase.getByText('Motif de la demande : champ obligatoire.').first()).toBeVisible();
  await erase
    .getByRole('textbox', { name: 'Motif de la demande' })
    .fill('Courrier reçu le 20/11/2026.');
  await erase.getByRole('button', { name: "Effacer l'identité" }).click();
  await expect(erase).toBeHidden();
  await expect(page.getByText(/^Identité effacée le \d\d\/\d\d\/\d{4}/)).toBeVisible();
  await expect(person.section('Identité').getByRole('textbox')).toHaveCount(0);

  // Retention shortened to 12 months: the purge is announced, confirmed, registered.
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await convention.openTab('Données personnelles');
  const retention = page.getByRole('textbox', { name: /Conservation de l'identité/ });
  await expect(retention).toHaveValue('24');
  await retention.fill('12');
  await page.getByRole('button', { name: 'Enregistrer les règles' }).click();
  await expect(page.getByText('Règles enregistrées.')).toBeVisible();
  const announce = page
    .getByText(/identités? (seront|sera) effacées? \(sorties? le \d\d\/\d\d\/\d{4} ou avant\)/)
    .first();
  await expect(announce).toBeVisible();
  await page.getByRole('button', { name: 'Effacer ces identités' }).click();
  await page
    .getByRole('dialog', { name: 'Effacer les identités ?' })
    .getByRole('button', { name: /^Effacer/ })
    .click();
  await expect(page.getByText(/^Aucune identité à effacer aujourd'hui/)).toBeVisible();
  const register = page.getByRole('table', { name: 'Registre des demandes' });
  await expect(register).toContainText('Purge (durée de conservation)');
  await expect(register.getByRole('row').filter({ hasText: 'HE-0003' })).toHaveCount(2);
  await fullPageShot(page, 'people-privacy.png');
});
