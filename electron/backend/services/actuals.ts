/**
 * Actuals from the FEC: preview (every check, no write), import (one transaction, kept
 * lines only: classes 6, 7, 86, 87), replacement of an earlier file of the same year (kept
 * in the history), and the lines behind any figure.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq, isNull, like } from 'drizzle-orm';
import type { CallParsedInput } from '../../../shared/contract';
import type { FecPreview, FileSource } from '../../../shared/contract/actuals';
import { fiscalYearEndOnOrAfter, fromIso, toIso } from '../../../shared/domain/conventionYears';
import { FecFormatError } from '../../../shared/fec/fecLine';
import { AppError } from '../../../shared/errors';
import { formatDate, formatEuros, formatNumber } from '../../../shared/format';
import { addDays, addYears } from 'date-fns';
import type { BaseContext } from '../context';
import type { Db } from '../db/open';
import { conventions, fecImports, ledgerLines } from '../db/schema';
import { identifyFile, type FecEncoding } from '../fec/fecText';
import { groupValues, insertSql, ROWS_PER_INSERT, type RowGroup } from '../fec/keptRows';
import { startFecReading, type FecReading } from '../fec/readForImport';
import { scanFec, scanFecAsync, type FecScan } from '../fec/scanFec';
import type { HandlerGroup } from '../handlers';
import { pickedFilePath } from '../pickedFiles';

export const UPLOAD_FOLDER = 'televersements';

/** The same index as the schema's (drizzle-kit migration 0002), rebuilt after a bulk import. */
const LEDGER_INDEX =
  'CREATE INDEX IF NOT EXISTS `ledger_lines_import_account_idx` ON `ledger_lines` (`import_id`,`compte_num`)';

export function sourcePath(ctx: Pick<BaseContext, 'dataDir'>, source: FileSource): string {
  const path =
    source.kind === 'upload'
      ? join(ctx.dataDir, UPLOAD_FOLDER, source.uploadId)
      : pickedFilePath(source.fileId);
  // A regular file only: a folder (EISDIR) or a device (/dev/zero, endless) is no FEC.
  if (!path || !existsSync(path) || !statSync(path).isFile()) {
    throw AppError.validation([
      { path: 'source', message: 'Le fichier est introuvable : choisissez-le à nouveau.' },
    ]);
  }
  return path;
}

/** The import in force for a financial year (a replaced one is kept but no longer counts). */
export function activeImport(db: Db, conventionId: number, fiscalYearEnd: string) {
  return db
    .select({ id: fecImports.id })
    .from(fecImports)
    .where(
      and(
        eq(fecImports.conventionId, conventionId),
        eq(fecImports.fiscalYearEnd, fiscalYearEnd),
        isNull(fecImports.replacedBy),
      ),
    )
    .get();
}

/** The convention row, or the one French "not found" every finance service gives. */
export function conventionRow(db: Db, conventionId: number) {
  const row = db.select().from(conventions).where(eq(conventions.id, conventionId)).get();
  if (!row)
    throw AppError.notFound('Cette convention est introuvable (elle a peut-être été supprimée).');
  return row;
}

/** The financial year a file covers: its name says it (SIRENFECAAAAMMJJ), else its dates. */
function fiscalYearOf(
  fileName: string,
  lastDate: string | null,
  fiscalYearEnd: string,
  today: string,
) {
  const named = /(?:^|[^0-9])\d{9}FEC(\d{4})(\d{2})(\d{2})/i.exec(fileName);
  let end: string | null = null;
  let from: 'fileName' | 'dates' = 'dates';
  if (named) {
    const candidate = `${named[1]}-${named[2]}-${named[3]}`;
    if (!Number.isNaN(fromIso(candidate).getTime())) {
      end = candidate;
      from = 'fileName';
    }
  }
  // A file without dates (empty): the year that holds today, on the backend's clock.
  if (!end) end = fiscalYearEndOnOrAfter(lastDate ?? today, fiscalYearEnd);
  const start = toIso(addDays(addYears(fromIso(end), -1), 1));
  return { start, end, from };
}

interface Identified {
  path: string;
  size: number;
  encoding: FecEncoding;
  sha256: string;
  year: { start: string; end: string; from: 'fileName' | 'dates' };
  duplicateOf: FecPreview['duplicateOf'];
  replaces: FecPreview['replaces'];
}

function asValidation(fileName: string, error: unknown): never {
  if (error instanceof FecFormatError) {
    throw AppError.validation(
      [{ path: 'line.1', message: error.message }],
      `« ${fileName} » refusé : ${error.message}`,
    );
  }
  throw error;
}

