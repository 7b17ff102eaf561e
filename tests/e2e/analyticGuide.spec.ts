/**
 * The analytic guide, clicked through the real UI: the 2025 fixture FEC has no analytic
 * column; after its import the FEC tab says what to do next and leads to « Répartition
 * SIEG » of year 1, where each CERFA row gets a proposal the user confirms (the State's O2R
 * line → SIEG, staff → general costs shared by a key). Then year 2 takes year 1's key in
 * one action, its evidence flagged « à mettre à jour ».
 */
import { join, resolve } from 'node:path';
import { validConvention } from '../fixtures/conventionInput';
import { createConventionViaApi, expect, openApp, screenshotDir, test } from './fixtures';
import { BudgetTab } from './pages/BudgetTab';
import { FecTab } from './pages/FecTab';

const fec2025 = resolve('../shared/fixtures/fec/123456789FEC20251231.txt');
const O2R = '74 — État : contribution O2R (DREETS)';
const STAFF = '64 — Charges de personnel';

test('an uncoded FEC leads to the analytic axis, and keys copy to the next year', async ({
  page,
  app,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app);
  const id = await createConventionViaApi(
    app,
    validConvention({
      reference: 'CPO-O2R-35-GUIDE',
      stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: 18_000_000 })),
    }),
  );
  // The funders of 741000 mapped beforehand (the mapping screen has its own test).
  const response = await fetch(`${app.origin}/api/call/mapping.setMany`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify({
      conventionId: id,
      chartVersion: 'ANC_2022_06',
      rules: [
        { prefix: '741000', auxiliary: 'DREETS', row: '74_state_o2r' },
        { prefix: '741000', auxiliary: 'CD35', row: '74_department' },
        { prefix: '741000', auxiliary: 'FSE', row: '74_eu' },
        { prefix: '741000', auxiliary: 'VILLE', row: '74_commune' },
      ],
    }),
  });
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true);

  await page.goto(`${app.origin}/#/conventions/${id}`);
  const fec = new FecTab(page);
  await fec.open();
  await fec.choose(fec2025);
  await fec.importButton().click();
  await expect(page.getByText(/326\slignes importées/)).toBeVisible();
  const budget = new BudgetTab(page);
  await budget.closeMessages();

  // The next step, in plain French, with the way there.
  const next = page.getByTestId('analytic-next-step');
  await expect(next).toContainText(
    "Ces écritures n'ont pas de code analytique : indiquez quelles lignes relèvent du SIEG, des autres activités ou des frais généraux",
  );
  await next.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'analytic-next-step.png') });
  await next.getByRole('button', { name: "Indiquer l'axe analytique de l'année 1" }).click();

  // Landed on Budget › Répartition SIEG, year 1.
  await expect(page.getByRole('tab', { name: 'Répartition SIEG', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('combobox', { name: 'Année de la convention' })).toHaveValue(
    'Année 1 (2025)',
  );
  const guide = page.getByRole('table', { name: 'Lignes sans code analytique' });
  await page.getByTestId('analytic-guide').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'analytic-guide-top.png') });
  const o2rRow = guide.getByRole('row').filter({ hasText: O2R });
  // The README of the fixtures: the State's O2R contribution is 2 × 90 000 €.
  await expect(o2rRow).toContainText(/180\s000,00/);
  await expect(o2rRow.getByRole('combobox', { name: `Axe de la ligne ${O2R}` })).toHaveValue(
    'Activité SIEG (O2R)',
  );
  await expect(o2rRow).toContainText('Frais généraux à répartir (par défaut)');

  // One click, then a confirmation naming the rule: nothing is written silently.
  await o2rRow.getByRole('button', { name: `Appliquer l'axe : ${O2R}` }).click();
  const confirm = page.getByRole('dialog', { name: `Placer la ligne « ${O2R} »` });
  await expect(confirm).toContainText('Compte auxiliaire (financeur) DREETS → Activité SIEG (O2R)');
  await page.screenshot({ path: join(screenshotDir, 'analytic-guide-confirm.png') });
  await confirm.getByRole('button', { name: 'Créer les règles' }).click();
  await expect(confirm).toBeHidden();
  await expect(o2rRow.getByRole('button', { name: `Modifier l'axe : ${O2R}` })).toBeVisible();
  await expect(o2rRow).not.toContainText('(par défaut)');
  await expect(page.getByRole('table', { name: "Règles d'axe analytique" })).toContainText(
    'DREETS',
  );

  // Staff: general costs, shared by a key.
  const staffRow = guide.getByRole('row').filter({ hasText: STAFF });
  await expect(staffRow.getByRole('combobox', { name: `Axe de la ligne ${STAFF}` })).toHaveValue(
    'Frais généraux à répartir',
  );
  await staffRow.getByRole('button', { name: `Appliquer l'axe : ${STAFF}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Créer les règles' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(staffRow.getByRole('button', { name: `Modifier l'axe : ${STAFF}` })).toBeVisible();

  const dialog = await budget.addKey({
    label: 'Temps passé',
    basis: 'Temps passé (heures)',
    sieg: '4800',
    total: '6400',
    evidence: 'Relevés de temps 2025 des accompagnateurs',
    directRows: true,
  });
  await dialog.getByRole('button', { name: 'Enregistrer la clé' }).click();
  await expect(dialog).toBeHidden();
  // The SIEG view is filled: 75 % of the staff costs, as budget.spec reads it in Prévu / réalisé.
  const costRow = page
    .getByRole('table', { name: 'Coût du SIEG par ligne' })
    .getByRole('row')
    .filter({ hasText: STAFF });
  await expect(costRow.getByRole('cell').last()).toHaveText(/215\s175,03/);
  await budget.closeMessages();
  await page.evaluate('window.scrollTo(0, 0)');
  await guide.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'analytic-guide.png') });
  await page.screenshot({ path: join(screenshotDir, 'analytic-guide-full.png'), fullPage: true });

  // Year 2: the keys of year 1 in one action.
  await budget.chooseYear('Année 2 (2026)');
  await page.getByRole('button', { name: "Reprendre les clés de l'année précédente" }).click();
  const key = budget.keysTable().getByRole('row').filter({ hasText: 'Temps passé' });
  await expect(key).toContainText(/4\s800 \/ 6\s400/);
  await expect(key).toContainText('« à mettre à jour »');
  // Again: the year has a key now, so the copy asks before replacing.
  await page.getByRole('button', { name: "Reprendre les clés de l'année précédente" }).click();
  const replace = page.getByRole('dialog', { name: "Remplacer les clés de l'année 2" });
  await expect(replace).toContainText("L'année 2 a déjà 1 clé(s)");
  await replace.getByRole('button', { name: 'Annuler' }).click();
  await expect(budget.keysTable().getByRole('row')).toHaveCount(2);
  await budget.closeMessages();
  await budget.keysTable().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'analytic-keys-copied.png') });
});
