/**
 * Two windows on the same person (issue 15, « Working at the same time »): both start
 * editing the profile, the first saves, the second's save is refused with who changed it and
 * when, the current value beside what was typed, the entry kept; « Reprendre les valeurs
 * actuelles » reloads the form from the record and the next save goes through.
 */
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { api, expect, openApp, screenshotDir, test } from './fixtures';

test('a save over a newer version is refused, shown, and the form reloads from the record', async ({
  page,
  context,
  app,
}) => {
  await openApp(page, app);
  const conventions = await api<{ id: number; isDemo: boolean }[]>(app, 'conventions.list', {});
  const demo = conventions.find((convention) => convention.isDemo)!;
  const [person] = await api<{ id: number; fileNumber: string }[]>(app, 'people.list', {
    conventionId: demo.id,
    today: '2026-11-30',
  });
  const personUrl = `${app.origin}/#/conventions/${demo.id}/personnes/${person!.id}`;

  const second = await context.newPage();
  await second.goto(app.url);
  await expect(second.getByRole('heading', { name: 'Conventions', exact: true })).toBeVisible();
  for (const window of [page, second]) {
    await window.goto(personUrl);
    await expect(
      window.getByRole('heading', { name: `Dossier ${person!.fileNumber}` }),
    ).toBeVisible();
  }
  const commune = (window: typeof page) =>
    window.getByRole('textbox', { name: 'Commune de résidence' });
  const saveProfile = (window: typeof page) =>
    window.getByRole('button', { name: 'Enregistrer le profil' }).click();

  // The second window starts typing, then the first saves.
  await commune(second).fill('Morlaix');
  await commune(page).fill('Quimper');
  await saveProfile(page);
  await expect(page.getByText('Profil enregistré.')).toBeVisible();

  // The second window's save: refused, naming who and when, nothing overwritten.
  await saveProfile(second);
  const notice = second.getByRole('alert').filter({ hasText: 'Fiche modifiée entre-temps' });
  await expect(notice).toContainText(
    /Cette fiche a été modifiée par Camille Durand à \d{2}:\d{2} : vos changements n'ont pas été enregistrés\. Voici les valeurs actuelles\./,
  );
  const values = notice.getByRole('table', { name: 'Valeurs actuelles' });
  await expect(values.getByRole('columnheader', { name: 'Valeur actuelle' })).toBeVisible();
  await expect(values.getByRole('row', { name: /Commune/ })).toContainText('Quimper');
  await expect(values.getByRole('row', { name: /Commune/ })).toContainText('Morlaix');
  await expect(commune(second)).toHaveValue('Morlaix');
  const stored = await api<{ person: { commune: string } }>(app, 'people.get', {
    id: person!.id,
    today: '2026-11-30',
  });
  expect(stored.person.commune).toBe('Quimper');
  await second.screenshot({ path: join(screenshotDir, 'conflict-refused.png'), fullPage: false });
  // The notice is read as well as seen: WCAG A/AA, serious and above (contrast included).
  const axe = await new AxeBuilder({ page: second })
    .include('[data-testid="conflict-notice"]')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(
    axe.violations
      .filter((v) => ['serious', 'critical'].includes(v.impact ?? ''))
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);

  // « Reprendre les valeurs actuelles »: the form shows the record; a change then saves.
  await notice.getByRole('button', { name: 'Reprendre les valeurs actuelles' }).click();
  await expect(commune(second)).toHaveValue('Quimper');
  await expect(notice).toBeHidden();
  await commune(second).fill('Quimper Nord');
  await saveProfile(second);
  await expect(second.getByText('Profil enregistré.')).toBeVisible();
  // The first window, untouched since its save, follows the record.
  await expect(commune(page)).toHaveValue('Quimper Nord');
});
