/** Page model: the « Réalisations (FEC) » tab of a convention — import and history. */
import { expect, type Page } from '@playwright/test';
import { openSection } from './ConventionPage';

export class FecTab {
  constructor(private readonly page: Page) {}

  async open() {
    await openSection(this.page, 'Réalisations (FEC)');
    await expect(this.page.getByRole('heading', { name: 'Importer un FEC' })).toBeVisible();
  }

  fileInput = () => this.page.locator('input[type="file"]');
  preview = () => this.page.getByTestId('fec-preview');
  importButton = () => this.page.getByRole('button', { name: 'Importer', exact: true });
  history = () => this.page.getByRole('table', { name: 'Imports des FEC' });

  /** Chooses a file and waits for the backend's verdict. */
  async choose(path: string) {
    await this.fileInput().setInputFiles(path);
    await expect(this.page.getByText('Vérification du fichier…')).toBeHidden({ timeout: 30_000 });
  }

  async clear() {
    await this.page.getByRole('button', { name: 'Retirer le fichier' }).click();
  }
}
