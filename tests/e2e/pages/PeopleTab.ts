/** Page model: the « Personnes » tab of a convention — the list, its filters, the import. */
import { expect, type Page } from '@playwright/test';
import { ImportWizard } from './ImportWizard';

/** The wizard's page model lives in ImportWizard.ts; re-exported for the specs that import it from here. */
export { ImportWizard };

export class PeopleTab {
  constructor(private readonly page: Page) {}

  table = () => this.page.getByRole('table', { name: 'Liste des personnes' });
  /** Rows actually drawn (the list is virtualised: far fewer than the people listed). */
  renderedRows = () => this.table().locator('tbody tr[data-index]');
  /** « 240 personnes », « 1 personne sur 240 ». */
  summary = () => this.page.getByTestId('people-summary');

  async search(text: string) {
    await this.page.getByRole('searchbox', { name: 'Rechercher' }).fill(text);
  }

  async filterStage(label: string) {
    await this.page.getByRole('radiogroup', { name: 'Étape du parcours' }).getByText(label).click();
  }

  async openPerson(fileNumber: string) {
    await this.search(fileNumber);
    await this.table().getByRole('link', { name: fileNumber, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: `Dossier ${fileNumber}` })).toBeVisible();
  }

  async openImport(): Promise<ImportWizard> {
    await this.page.getByRole('button', { name: 'Importer un tableau' }).click();
    const wizard = new ImportWizard(
      this.page,
      this.page.getByRole('dialog', { name: 'Importer un tableau de suivi' }),
    );
    await expect(wizard.dialog).toBeVisible();
    return wizard;
  }
}