/**
 * A pass over the bytes (encoding, SHA-256), and the financial year: from the file's name
 * (SIRENFECAAAAMMJJ), else from its dates, which costs a read of the lines.
 */
function identify(
  db: Db,
  ctx: Pick<BaseContext, 'dataDir' | 'today'>,
  input: { conventionId: number; fileName: string; source: FileSource },
): Identified {
  const convention = conventionRow(db, input.conventionId);
  const path = sourcePath(ctx, input.source);
  const { encoding, sha256, size } = identifyFile(path);
  let year = fiscalYearOf(input.fileName, null, convention.fiscalYearEnd, ctx.today());
  if (year.from !== 'fileName') {
    try {
      const lastDate = scanFec(path, { encoding }).lastDate;
      year = fiscalYearOf(input.fileName, lastDate, convention.fiscalYearEnd, ctx.today());
    } catch (error) {
      if (error instanceof FecFormatError) discardUpload(input.source, path);
      asValidation(input.fileName, error);
    }
  }
  const duplicate = db
    .select()
    .from(fecImports)
    .where(and(eq(fecImports.conventionId, input.conventionId), eq(fecImports.sha256, sha256)))
    .get();
  const previous = db
    .select()
    .from(fecImports)
    .where(
      and(
        eq(fecImports.conventionId, input.conventionId),
        eq(fecImports.fiscalYearEnd, year.end),
        isNull(fecImports.replacedBy),
      ),
    )
    .get();
  return {
    path,
    size,
    encoding,
    sha256,
    year,
    duplicateOf: duplicate ? { importId: duplicate.id, importedAt: duplicate.importedAt } : null,
    replaces:
      previous && previous.id !== duplicate?.id
        ? { importId: previous.id, fileName: previous.fileName, importedAt: previous.importedAt }
        : null,
  };
}

function previewOf(fileName: string, identified: Identified, scan: FecScan): FecPreview {
  return {
    fileName,
    sha256: identified.sha256,
    encoding: scan.encoding,
    separator: scan.separator,
    columns: scan.columns,
    extraColumns: scan.extraColumns,
    hasAnalytic: scan.hasAnalytic,
    lines: scan.lines,
    entries: scan.entries,
    keptLines: scan.keptLines,
    totalDebitCents: scan.totalDebitCents,
    totalCreditCents: scan.totalCreditCents,
    byClass: scan.byClass,
    period: { first: scan.firstDate, last: scan.lastDate },
    fiscalYear: identified.year,
    outOfYear: scan.outOfYear,
    issues: scan.issues,
    issueCount: scan.issueCount,
    duplicateOf: identified.duplicateOf,
    replaces: identified.replaces,
  };
}

function refuseIfNotImportable(
  preview: FecPreview,
  input: { acceptOutOfYear: boolean; replace: boolean },
) {
  if (preview.issueCount > 0) {
    throw AppError.validation(
      preview.issues.map((issue) => ({
        path: `line.${issue.line}`,
        message: `Ligne ${issue.line} : ${issue.reason}.`,
      })),
      `« ${preview.fileName} » refusé : ${formatNumber(preview.issueCount)} erreur(s), rien n'a été importé.`,
    );
  }
  if (preview.outOfYear.count > 0 && !input.acceptOutOfYear) {
    throw AppError.validation([
      {
        path: 'acceptOutOfYear',
        message: `${formatNumber(preview.outOfYear.count)} écriture(s) sont datées hors de l'exercice du ${formatDate(preview.fiscalYear.start)} au ${formatDate(preview.fiscalYear.end)} (ligne ${preview.outOfYear.first[0]?.line ?? '?'}…) : confirmez pour les importer quand même.`,
      },
    ]);
  }
}

function refuseDuplicateOrUnconfirmedReplacement(
  identified: Identified,
  input: { replace: boolean },
) {
  if (identified.duplicateOf) {
    throw AppError.validation([
      {
        path: 'source',
        message: `Ce fichier a déjà été importé le ${formatDate(identified.duplicateOf.importedAt.slice(0, 10))} : il n'est pas importé une seconde fois.`,
      },
    ]);
  }
  if (identified.replaces && !input.replace) {
    throw AppError.validation([
      {
        path: 'replace',
        message: `Un FEC de l'exercice clos le ${formatDate(identified.year.end)} a déjà été importé (« ${identified.replaces.fileName} », le ${formatDate(identified.replaces.importedAt.slice(0, 10))}) : confirmez son remplacement.`,
      },
    ]);
  }
}

/**
 * The import's reading starts before the bytes are checked (identify), so both run at
 * once: a FEC names its year (SIRENFECAAAAMMJJ) and is most often UTF-8. When identify
 * finds otherwise, `confirm` starts it again with what it found.
 */
