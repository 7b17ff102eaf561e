/** Calls about the actuals: FEC import, history, and the lines behind a figure. */
import { z } from 'zod';
import { id, mutation, query } from './define';
import { isoDate, requiredText } from './fields';

/**
 * Where the file is: uploaded through the web bridge, or picked in the main process's own
 * open dialog (Electron), named by the opaque id the main process registered. A path is
 * never accepted from a call: the page could otherwise name any file of the machine.
 */
export const fileSource = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('upload'),
      uploadId: z.string().regex(/^[a-z0-9-]{8,64}$/, { message: 'Téléversement inconnu.' }),
    }),
    z.object({
      kind: z.literal('picked'),
      fileId: z.string().regex(/^[a-z0-9-]{8,64}$/, { message: 'Fichier inconnu.' }),
    }),
  ],
  { error: 'Fichier refusé : choisissez-le à nouveau dans Pilote CPO.' },
);
export type FileSource = z.output<typeof fileSource>;

const fecFile = z.object({
  conventionId: id,
  fileName: requiredText('Nom du fichier', 260),
  source: fileSource,
});

const issue = z.object({ line: z.number(), reason: z.string() });

export const fecPreview = z.object({
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.string(),
  separator: z.string(),
  columns: z.array(z.string()),
  extraColumns: z.array(z.string()),
  hasAnalytic: z.boolean(),
  lines: z.number(),
  entries: z.number(),
  keptLines: z.number(),
  totalDebitCents: z.number(),
  totalCreditCents: z.number(),
  /** Net debit by account class (charges positive, produits negative). */
  byClass: z.record(z.string(), z.number()),
  period: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
  fiscalYear: z.object({
    start: z.string(),
    end: z.string(),
    from: z.enum(['fileName', 'dates']),
    /** In French: why this year (the name, the dates, or the dates over an export date). */
    why: z.string(),
    /** The year was not closed when read: a provisional import, replaceable. */
    provisional: z.boolean(),
  }),
  /** The layout recognised (separator, encoding, amounts, year and why), in French sentences. */
  layout: z.array(z.string()),
  outOfYear: z.object({ count: z.number(), first: z.array(issue) }),
  issues: z.array(issue),
  issueCount: z.number(),
  /** The same file was already imported. */
  duplicateOf: z.object({ importId: id, importedAt: z.string() }).nullable(),
  /** An import of the same financial year that this file would replace. */
  replaces: z.object({ importId: id, fileName: z.string(), importedAt: z.string() }).nullable(),
});
export type FecPreview = z.output<typeof fecPreview>;

export const fecImportRow = z.object({
  id,
  fileName: z.string(),
  fiscalYearEnd: z.string(),
  lines: z.number(),
  entries: z.number(),
  keptLines: z.number(),
  totalDebitCents: z.number(),
  importedAt: z.string(),
  importedBy: z.string(),
  replacedBy: z.number().nullable(),
  /** Imported before its financial year closed. */
  provisional: z.boolean(),
});

export const ledgerLineRow = z.object({
  id,
  lineNo: z.number(),
  journalCode: z.string(),
  ecritureNum: z.string(),
  date: z.string(),
  compteNum: z.string(),
  compAuxNum: z.string(),
  compteLib: z.string(),
  pieceRef: z.string(),
  ecritureLib: z.string(),
  debitCents: z.number(),
  creditCents: z.number(),
  analytic: z.string(),
});

export const actualsCalls = {
  'fec.preview': query(fecFile, fecPreview),
  'fec.import': mutation(
    fecFile.extend({
      /** The user answered the question about lines dated outside the financial year. */
      acceptOutOfYear: z.boolean().default(false),
      /** The user confirmed replacing the import of the same year. */
      replace: z.boolean().default(false),
    }),
    z.object({
      importId: id,
      lines: z.number(),
      keptLines: z.number(),
      replaced: z.number().nullable(),
    }),
  ),
  'fec.history': query(z.object({ conventionId: id }), z.array(fecImportRow)),
  'fec.accountLines': query(
    z.object({
      conventionId: id,
      fiscalYearEnd: isoDate,
      /** An account number or prefix (`6`, `64`, `641100`). */
      account: z.string().regex(/^\d{1,12}$/, { message: 'Compte : chiffres seulement.' }),
      analytic: z.string().optional(),
      /** Only the lines of this auxiliary account (a subsidy's funder). */
      auxiliary: z.string().optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    z.object({ total: z.number(), netDebitCents: z.number(), lines: z.array(ledgerLineRow) }),
  ),
};
