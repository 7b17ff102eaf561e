/**
 * Page model: the spreadsheet import wizard (renderer/src/pages/convention/ImportModal.tsx),
 * the same for every kind of file — the people's follow-up sheet, the outreach log, the
 * coordination actions, the six-month follow-ups and the barriers. Each kind is opened by its
 * button on its screen; the screen itself is reached by URL, so the spec does not depend on
 * how the convention's navigation looks.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** Each kind of import: the screen it is on, its button, its dialog's title. */
export const IMPORT_KINDS = {
  people: {
    section: 'personnes',
    button: 'Importer un tableau',
    title: 'Importer un tableau de suivi',
  },
  outreach: {
    section: 'reperage',
    button: 'Importer un journal',
    title: 'Importer un journal de repérage',
  },
  coordination: {
    section: 'coordination',
    button: 'Importer des actions',
    title: 'Importer des actions de coordination',
  },
  followUps: {
    section: 'personnes',
    button: 'Importer des suivis',
    title: 'Importer des suivis à 6 mois',
  },
  barriers: {
    section: 'personnes',
    button: 'Importer des freins',
    title: 'Importer des freins',
  },
} as const;
export type ImportKindName = keyof typeof IMPORT_KINDS;

/** A file on disk, or one made in the test. */
export type WizardFile = string | { name: string; mimeType: string; buffer: Buffer };

/** The figures of the preview: « Lignes », « À créer », « À mettre à jour »… */
export type CountLabel =
  'Lignes' | 'À créer' | 'À mettre à jour' | 'Inchangées' | 'Déjà enregistrées';

export class ImportWizard {
  constructor(
    private readonly page: Page,
    readonly dialog: Locator,
  ) {}

  /** Goes to the kind's screen of a convention (by URL), opens the wizard from its button. */
  static async open(page: Page, origin: string, conventionId: number, kind: ImportKindName) {
    const { section, button, title } = IMPORT_KINDS[kind];
    const url = `${origin}/#/conventions/${conventionId}/${section}`;
    if (page.url() !== url) await page.goto(url);
    await page.getByRole('button', { name: button, exact: true }).click();
    const wizard = new ImportWizard(page, page.getByRole('dialog', { name: title }));
    await expect(wizard.dialog).toBeVisible();
    return wizard;
  }

  /** Opens the wizard as `open` does and gives it a file: the preview that file makes. */
  static async preview(
    page: Page,
    origin: string,
    conventionId: number,
    kind: ImportKindName,
    file: WizardFile,
  ) {
    const wizard = await ImportWizard.open(page, origin, conventionId, kind);
    await wizard.chooseFile(file);
    return wizard;
  }

  async chooseFile(file: WizardFile) {
    await this.dialog.locator('input[type="file"]').setInputFiles(file);
  }

  /** The figure under one of the preview's counts. */
  count = (label: CountLabel) =>
    this.dialog
      .locator('[data-count]', { has: this.page.locator('dt', { hasText: label }) })
      .locator('dd');

  /** Waits for the preview's counts to read exactly these figures, and no other count. */
  async expectCounts(expected: Partial<Record<CountLabel, number>>) {
    for (const [label, value] of Object.entries(expected)) {
      await expect(this.count(label as CountLabel)).toHaveText(String(value));
    }
    await expect(this.dialog.locator('[data-count]')).toHaveCount(Object.keys(expected).length);
  }

  noProblem = () => this.dialog.getByText('Aucun problème détecté');
  issues = () => this.dialog.getByRole('table', { name: 'Problèmes détectés dans le fichier' });
  sample = () => this.dialog.getByRole('table', { name: /Premières lignes/ });
  importButton = () => this.dialog.getByRole('button', { name: 'Importer', exact: true });

  /** Line and column of the n-th problem listed (0 = the first). */
  async issueAt(index: number): Promise<{ line: string; column: string }> {
    const cells = this.issues()
      .getByRole('row')
      .nth(index + 1)
      .getByRole('cell');
    return { line: await cells.nth(0).innerText(), column: await cells.nth(1).innerText() };
  }

  /** Waits for the problems to be listed, in this order, by line and column. */
  async expectIssues(expected: readonly { line: number; column: string }[]) {
    await expect(this.issues()).toBeVisible();
    await expect(this.issues().getByRole('row')).toHaveCount(expected.length + 1);
    for (const [index, issue] of expected.entries()) {
      expect(await this.issueAt(index)).toEqual({ line: String(issue.line), column: issue.column });
    }
  }

  /** « Enregistrer la liste des erreurs (CSV) »: the download. */
  async saveIssues(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.dialog.getByRole('button', { name: 'Enregistrer la liste des erreurs (CSV)' }).click(),
    ]);
    return download;
  }

  async runImport() {
    await this.importButton().click();
    await expect(this.dialog).toBeHidden({ timeout: 30_000 });
  }

  async cancel() {
    await this.dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
