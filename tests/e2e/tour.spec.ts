/**
 * Every screen at a laptop's 1366×768 (the config's viewport): a picture of what shows before
 * any scrolling (and of the whole page), and no screen wider than the window — a horizontal
 * scroll bar hides the end of every line. The soft checks list every screen that overflows in
 * one run instead of stopping at the first.
 */
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { expect, openApp, screenshotDir, test } from './fixtures';
import { openSection, type ConventionSectionName } from './pages/ConventionPage';

async function expectNoHorizontalScroll(page: Page, where: string) {
  // A string: the e2e code is type-checked without the DOM's types.
  const { scrollWidth, clientWidth } = await page.evaluate<{
    scrollWidth: number;
    clientWidth: number;
  }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  expect
    .soft(scrollWidth, `${where}: page ${scrollWidth}px wide in a ${clientWidth}px window`)
    .toBeLessThanOrEqual(clientWidth);
}

/** What the user sees first, then the whole page; and the width check. */
async function look(page: Page, file: string, where: string) {
  // Let the data arrive and the layout settle before measuring and taking the picture.
  await expect(page.getByRole('status', { name: 'Chargement' })).toHaveCount(0);
  await page.waitForTimeout(300);
  await expectNoHorizontalScroll(page, where);
  await page.screenshot({ path: join(screenshotDir, `${file}.png`), animations: 'disabled' });
  await page.screenshot({
    path: join(screenshotDir, `${file}-page.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

const sections: [ConventionSectionName, string][] = [
  ['Tableau de bord', '10-tableau-de-bord'],
  ['Identité', '11-identite'],
  ['Volets et territoires', '12-volets'],
  ['Objectifs par année', '13-objectifs'],
  ['Avenants', '14-avenants'],
  ['Personnes', '15-personnes'],
  ['Repérage', '17-reperage'],
  ['Coordination', '18-coordination'],
  ['Réalisations (FEC)', '19-realisations'],
  ['Budget et réalisé', '20-budget'],
  ['Compensation SIEG', '25-compensation'],
  ['Rapports', '26-rapports'],
  ['Données personnelles', '27-donnees-personnelles'],
  ['Historique', '28-historique'],
];

test('tour of every screen at 1366×768: nothing wider than the window (screenshots)', async ({
  page,
  app,
}) => {
  expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
  await openApp(page, app);
  await look(page, '01-accueil', 'accueil');
  await page.getByRole('link', { name: 'Nouvelle convention' }).first().click();
  await expect(page.getByRole('heading', { name: 'Nouvelle convention' })).toBeVisible();
  await look(page, '02-nouvelle-convention', 'nouvelle convention');
  await page.getByRole('link', { name: 'Pilote CPO' }).click();
  await page.getByRole('link', { name: 'Sauvegardes' }).click();
  await expect(page.getByRole('heading', { name: 'Sauvegardes', exact: true })).toBeVisible();
  await look(page, '03-sauvegardes', 'sauvegardes');
  await page.getByRole('link', { name: 'Pilote CPO' }).click();
  await page.getByRole('link', { name: 'À propos' }).click();
  await look(page, '04-a-propos', 'à propos');
  await page.getByRole('link', { name: 'Pilote CPO' }).click();

  // A convention opens on its dashboard, its place marked in the side navigation.
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await expect(page.getByText('Démonstration — données fictives')).toBeVisible();
  await expect(
    page
      .getByRole('navigation', { name: 'Navigation de la convention' })
      .getByRole('link', { name: 'Tableau de bord' }),
  ).toHaveAttribute('aria-current', 'page');

  for (const [name, file] of sections) {
    await openSection(page, name);
    await look(page, file, name);
    if (name === 'Personnes') {
      // A person's file keeps the convention's navigation, « Personnes » current.
      await page
        .getByRole('table', { name: 'Liste des personnes' })
        .getByRole('link')
        .first()
        .click();
      await expect(page.getByRole('heading', { name: /^Dossier / })).toBeVisible();
      await expect(
        page
          .getByRole('navigation', { name: 'Navigation de la convention' })
          .getByRole('link', { name: 'Personnes' }),
      ).toHaveAttribute('aria-current', 'page');
      await look(page, '16-fiche-personne', 'fiche personne');
    }
    if (name === 'Budget et réalisé') {
      // The budget's own parts stay tabs, inside the screen.
      for (const [part, partFile] of [
        ['Correspondance des comptes', '21-budget-correspondance'],
        ['Répartition SIEG', '22-budget-repartition'],
        ['Prévu / réalisé', '23-budget-prevu-realise'],
      ] as const) {
        await page.getByRole('tab', { name: part, exact: true }).click();
        await look(page, partFile, `budget, ${part}`);
      }
    }
  }

  // Dialogs open on their first field, with a visible ring around it.
  await openSection(page, 'Avenants');
  await page.getByRole('button', { name: 'Enregistrer un avenant' }).click();
  const avenant = page.getByRole('dialog', { name: 'Enregistrer un avenant' });
  await expect(avenant.getByRole('textbox', { name: 'Signé le', exact: true })).toBeFocused();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshotDir, '30-avenant-dialogue.png') });
  await page.keyboard.press('Escape');
  await openSection(page, 'Objectifs par année');
  await page.getByRole('button', { name: 'Modifier les cibles signées' }).click();
  await expectNoHorizontalScroll(page, 'objectifs, édition');
  await page.screenshot({ path: join(screenshotDir, '31-objectifs-edition.png') });

  // The first Tab shows « Aller au contenu » above the app bar.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Modifier les cibles signées' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  await page.screenshot({ path: join(screenshotDir, '32-aller-au-contenu.png') });

  await page.keyboard.press('Tab');

  // A narrow window: the navigation folds behind a button in the app bar.
  await page.setViewportSize({ width: 720, height: 768 });
  const nav = page.getByRole('navigation', { name: 'Navigation de la convention' });
  await expect(nav.getByRole('link', { name: 'Rapports' })).not.toBeInViewport();
  await page.getByRole('button', { name: 'Afficher la navigation de la convention' }).click();
  await expect(nav.getByRole('link', { name: 'Rapports' })).toBeInViewport();
  await page.waitForTimeout(400); // the drawer slides in
  await page.screenshot({ path: join(screenshotDir, '33-fenetre-etroite-navigation.png') });
  await nav.getByRole('link', { name: 'Rapports' }).click();
  await expect(nav.getByRole('link', { name: 'Rapports' })).not.toBeInViewport();
  await look(page, '34-fenetre-etroite-rapports', 'fenêtre étroite, rapports');
});