function startReading(
  ctx: Pick<BaseContext, 'dataDir' | 'today'> & { db: Db },
  input: { conventionId: number; fileName: string; source: FileSource; acceptOutOfYear: boolean },
) {
  const year = fiscalYearOf(
    input.fileName,
    null,
    conventionRow(ctx.db, input.conventionId).fiscalYearEnd,
    ctx.today(),
  );
  const refuseOutOfYear = !input.acceptOutOfYear;
  const path = sourcePath(ctx, input.source);
  let early: FecReading | null =
    year.from === 'fileName'
      ? startFecReading(path, { encoding: 'UTF-8', year, refuseOutOfYear })
      : null;
  return {
    confirm(identified: Identified): FecReading {
      if (early && identified.encoding === 'UTF-8' && identified.year.end === year.end) {
        return early;
      }
      early?.cancel();
      early = null;
      return startFecReading(identified.path, {
        encoding: identified.encoding,
        year: identified.year,
        refuseOutOfYear,
      });
    },
    cancel: () => early?.cancel(),
  };
}

/**
 * The import's work before its transaction: the reading starts (in a worker when built)
 * while the bytes are identified; cheap refusals come first. Synchronous, so the demo can
 * import inside its own transaction.
 */
export function prepareImport(
  ctx: Pick<BaseContext, 'dataDir' | 'db' | 'today'>,
  input: CallParsedInput<'fec.import'>,
): Identified & { reading: FecReading } {
  const reading = startReading(ctx, input);
  try {
    const identified = identify(ctx.db, ctx, input);
    refuseDuplicateOrUnconfirmedReplacement(identified, input);
    return { ...identified, reading: reading.confirm(identified) };
  } catch (error) {
    reading.cancel();
    throw error;
  }
}

/**
 * An upload whose content is refused is removed at once (a 300 MB hostile file would
 * otherwise stay in the data folder until the next start). Files picked in the dialog
 * are the user's own: never removed.
 */
function discardUpload(source: FileSource, path: string) {
  if (source.kind === 'upload') rmSync(path, { force: true });
}

