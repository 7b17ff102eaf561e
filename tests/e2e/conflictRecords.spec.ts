/**
 * The record forms of the compensation page carry their version too (migration 0013): a
 * payment's form is open when someone else saves the payment (here through the API, as a
 * second window would); the form's save is refused with who and when, the current values
 * beside the entry (amounts in euros), the entry kept; « Reprendre les valeurs actuelles »
 * reloads the form and the next save goes through.
 */
import { join } from 'node:path';
import { api, expect, openApp, screenshotDir, test } from './fixtures';
import { openSection } from './pages/ConventionPage';

const NOTE = 'Solde année 3 (essai conflit e2e)';

test('a payment saved meanwhile: the form is refused, shows the current values, reloads', async ({
  page,
  app,
}) => {
  await openApp(page, app);
  const conventions = await api<{ id: number; isDemo: boolean }[]>(app, 'conventions.list', {});
  const demo = conventions.find((convention) => convention.isDemo)!;
  const payment = {
    yearIndex: 3,
    kind: 'balance',
    expectedOn: '2027-09-30',
    expectedCents: 1_234_500,
    receivedOn: null,
    receivedCents: null,
    note: NOTE,
  };
  const { id, version } = await api<{ id: number; version: number }>(app, 'payments.save', {
    conventionId: demo.id,
    payment,
  });

  await page.goto(`${app.origin}/#/conventions/${demo.id}`);
  await openSection(page, 'Compensation SIEG');
  const row = page
    .getByRole('table', { name: 'Versements de la contribution' })
    .locator('tbody tr')
    .filter({ hasText: NOTE });
  await row.getByRole('button', { name: /^Modifier le versement/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Modifier le versement/ });
  const note = dialog.getByRole('textbox', { name: 'Note', exact: true });
  await note.fill('Relance envoyée (cette fenêtre)');

  // Meanwhile, another writer changes the amount and the note.
  await api(app, 'payments.save', {
    conventionId: demo.id,
    payment: { ...payment, id, version, expectedCents: 1_300_000, note: 'Montant corrigé' },
  });

  await dialog.getByRole('button', { name: 'Enregistrer le versement' }).click();
  const notice = dialog.getByRole('alert').filter({ hasText: 'Fiche modifiée entre-temps' });
  await expect(notice).toContainText(
    /Cette fiche a été modifiée par .+ à \d{2}:\d{2} : vos changements n'ont pas été enregistrés\./,
  );
  const values = notice.getByRole('table', { name: 'Valeurs actuelles' });
  await expect(values.getByRole('row', { name: /^Note/ })).toContainText('Montant corrigé');
  await expect(values.getByRole('row', { name: /^Note/ })).toContainText(
    'Relance envoyée (cette fenêtre)',
  );
  // Money is shown in euros, not as the cents the backend sends.
  await expect(values.getByRole('row', { name: /^Montant attendu/ })).toContainText(
    /13\s000,00\s€.*12\s345,00\s€/,
  );
  await expect(note).toHaveValue('Relance envoyée (cette fenêtre)');
  const stored = await api<{ payments: { id: number; note: string; version: number }[] }>(
    app,
    'payments.list',
    { conventionId: demo.id, today: '2026-11-30' },
  );
  expect(stored.payments.find((row) => row.id === id)).toMatchObject({
    note: 'Montant corrigé',
    version: version + 1,
  });
  await page.screenshot({ path: join(screenshotDir, 'conflict-payment.png'), fullPage: false });

  await notice.getByRole('button', { name: 'Reprendre les valeurs actuelles' }).click();
  await expect(notice).toBeHidden();
  await expect(note).toHaveValue('Montant corrigé');
  await expect(dialog.getByRole('textbox', { name: 'Montant attendu', exact: true })).toHaveValue(
    /13\s000/,
  );
  await note.fill('Montant corrigé, relance envoyée');
  await dialog.getByRole('button', { name: 'Enregistrer le versement' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(
    page
      .getByRole('table', { name: 'Versements de la contribution' })
      .locator('tbody tr')
      .filter({ hasText: 'Montant corrigé, relance envoyée' }),
  ).toHaveCount(1);
});
