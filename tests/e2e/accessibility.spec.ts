/** Automated accessibility checks (axe) on each screen and dialog, and keyboard use. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { resolve } from 'node:path';
import { expect, openApp, test } from './fixtures';
import { openSection, type ConventionSectionName } from './pages/ConventionPage';

const sections: ConventionSectionName[] = [
  'Tableau de bord',
  'Identité',
  'Volets et territoires',
  'Objectifs par année',
  'Avenants',
  'Personnes',
  'Repérage',
  'Coordination',
  'Réalisations (FEC)',
  'Budget et réalisé',
  'Compensation SIEG',
  'Rapports',
  'Données personnelles',
  'Historique',
];

/**
 * The page's regions (axe's best-practice rules, outside the WCAG tags): one main, one
 * banner, named navigations, all content inside a landmark — what lets a screen reader jump
 * from the navigation to the content. Held at impact moderate and above.
 */
const landmarkRules = [
  'region',
  'bypass',
  'landmark-one-main',
  'landmark-unique',
  'landmark-no-duplicate-main',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo',
  'landmark-main-is-top-level',
  'landmark-banner-is-top-level',
  'landmark-complementary-is-top-level',
  'landmark-contentinfo-is-top-level',
];

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

const describe = (where: string, violations: Violation[]) =>
  violations.map(
    (v) =>
      `${where}: ${v.id} — ${v.help} (${v.nodes
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
        .slice(0, 3)
        .join(', ')})`,
  );

const wcag = ['wcag2a', 'wcag2aa'];
const atLeast = (v: Violation, impacts: string[]) => impacts.includes(v.impact ?? '');

/**
 * One axe pass: WCAG A/AA held at serious and above, the landmark rules (best practice) at
 * moderate and above.
 */
async function checkPage(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags([...wcag, 'best-practice']).analyze();
  const failing = results.violations.filter(
    (v) =>
      (v.tags.some((tag) => wcag.includes(tag)) && atLeast(v, ['serious', 'critical'])) ||
      (landmarkRules.includes(v.id) && atLeast(v, ['moderate', 'serious', 'critical'])),
  );
  // Soft: one run lists every screen's violations, not only the first screen's.
  expect.soft(describe(where, failing)).toEqual([]);
}

// Two dozen axe passes on a shared two-core machine: more than the default minute.
test.describe.configure({ timeout: 150_000 });

test('home, convention tabs and new-convention form have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = (where: string) => checkPage(page, where);
  await check('accueil');
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  for (const section of sections) {
    await openSection(page, section);
    await check(`convention, ${section}`);
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
  await openSection(page, 'Personnes');
  await page.getByRole('button', { name: 'Nouvelle personne' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouvelle personne' });
  await expect(dialog).toBeVisible();
  await check('nouvelle personne');
  await dialog.getByRole('textbox', { name: 'N° de dossier' }).fill('A11Y-0001');
  await dialog.getByRole('button', { name: 'Créer le dossier' }).click();
  await expect(page.getByRole('heading', { name: 'Dossier A11Y-0001' })).toBeVisible();
  await check('fiche personne');
  // Messages fade out by themselves; close this one so it does not sit under the next dialogs.
  // (It may already have faded while axe ran.)
  await page
    .getByRole('button', { name: 'Fermer le message' })
    .click({ timeout: 2_000 })
    .catch(() => undefined);
  await expect(page.getByText('Dossier A11Y-0001 créé.')).toBeHidden();
  await page.getByRole('button', { name: "Effacer l'identité (demande de la personne)" }).click();
  await expect(page.getByRole('dialog', { name: /Effacer l'identité/ })).toBeVisible();
  await check("effacement de l'identité");
  await page.keyboard.press('Escape');

  await openSection(page, 'Personnes');
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

  await openSection(page, 'Objectifs par année');
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
  await openSection(page, 'Réalisations (FEC)');
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

  await openSection(page, 'Budget et réalisé');
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
  await openSection(page, 'Compensation SIEG');
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

test('keyboard: skip link first, one main, a visible ring, dialogs open on their first field', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  await page.getByRole('link', { name: 'DEMO-O2R-BRE-2025-035' }).click();
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Navigation de la convention' })).toBeVisible();

  // The first Tab reaches « Aller au contenu », shown on screen; Enter lands in the content.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Navigation de la convention' })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The route did not change: the link moves the focus, it is not a route.
  await expect(page).toHaveURL(/#\/conventions\/\d+$/);

  // The next Tab goes on into the screen, not back to the app bar.
  await page.keyboard.press('Tab');
  // (Strings: the e2e code is type-checked without the DOM's types.)
  const inMain = await page.evaluate<boolean>(
    "document.querySelector('main').contains(document.activeElement)",
  );
  expect(inMain).toBe(true);

  // A field with the focus has a ring of 2px or more, set off from its border.
  await openSection(page, 'Personnes');
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.focus();
  const ring = await page.evaluate<{ style: string; width: string; offset: string }>(`(() => {
    const style = getComputedStyle(document.activeElement);
    return { style: style.outlineStyle, width: style.outlineWidth, offset: style.outlineOffset };
  })()`);
  expect(ring.style).toBe('solid');
  expect(parseFloat(ring.width)).toBeGreaterThanOrEqual(2);
  expect(parseFloat(ring.offset)).toBeGreaterThanOrEqual(1);

  // A dialog opens on its first field, not on its close button.
  await page.getByRole('button', { name: 'Nouvelle personne' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouvelle personne' });
  await expect(dialog.getByRole('textbox', { name: 'N° de dossier' })).toBeFocused();
  await page.keyboard.press('Escape');
  // The same through FormModal (a payment).
  await openSection(page, 'Compensation SIEG');
  await page.getByRole('button', { name: 'Ajouter un versement' }).click();
  const payment = page.getByRole('dialog');
  await expect(payment).toBeVisible();
  const focused = await page.evaluate<{ inside: boolean; isFirstField: boolean }>(`(() => {
    const dialog = document.querySelector('[role="dialog"]');
    const first = dialog.querySelector('input:not([type="hidden"]), textarea');
    return { inside: dialog.contains(document.activeElement), isFirstField: document.activeElement === first };
  })()`);
  expect(focused).toEqual({ inside: true, isFirstField: true });
});
