/** Page model: the « Budget et réalisé » tab of a convention and its four parts. */
import { expect, type Page } from '@playwright/test';
import { openSection } from './ConventionPage';

export type BudgetSection =
  'Budget prévisionnel' | 'Correspondance des comptes' | 'Répartition SIEG' | 'Prévu / réalisé';

export class BudgetTab {
  constructor(private readonly page: Page) {}

  async open() {
    await openSection(this.page, 'Budget et réalisé');
  }

  /** Closes the confirmation messages so they do not sit over the screenshots. */
  async closeMessages() {
    const close = this.page.getByRole('button', { name: 'Fermer le message' });
    for (let tries = 0; tries < 10 && (await close.count()) > 0; tries++) {
      // A message closing is animated: it may leave the page while it is being clicked.
      await close
        .first()
        .click({ timeout: 2_000 })
        .catch(() => undefined);
    }
    await expect(close).toHaveCount(0);
  }

  async chooseYear(label: string) {
    await this.page.getByRole('combobox', { name: 'Année de la convention' }).click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }

  async section(name: BudgetSection) {
    await this.page.getByRole('tab', { name, exact: true }).click();
    await expect(this.page.getByRole('tab', { name, exact: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  }

  // Budget prévisionnel
  forecastInput = (rowLabel: string) =>
    this.page.getByRole('textbox', { name: `Prévision ${rowLabel}`, exact: true });

  async setForecast(amounts: Record<string, string>) {
    for (const [label, value] of Object.entries(amounts)) {
      await this.forecastInput(label).fill(value);
    }
    await this.page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect(this.page.getByText('Budget enregistré')).toBeVisible();
  }

  // Correspondance des comptes
  accountsTable = () =>
    this.page.getByRole('table', { name: 'Comptes du FEC et lignes du compte rendu' });
  toAssignCount = () => this.page.getByTestId('to-assign-count');

  accountRow = (account: string, auxiliary = '') =>
    this.page.getByTestId(`account-${account}${auxiliary ? `-${auxiliary}` : ''}`);

  async mapAccount(account: string, auxiliary: string, rowLabel: string) {
    const name = `Ligne du compte ${account}${auxiliary ? ` (${auxiliary})` : ''}`;
    await this.page.getByRole('combobox', { name }).click();
    await this.page.getByRole('option', { name: rowLabel, exact: true }).click();
    await expect(
      this.page.getByText(`Compte ${account}${auxiliary ? ` (${auxiliary})` : ''} → ${rowLabel}.`),
    ).toBeVisible();
  }

  // Répartition SIEG
  keysTable = () => this.page.getByRole('table', { name: 'Clés de répartition' });

  async addKey(key: {
    label: string;
    basis: string;
    sieg: string;
    total: string;
    evidence: string;
    directRows: boolean;
  }) {
    await this.page.getByRole('button', { name: 'Ajouter une clé' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Nouvelle clé de répartition' });
    await dialog.getByRole('textbox', { name: 'Intitulé de la clé' }).fill(key.label);
    await dialog.getByRole('combobox', { name: 'Base de la clé' }).click();
    await this.page.getByRole('option', { name: key.basis }).click();
    await dialog.getByRole('textbox', { name: 'Quantité du SIEG' }).fill(key.sieg);
    await dialog.getByRole('textbox', { name: 'Quantité totale' }).fill(key.total);
    await dialog.getByRole('textbox', { name: /Justificatif/ }).fill(key.evidence);
    if (key.directRows)
      await dialog.getByRole('button', { name: 'Ajouter les lignes 60 à 68' }).click();
    return dialog;
  }

  // Prévu / réalisé
  vsTable = () => this.page.getByRole('table', { name: 'Prévu / réalisé' });
  vsRow = (code: string) => this.page.getByTestId(`vs-row-${code}`);
  unexplained = () => this.page.getByTestId('unexplained');
}
