/**
 * What a change refetches, counted at the bridge: generating a document fetches the
 * archive list again once and nothing else (the check, the narratives, the convention are
 * untouched by it), no call twice; and a change made elsewhere (here: through the API, as
 * another window or an import would) still shows on the screen, through the backend's event.
 */
import { expect, api, openApp, test } from './fixtures';

test('a document refetches only the archive, once; a change made elsewhere still shows', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const conventions = await api<{ id: number; isDemo: boolean }[]>(app, 'conventions.list', {});
  const demo = conventions.find((convention) => convention.isDemo)!;

  // Another window creates a person: the list on screen follows, without a reload.
  await page.goto(`${app.origin}/#/conventions/${demo.id}/personnes`);
  const summary = page.getByTestId('people-summary');
  // Loaded once a file number shows (before, the summary reads « 0 personne »).
  await expect(
    page.getByRole('table', { name: 'Liste des personnes' }).getByRole('link').first(),
  ).toBeVisible();
  const before = Number((await summary.innerText()).replace(/\D/g, ''));
  await api(app, 'people.create', {
    conventionId: demo.id,
    person: {
      fileNumber: 'AILLEURS-001',
      sex: 'F',
      birthYear: 1990,
      commune: 'Rennes',
      inseeCode: '35238',
      qpv: false,
      qpvName: '',
      zrr: false,
      eligibilityGround: 'not_registered',
      lastReferentContact: null,
      situationFlags: [],
    },
    identity: { lastName: '', firstName: '', phone: '', email: '' },
    pathway: { identifiedOn: '2026-11-02', referent: 'Ailleurs' },
  });
  // Figures are printed with a no-break space (shared/format.ts).
  await expect(summary).toHaveText(new RegExp(`^${before + 1}\\s+personnes$`));
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('ailleurs-001');
  await expect(summary).toHaveText(new RegExp(`^1\\s+personne sur ${before + 1}$`));

  // « Rapports »: the calls between the click and a second after the download.
  await page.goto(`${app.origin}/#/conventions/${demo.id}/rapports`);
  await expect(page.getByTestId('report-check')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const calls: string[] = [];
  page.on('request', (request) => {
    const match = /\/api\/call\/([^?]+)/.exec(request.url());
    if (match) calls.push(decodeURIComponent(match[1]!));
  });
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Générer/ }).click();
  await downloaded;
  await page.waitForTimeout(1_000);
  await page.waitForLoadState('networkidle');
  expect(calls.sort()).toEqual(['reports.file', 'reports.generate', 'reports.list']);
});
