/** Page model: the list of conventions. */
import { expect, type Page } from '@playwright/test';

export class HomePage {
  constructor(private readonly page: Page) {}

  heading = () => this.page.getByRole('heading', { name: 'Conventions', exact: true });
  table = () => this.page.getByRole('table', { name: 'Liste des conventions' });
  conventionLink = (reference: string) => this.page.getByRole('link', { name: reference });

  async goto() {
    await this.page.goto(new URL('/#/', this.page.url()).href);
    await expect(this.heading()).toBeVisible();
  }

  async startNewConvention() {
    await this.page.getByRole('link', { name: 'Nouvelle convention' }).click();
    await expect(this.page.getByRole('heading', { name: 'Nouvelle convention' })).toBeVisible();
  }

  async removeDemo() {
    await this.page.getByRole('button', { name: 'Retirer la démonstration' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Retirer la démonstration ?' });
    await dialog.getByRole('button', { name: 'Retirer' }).click();
    await expect(dialog).toBeHidden();
  }
}
