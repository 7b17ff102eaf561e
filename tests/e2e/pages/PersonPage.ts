/** Page model: one person's file. */
import { expect, type Page } from '@playwright/test';

export class PersonPage {
  constructor(private readonly page: Page) {}

  section = (name: string) => this.page.getByRole('region', { name, exact: true });

  async fillDate(label: string, value: string) {
    const input = this.page.getByRole('textbox', { name: label, exact: true });
    await input.click();
    await input.fill(value);
    await input.press('Tab');
  }

  async choose(label: string, option: string) {
    await this.page
      .getByRole('textbox', { name: label, exact: true })
      .or(this.page.getByRole('combobox', { name: label, exact: true }))
      .click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  async addAction(action: { type: string; date: string; minutes: number; staff?: string }) {
    const section = this.section('Actions');
    await this.choose("Type d'action", action.type);
    await this.fillDate("Date de l'action", action.date);
    await section.getByLabel('Durée (minutes)').fill(String(action.minutes));
    if (action.staff) await section.getByLabel('Intervenant').fill(action.staff);
    await section.getByRole('button', { name: "Ajouter l'action" }).click();
  }

  /** « Enregistrer la sortie »: its date and type, then save the pathway. */
  async recordExit(date: string, type: string) {
    await this.fillDate('Date de sortie', date);
    await this.choose('Type de sortie', type);
    await this.page.getByRole('button', { name: 'Enregistrer le parcours' }).click();
    await expect(this.page.getByText('Parcours enregistré.')).toBeVisible();
  }
}
