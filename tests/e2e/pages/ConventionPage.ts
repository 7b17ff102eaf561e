/** Page model: one convention, its side navigation, its dashboard cards and its screens. */
import { expect, type Page } from '@playwright/test';

export type ConventionSectionName =
  | 'Tableau de bord'
  | 'Identité'
  | 'Volets et territoires'
  | 'Objectifs par année'
  | 'Avenants'
  | 'Personnes'
  | 'Repérage'
  | 'Coordination'
  | 'Réalisations (FEC)'
  | 'Budget et réalisé'
  | 'Compensation SIEG'
  | 'Rapports'
  | 'Données personnelles'
  | 'Historique';

/** The convention's side navigation (« Navigation de la convention »). */
export const conventionNav = (page: Page) =>
  page.getByRole('navigation', { name: 'Navigation de la convention' });

/** The entry of a screen in the side navigation. */
export const sectionLink = (page: Page, name: ConventionSectionName) =>
  conventionNav(page).getByRole('link', { name, exact: true });

/** Opens a screen from the side navigation; it is then marked as the current page. */
export async function openSection(page: Page, name: ConventionSectionName) {
  await sectionLink(page, name).click();
  await expect(sectionLink(page, name)).toHaveAttribute('aria-current', 'page');
}

export class ConventionPage {
  constructor(private readonly page: Page) {}

  openSection = (name: ConventionSectionName) => openSection(this.page, name);

  /** The name from the time the screens were tabs, kept for the specs that still call it. */
  openTab = this.openSection;

  /**
   * The dashboard on one year (its period selector), and that year's summary line: dates,
   * targets set, State contribution.
   */
  async yearSummary(index: number) {
    await this.page
      .getByRole('radiogroup', { name: 'Période du tableau de bord' })
      .locator('label', { hasText: `Année ${index} (` })
      .click();
    return this.page.getByTestId('dashboard-year-summary');
  }

  objectivesTable = () => this.page.getByRole('table', { name: 'Objectifs par année' });

  objectiveRow = (code: string) =>
    this.objectivesTable().getByRole('row').filter({ hasText: code });

  /** The target in force shown in an indicator's cell for a year (cell 0 is the indicator). */
  targetCell = (code: string, year: number) =>
    this.objectiveRow(code).getByRole('cell').nth(year).getByTestId('target');

  /** The realised figure in an indicator's cell for a year. */
  realisedCell = (code: string, year: number) =>
    this.objectiveRow(code).getByRole('cell').nth(year).getByTestId('realised');

  /** Opens the records behind a realised figure of the objectives table. */
  async openDrilldown(code: string, year: number) {
    await this.realisedCell(code, year).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByRole('table')).toBeVisible();
    return dialog;
  }

  async setTargets(targets: Record<string, number[]>) {
    await this.page.getByRole('button', { name: 'Modifier les cibles signées' }).click();
    for (const [code, values] of Object.entries(targets)) {
      for (const [index, value] of values.entries()) {
        await this.page
          .getByLabel(`Cible ${code}, année ${index + 1}`)
          .fill(String(value).replace('.', ','));
      }
    }
    await this.page.getByRole('button', { name: 'Enregistrer les cibles' }).click();
    await expect(
      this.page.getByRole('button', { name: 'Modifier les cibles signées' }),
    ).toBeVisible();
  }

  async recordAvenant(avenant: {
    signedOn: string;
    effectiveFrom: string;
    object: string;
    changes: { indicator: string; year: string; value: string }[];
  }) {
    await this.openTab('Avenants');
    await this.page.getByRole('button', { name: 'Enregistrer un avenant' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Enregistrer un avenant' });
    for (const [label, value] of [
      ['Signé le', avenant.signedOn],
      ['Prend effet le', avenant.effectiveFrom],
    ] as const) {
      const input = dialog.getByRole('textbox', { name: label, exact: true });
      await input.fill(value);
      await input.press('Tab');
    }
    await dialog.getByLabel("Objet de l'avenant").fill(avenant.object);
    for (const [index, change] of avenant.changes.entries()) {
      if (index > 0) await dialog.getByRole('button', { name: 'Ajouter une modification' }).click();
      await dialog.getByLabel(`Indicateur de la modification ${index + 1}`).click();
      await this.page.getByRole('option', { name: change.indicator }).click();
      await dialog.getByLabel(`Année de la modification ${index + 1}`).click();
      await this.page.getByRole('option', { name: change.year }).click();
      await dialog.getByLabel(`Nouvelle valeur ${index + 1}`).fill(change.value);
    }
    await dialog.getByRole('button', { name: "Enregistrer l'avenant" }).click();
    await expect(dialog).toBeHidden();
  }
}
