/** Automated accessibility checks (axe) on each screen and dialog. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expect, openApp, test } from './fixtures';

const tabs = [
  'Identité',
  'Volets et territoires',
  'Objectifs par année',
  'Avenants',
  'Personnes',
  'Repérage',
  'Coordination',
  'Données personnelles',
  'Réalisations (FEC)',
  'Budget et réalisé',
  'Compensation SIEG',
  'Rapports',
  'Historique',
];

async function checkPage(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(
    serious.map(
      (v) =>
        `${where}: ${v.id} — ${v.help} (${v.nodes
          .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .slice(0, 3)
          .join(', ')})`,
    ),
  ).toEqual([]);
}

test('home, convention tabs and new-convention form have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = (where: string) => checkPage(page, where);
  await check('accueil');
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  for (const tab of tabs) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await check(`convention, onglet ${tab}`);
  }
  await page.getByRole('link', { name: 'Conventions' }).first().click();
  await page.getByRole('link', { name: 'Nouvelle convention' }).click();
  await check('nouvelle convention');
});

test('people screens and their dialogs have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = (where: string) => checkPage(page, where);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await page.getByRole('tab', { name: 'Personnes' }).click();
  await page.getByRole('button', { name: 'Nouvelle personne' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouvelle personne' });
  await expect(dialog).toBeVisible();
  await check('nouvelle personne');
  await dialog.getByRole('textbox', { name: 'N° de dossier' }).fill('A11Y-0001');
  await dialog.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(page.getByRole('heading', { name: 'Dossier A11Y-0001' })).toBeVisible();
  await check('fiche personne');
  // Messages fade out by themselves; close this one so it does not sit under the next dialogs.
  await page.getByRole('button', { name: 'Fermer le message' }).click();
  await expect(page.getByText('Dossier A11Y-0001 créé.')).toBeHidden();
  await page.getByRole('button', { name: "Effacer l'identité (demande de la personne)" }).click();
  await expect(page.getByRole('dialog', { name: /Effacer l'identité/ })).toBeVisible();
  await check("effacement de l'identité");
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Personnes' }).click();
  await expect(page.getByRole('table', { name: 'Liste des personnes' })).toBeVisible();
  await page.getByRole('button', { name: 'Importer un tableau' }).click();
  const wizard = page.getByRole('dialog', { name: 'Importer un tableau de suivi' });
  await expect(wizard).toBeVisible();
  await check("assistant d'import");
  await wizard
    .locator('input[type="file"]')
    .setInputFiles(resolve('../shared/fixtures/people/suivi-2025-2026.csv'));
  await expect(wizard.getByRole('table', { name: 'Correspondance des colonnes' })).toBeVisible();
  await check("assistant d'import, aperçu");
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Objectifs par année' }).click();
  await page
    .getByRole('table', { name: 'Objectifs par année' })
    .getByRole('row')
    .filter({ hasText: 'REP_PERSONS' })
    .getByTestId('realised')
    .first()
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('détail du réalisé');
});

test('FEC preview, refusal and lines dialog have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = (where: string) => checkPage(page, where);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await page.getByRole('tab', { name: 'Réalisations (FEC)' }).click();
  const file = page.locator('input[type="file"]');
  await file.setInputFiles(resolve('../shared/fixtures/fec/malformed/unbalanced-entry.txt'));
  await expect(page.getByRole('table', { name: 'Erreurs du fichier FEC' })).toBeVisible();
  await check('FEC refusé');
  await page.getByRole('button', { name: 'Retirer le fichier' }).click();
  // The demo holds its 2025 FEC already: the 2026 one is new to it.
  await file.setInputFiles(resolve('../shared/fixtures/fec/123456789FEC20261231.txt'));
  await expect(page.getByTestId('fec-preview')).toBeVisible();
  await check('aperçu du FEC');
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await page.getByRole('button', { name: 'Fermer le message' }).click();
  const history = page.getByRole('table', { name: 'Imports des FEC' });
  await history
    .getByRole('button', { name: /^Produits/ })
    .first()
    .click();
  await expect(page.getByRole('table', { name: 'Lignes du FEC' })).toBeVisible();
  await check('lignes du FEC');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Budget et réalisé' }).click();
  for (const section of [
    'Budget prévisionnel',
    'Correspondance des comptes',
    'Répartition SIEG',
    'Prévu / réalisé',
  ]) {
    await page.getByRole('tab', { name: section, exact: true }).click();
    await expect(page.getByRole('tab', { name: section, exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByRole('heading', { level: 3 }).first()).toBeVisible();
    await check(`budget et réalisé, ${section}`);
  }
  await page.getByTestId('vs-row-64').getByTestId('actual').click();
  await expect(
    page.getByRole('dialog').getByRole('table', { name: 'Lignes du FEC' }),
  ).toBeVisible();
  await check('budget, lignes du FEC');
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Répartition SIEG', exact: true }).click();
  await page.getByRole('button', { name: 'Ajouter une clé' }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Nouvelle clé de répartition' });
  await keyDialog.getByRole('textbox', { name: 'Quantité du SIEG' }).fill('10');
  await keyDialog.getByRole('button', { name: 'Enregistrer la clé' }).click();
  await expect(keyDialog.getByRole('alert')).toBeVisible();
  await check('nouvelle clé de répartition, erreurs');
});

test('compensation explanations and the payment dialog have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = (where: string) => checkPage(page, where);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await page.getByRole('tab', { name: 'Compensation SIEG' }).click();
  await page.getByRole('button', { name: /^Surcompensation Toute la CPO/ }).click();
  await expect(page.getByRole('table', { name: 'Années du contrôle' })).toBeVisible();
  await check('surcompensation, détail');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^K — coûts du SIEG, Année 1/ })
    .click();
  await expect(page.getByRole('table', { name: 'Coûts du SIEG par ligne' })).toBeVisible();
  await check('K, détail');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Ajouter un versement' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('nouveau versement');
});