export const actualsHandlers = {
  async 'fec.preview'(input, ctx) {
    const identified = identify(ctx.db, ctx, input);
    const jobId = `fec-${identified.sha256.slice(0, 12)}`;
    const label = `Vérification de « ${input.fileName} »`;
    try {
      const scan = await scanFecAsync(identified.path, {
        encoding: identified.encoding,
        size: identified.size,
        year: identified.year,
        onProgress: (done, total) => ctx.emit({ type: 'progress', jobId, label, done, total }),
      });
      return previewOf(input.fileName, identified, scan);
    } catch (error) {
      if (error instanceof FecFormatError) discardUpload(input.source, identified.path);
      return asValidation(input.fileName, error);
    }
  },

  'fec.import': {
    // Cheap refusals first (same file, replacement not confirmed), before any write.
    prepare: async (input, ctx) => prepareImport(ctx, input),
    // One pass: every line checked (in a worker thread when built, see readForImport.ts)
    // while the kept ones are written; a refusal throws, and the transaction takes the
    // written lines back.
    apply: (input, identified: Identified & { reading: FecReading }, ctx) => {
      // However the import ends, the reading worker ends with it.
      try {
        const inserted = ctx.db
          .insert(fecImports)
          .values({
            conventionId: input.conventionId,
            fileName: input.fileName,
            sha256: identified.sha256,
            fiscalYearEnd: identified.year.end,
            encoding: identified.encoding,
            separator: '',
            lines: 0,
            entries: 0,
            keptLines: 0,
            totalDebitCents: 0,
            totalCreditCents: 0,
            importedAt: ctx.now().toISOString(),
            importedBy: ctx.userName ?? 'inconnu',
          })
          .returning({ id: fecImports.id })
          .get();
        const importId = inserted.id;
        // Maintaining the lookup index row by row costs more than building it once at the
        // end; both happen inside the transaction, so a refusal restores it as it was.
        ctx.sqlite.exec('DROP INDEX IF EXISTS `ledger_lines_import_account_idx`');
        const insertGroup = ctx.sqlite.prepare(insertSql(importId, ROWS_PER_INSERT));
        const write = (group: RowGroup) => {
          const { values, rows } = groupValues(group);
          // Spread, not an array: better-sqlite3 binds arguments faster than array items.
          if (rows === ROWS_PER_INSERT) insertGroup.run(...values);
          // The file's last few rows: once per import.
          else ctx.sqlite.prepare(insertSql(importId, rows)).run(...values);
        };
        let scan: FecScan;
        try {
          scan = identified.reading.take(write);
        } catch (error) {
          if (error instanceof FecFormatError) discardUpload(input.source, identified.path);
          return asValidation(input.fileName, error);
        }
        const preview = previewOf(input.fileName, identified, scan);
        // A file with wrong lines can never be imported: its upload goes now. One only
        // waiting for a confirmation (lines out of the year) stays, for the confirmed retry.
        if (preview.issueCount > 0) discardUpload(input.source, identified.path);
        refuseIfNotImportable(preview, input);
        ctx.sqlite.exec(LEDGER_INDEX);
        ctx.db
          .update(fecImports)
          .set({
            separator: scan.separator,
            lines: scan.lines,
            entries: scan.entries,
            keptLines: scan.keptLines,
            totalDebitCents: scan.totalDebitCents,
            totalCreditCents: scan.totalCreditCents,
          })
          .where(eq(fecImports.id, importId))
          .run();
        let replaced: number | null = null;
        if (identified.replaces) {
          replaced = identified.replaces.importId;
          ctx.db
            .update(fecImports)
            .set({ replacedBy: importId })
            .where(eq(fecImports.id, replaced))
            .run();
          ctx.audit.updated(
            'import FEC',
            identified.replaces.fileName,
            input.conventionId,
            { remplacePar: null },
            { remplacePar: input.fileName },
          );
        }
        ctx.audit.created('import FEC', input.fileName, input.conventionId, {
          exercice: identified.year.end,
          lignes: scan.lines,
          ecritures: scan.entries,
          lignesConservees: scan.keptLines,
          totalDebit: formatEuros(scan.totalDebitCents),
          totalCredit: formatEuros(scan.totalCreditCents),
          sha256: identified.sha256,
        });
        // The upload is removed only once the transaction has committed (a failed commit
        // keeps it, so the import can be tried again).
        if (input.source.kind === 'upload') {
          const uploaded = identified.path;
          ctx.afterCommit(() => rmSync(uploaded, { force: true }));
        }
        return { importId, lines: scan.lines, keptLines: scan.keptLines, replaced };
      } finally {
        identified.reading.cancel();
      }
    },
  },
  'fec.history'({ conventionId }, ctx) {
    conventionRow(ctx.db, conventionId);
    return ctx.db
      .select({
        id: fecImports.id,
        fileName: fecImports.fileName,
        fiscalYearEnd: fecImports.fiscalYearEnd,
        lines: fecImports.lines,
        entries: fecImports.entries,
        keptLines: fecImports.keptLines,
        totalDebitCents: fecImports.totalDebitCents,
        importedAt: fecImports.importedAt,
        importedBy: fecImports.importedBy,
        replacedBy: fecImports.replacedBy,
      })
      .from(fecImports)
      .where(eq(fecImports.conventionId, conventionId))
      .orderBy(desc(fecImports.fiscalYearEnd), desc(fecImports.id))
      .all();
  },
  'fec.accountLines'({ conventionId, fiscalYearEnd, account, analytic, auxiliary, limit }, ctx) {
    const active = activeImport(ctx.db, conventionId, fiscalYearEnd);
    if (!active) return { total: 0, netDebitCents: 0, lines: [] };
    const where = and(
      eq(ledgerLines.importId, active.id),
      like(ledgerLines.compteNum, `${account}%`),
      analytic === undefined ? undefined : eq(ledgerLines.analytic, analytic),
      auxiliary === undefined ? undefined : eq(ledgerLines.compAuxNum, auxiliary),
    );
    const all = ctx.db
      .select({
        id: ledgerLines.id,
        lineNo: ledgerLines.lineNo,
        journalCode: ledgerLines.journalCode,
        ecritureNum: ledgerLines.ecritureNum,
        date: ledgerLines.date,
        compteNum: ledgerLines.compteNum,
        compteLib: ledgerLines.compteLib,
        compAuxNum: ledgerLines.compAuxNum,
        pieceRef: ledgerLines.pieceRef,
        ecritureLib: ledgerLines.ecritureLib,
        debitCents: ledgerLines.debitCents,
        creditCents: ledgerLines.creditCents,
        analytic: ledgerLines.analytic,
      })
      .from(ledgerLines)
      .where(where)
      .orderBy(ledgerLines.lineNo)
      .all();
    return {
      total: all.length,
      netDebitCents: all.reduce((sum, line) => sum + line.debitCents - line.creditCents, 0),
      lines: all.slice(0, limit),
    };
  },
} satisfies HandlerGroup<'fec.preview' | 'fec.import' | 'fec.history' | 'fec.accountLines'>;
