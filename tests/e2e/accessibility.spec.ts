/** Automated accessibility checks (axe) on each screen of the foundation. */
import AxeBuilder from '@axe-core/playwright';
import { expect, openApp, test } from './fixtures';

const tabs = ['Identité', 'Volets et territoires', 'Objectifs par année', 'Avenants', 'Historique'];

test('home, convention tabs and new-convention form have no serious accessibility violation', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const check = async (where: string) => {
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
  };
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
