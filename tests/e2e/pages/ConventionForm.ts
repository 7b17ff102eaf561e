/** Page model: the convention form (new convention, Identité and Volets tabs). */
import { expect, type Page } from '@playwright/test';

export class ConventionForm {
  constructor(private readonly page: Page) {}

  /** By accessible name: a required label's visual asterisk is not part of it. */
  field = (label: string) =>
    this.page
      .getByRole('textbox', { name: label, exact: true })
      .or(this.page.getByRole('combobox', { name: label, exact: true }));

  async fill(label: string, value: string) {
    await this.field(label).fill(value);
  }

  /** Mantine dates: type jj/mm/aaaa, then leave the field so it parses. */
  async fillDate(label: string, value: string) {
    const input = this.field(label);
    await input.click();
    await input.fill(value);
    await input.press('Tab');
  }

  async choose(label: string, option: string) {
    await this.field(label).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
  }

  /**
   * The fields a new convention cannot be saved without (operator Association Tremplin
   * Finistère, DREETS Bretagne, signed 10/02/2025, starting 01/01/2025), under `reference`.
   */
  async fillRequired(reference: string) {
    await this.fill("Nom de l'opérateur", 'Association Tremplin Finistère');
    await this.fill('SIRET', '775 672 272 00017');
    await this.fill('Représentant légal', 'Jeanne Martin');
    await this.fill('Qualité du représentant', 'Présidente');
    await this.fill('Référence de la convention', reference);
    await this.choose('DREETS', 'Bretagne');
    await this.fillDate('Date de signature', '10/02/2025');
    await this.fillDate('Date de début', '01/01/2025');
  }

  async submit(name: string) {
    await this.page.getByRole('button', { name }).click();
  }

  async expectError(label: string, message: string | RegExp) {
    const wrapper = this.field(label).locator(
      'xpath=ancestor::div[contains(@class,"mantine-InputWrapper-root")][1]',
    );
    await expect(wrapper.locator('.mantine-InputWrapper-error')).toHaveText(message);
    await expect(this.field(label)).toHaveAttribute('aria-invalid', 'true');
  }
}
