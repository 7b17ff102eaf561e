/**
 * The budget grid checked cell by cell (issue 15): the grid is open with the user's entry
 * on two lines when someone else saves one of them (here through the API, as a colleague
 * would). The save is refused with who and when and that cell's current amount beside the
 * entry; « Reprendre les valeurs actuelles » takes the current amount for that cell only and
 * keeps the user's other line, which then saves.
 */
import { join } from 'node:path';
import { validConvention } from '../fixtures/conventionInput';
import { api, createConventionViaApi, expect, openApp, screenshotDir, test } from './fixtures';
import { BudgetTab } from './pages/BudgetTab';

const STAFF = '64 — Charges de personnel';
const SERVICES = '61 — Services extérieurs';

test('a budget line saved meanwhile: refused, current amount shown, other edits kept', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const conventionId = await createConventionViaApi(
    app,
    validConvention({ reference: 'CPO-O2R-35-GRID' }),
  );
  await api(app, 'budget.set', {
    conventionId,
    yearIndex: 1,
    lines: [{ row: '64', amountCents: 5_000_000 }],
  });
  await page.goto(`${app.origin}/#/conventions/${conventionId}`);
  const budget = new BudgetTab(page);
  await budget.open();
  await budget.section('Budget prévisionnel');
  await expect(budget.forecastInput(STAFF)).toHaveValue(/50\s000/);

  await budget.forecastInput(STAFF).fill('55000');
  await budget.forecastInput(SERVICES).fill('1200');
  // Meanwhile a colleague changes the staff line from the same 50 000 €.
  await api(app, 'budget.set', {
    conventionId,
    yearIndex: 1,
    lines: [{ row: '64', amountCents: 6_000_000, was: 5_000_000 }],
  });

  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Tableau modifié entre-temps' });
  await expect(notice).toContainText(
    /Ce tableau a été modifié par .+ à \d{2}:\d{2} : vos changements n'ont pas été enregistrés\./,
  );
  const staffRow = notice.getByRole('table', { name: 'Valeurs actuelles' }).getByRole('row', {
    name: new RegExp(`^${STAFF}`),
  });
  await expect(staffRow).toContainText(/60\s000,00\s€.*55\s000,00\s€/);
  // Nothing of this save was written: the services line is still empty.
  const stored = async () =>
    (
      await api<{ yearIndex: number; row: string; amountCents: number }[]>(app, 'budget.get', {
        conventionId,
      })
    ).filter((line) => line.yearIndex === 1);
  expect(await stored()).toEqual([{ yearIndex: 1, row: '64', amountCents: 6_000_000 }]);
  await notice.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'conflict-budget.png'), fullPage: false });

  await notice.getByRole('button', { name: 'Reprendre les valeurs actuelles' }).click();
  await expect(notice).toBeHidden();
  await expect(budget.forecastInput(STAFF)).toHaveValue(/60\s000/);
  // The user's other line is kept as typed.
  await expect(budget.forecastInput(SERVICES)).toHaveValue('1200');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Budget enregistré')).toBeVisible();
  expect(await stored()).toEqual([
    { yearIndex: 1, row: '61', amountCents: 120_000 },
    { yearIndex: 1, row: '64', amountCents: 6_000_000 },
  ]);
});
