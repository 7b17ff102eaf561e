/**
 * The director's dashboard on the demo at 1366×768: every block within the window without
 * scrolling, for each year and the whole CPO; an « À regarder » warning followed to the
 * place where it is fixed, fixed there through the screen, and gone back on the dashboard.
 * The warning is an unexplained gap made for the test: the demo explains its 2025 gaps, so
 * the test moves one forecast far from the actual through the API (setup, as other specs
 * create their conventions), then does the fixing in the UI.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { api, E2E_TODAY, expect, openApp, screenshotDir, test } from './fixtures';
import { sectionLink } from './pages/ConventionPage';

const blocks = [
  'dashboard-indicators',
  'dashboard-budget',
  'dashboard-sieg',
  'dashboard-payments',
  'dashboard-deadlines',
  'dashboard-watchlist',
];

/** Every key block is drawn inside the window, and the page itself does not scroll. */
async function expectOneScreen(page: Page) {
  const viewport = page.viewportSize()!;
  for (const id of blocks) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.y + box!.height, `${id} bottom`).toBeLessThanOrEqual(viewport.height);
    expect(box!.x + box!.width, `${id} right`).toBeLessThanOrEqual(viewport.width);
  }
  const overflow = await page.evaluate(
    'document.scrollingElement.scrollHeight - window.innerHeight',
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

async function choosePeriod(page: Page, label: string) {
  await page
    .getByRole('radiogroup', { name: 'Période du tableau de bord' })
    .locator('label', { hasText: label })
    .click();
  await expect(page.getByRole('radio', { name: label })).toBeChecked();
}

test('the demo dashboard fits the window and its warnings lead to where they are fixed', async ({
  page,
  app,
}) => {
  // The user's name first: the API setup below is a change, logged under it.
  await openApp(page, app);
  const [demo] = await api<{ id: number }[]>(app, 'conventions.list', {});
  const conventionId = demo!.id;
  // Setup: one SIEG charge row of 2025 forecast at three times its actual, not explained.
  const gaps = await api<{
    rows: {
      row: string;
      label: string;
      side: string;
      significant: boolean;
      explanation: string | null;
      actualCents: number;
    }[];
  }>(app, 'budget.vsActual', { conventionId, yearIndex: 1, scope: 'sieg' });
  const quiet = gaps.rows.find(
    (r) => r.side === 'charges' && !r.significant && !r.explanation && r.actualCents > 1_000_000,
  )!;
  await api(app, 'budget.set', {
    conventionId,
    yearIndex: 1,
    lines: [{ row: quiet.row, amountCents: quiet.actualCents * 3 }],
  });

  // The convention's own address, without a section (the home page is another spec's).
  await page.evaluate(`window.location.hash = '#/conventions/${conventionId}'`);
  // The convention opens on its dashboard.
  await expect(sectionLink(page, 'Tableau de bord')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('dashboard')).toBeVisible();
  // Opens on the year under way on 30/11/2026.
  expect(E2E_TODAY).toBe('2026-11-30');
  await expect(page.getByRole('radio', { name: 'Année 2 (2026)' })).toBeChecked();

  const watchList = page.getByTestId('dashboard-watchlist');
  await expect(watchList.getByTestId('watch-gaps-1')).toBeVisible();
  await expect(page.getByTestId('dashboard-deadlines')).toContainText(
    "Compte rendu financier et bilan d'activité 2025",
  );
  // The chart has its figures in text for screen readers.
  await expect(
    page.getByRole('table', { name: 'Objectifs 2026 : réalisé / cible' }),
  ).toBeAttached();

  for (const [label, file] of [
    ['Année 1 (2025)', 'dashboard-annee-1.png'],
    ['Année 2 (2026)', 'dashboard-annee-2.png'],
    ['Année 3 (2027)', 'dashboard-annee-3.png'],
    ['Toute la CPO', 'dashboard-cpo.png'],
  ] as const) {
    await choosePeriod(page, label);
    const indicators = page.getByTestId('dashboard-indicators');
    if (label === 'Année 3 (2027)')
      // Not begun on 30/11/2026: said in words, no empty chart.
      await expect(indicators).toContainText('Année non commencée');
    // The chart is drawn (recharts renders its bars once it has measured its box).
    else await expect(indicators.locator('svg').first()).toBeVisible();
    await expectOneScreen(page);
    await page.screenshot({ path: join(screenshotDir, file) });
  }
  // The whole CPO's SIEG control still rests on forecasts for 2026 and 2027.
  await expect(page.getByTestId('dashboard-sieg-provisional')).toBeVisible();

  // Follow the warning: the budget opens on « Prévu / réalisé », year 1.
  await watchList.getByTestId('watch-gaps-1').getByRole('link').click();
  await expect(sectionLink(page, 'Budget et réalisé')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('tab', { name: 'Prévu / réalisé', exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('combobox', { name: 'Année de la convention' })).toHaveValue(
    'Année 1 (2025)',
  );
  const explanation = page.getByRole('textbox', {
    name: `Explication de l'écart — ${quiet.label}`,
    exact: true,
  });
  await explanation.fill('Recrutement décalé au second semestre (essai e2e).');
  // The row's own button (the explained rows have theirs too).
  await explanation
    .locator('xpath=ancestor::td[1]')
    .getByRole('button', { name: "Enregistrer l'explication" })
    .click();
  await expect(page.getByText('Explication enregistrée')).toBeVisible();

  // Back on the dashboard: the warning is gone, the others stay.
  await sectionLink(page, 'Tableau de bord').click();
  await expect(watchList).toBeVisible();
  await expect(watchList.getByTestId('watch-report-1')).toBeVisible();
  await expect(watchList.getByTestId('watch-gaps-1')).toHaveCount(0);
});
