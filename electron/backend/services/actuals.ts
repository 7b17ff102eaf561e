/**
 * Actuals from the FEC: preview (every check, no write), import (one transaction, kept
 * lines only: classes 6, 7, 86, 87), replacement of an earlier file of the same year (kept
 * in the history), and the lines behind any figure.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { and, desc, eq, isNull, like } from 'drizzle-orm';
import type { CallOutput, CallParsedInput } from '../../../shared/contract';
import type { FecPreview, FileSource } from '../../../shared/contract/actuals';
import { FecFormatError } from '../../../shared/fec/fecLine';
import { AppError } from '../../../shared/errors';
import { formatDate, formatEuros, formatNumber } from '../../../shared/format';
import type { BaseContext, MutationContext } from '../context';
import type { Db } from '../db/open';
import { fecImports, ledgerLines } from '../db/schema';
import { identifyFile, type FecEncoding } from '../fec/fecText';
import {
  decideFileYear,
  guessFileYear,
  yearOutsideConvention,
  type FileYear,
} from '../fec/fileYear';
import { groupValues, insertSql, ROWS_PER_INSERT, type RowGroup } from '../fec/keptRows';
import { runSteps, startFecReading, type FecReading, type Pause } from '../fec/readForImport';
import { scanFec, scanFecAsync, type FecScan } from '../fec/scanFec';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow } from './lookup';
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

interface Identified {
  path: string;
  size: number;
  encoding: FecEncoding;
  sha256: string;
  /** A first guess (the name, or the dates when read) until settleYear() has the dates. */
  year: FileYear;
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
  let identifiedFile: ReturnType<typeof identifyFile>;
  try {
    // Refuses NUL bytes and mixed encodings, naming the line.
    identifiedFile = identifyFile(path);
  } catch (error) {
    if (error instanceof FecFormatError) discardUpload(input.source, path);
    return asValidation(input.fileName, error);
  }
  const { encoding, sha256, size } = identifiedFile;
  const guess = guessFileYear(input.fileName, convention.fiscalYearEnd, ctx.today());
  let year = decideFileYear({
    fileName: input.fileName,
    firstDate: null,
    lastDate: null,
    fiscalYearEnd: convention.fiscalYearEnd,
    today: ctx.today(),
  });
  if (guess.from !== 'fileName') {
    try {
      const { firstDate, lastDate } = scanFec(path, { encoding });
      year = decideFileYear({
        fileName: input.fileName,
        firstDate,
        lastDate,
        fiscalYearEnd: convention.fiscalYearEnd,
        today: ctx.today(),
      });
      refuseOutsideConvention(input.fileName, year, convention);
    } catch (error) {
      // Content refused (unreadable, or a year the convention does not cover): the upload goes.
      if (error instanceof FecFormatError || error instanceof AppError)
        discardUpload(input.source, path);
      asValidation(input.fileName, error);
    }
  }
  const duplicate = db
    .select()
    .from(fecImports)
    .where(and(eq(fecImports.conventionId, input.conventionId), eq(fecImports.sha256, sha256)))
    .get();
  const duplicateOf = duplicate
    ? { importId: duplicate.id, importedAt: duplicate.importedAt }
    : null;
  return {
    path,
    size,
    encoding,
    sha256,
    year,
    duplicateOf,
    replaces: replacedImport(db, input.conventionId, year.end, duplicateOf),
  };
}

/** The import in force for that year, which this file would replace. */
function replacedImport(
  db: Db,
  conventionId: number,
  fiscalYearEnd: string,
  duplicateOf: Identified['duplicateOf'],
): Identified['replaces'] {
  const previous = db
    .select()
    .from(fecImports)
    .where(
      and(
        eq(fecImports.conventionId, conventionId),
        eq(fecImports.fiscalYearEnd, fiscalYearEnd),
        isNull(fecImports.replacedBy),
      ),
    )
    .get();
  return previous && previous.id !== duplicateOf?.importId
    ? { importId: previous.id, fileName: previous.fileName, importedAt: previous.importedAt }
    : null;
}

/** A FEC of a year the convention does not cover is refused, naming the convention's years. */
function refuseOutsideConvention(
  fileName: string,
  year: FileYear,
  convention: { startDate: string; endDate: string; fiscalYearEnd: string },
) {
  const reason = yearOutsideConvention(year, convention);
  if (reason) {
    throw AppError.validation(
      [{ path: 'source', message: `Exercice hors convention : ${reason}` }],
      `« ${fileName} » refusé : ${reason}`,
    );
  }
}

/**
 * Once the lines are read: the year their dates give (see fileYear.ts), refused when the
 * convention does not cover it. `changed` when it is not the year the lines were read
 * with, which must then be read again (lines out of the year depend on it).
 */
function settleYear(
  db: Db,
  ctx: Pick<BaseContext, 'today'>,
  input: { conventionId: number; fileName: string; source: FileSource },
  identified: Identified,
  scan: FecScan,
): { year: FileYear; replaces: Identified['replaces']; changed: boolean } {
  const convention = conventionRow(db, input.conventionId);
  const year = decideFileYear({
    fileName: input.fileName,
    firstDate: scan.firstDate,
    lastDate: scan.lastDate,
    fiscalYearEnd: convention.fiscalYearEnd,
    today: ctx.today(),
  });
  try {
    refuseOutsideConvention(input.fileName, year, convention);
  } catch (error) {
    discardUpload(input.source, identified.path);
    throw error;
  }
  const changed = year.end !== identified.year.end;
  return {
    year,
    replaces: changed
      ? replacedImport(db, input.conventionId, year.end, identified.duplicateOf)
      : identified.replaces,
    changed,
  };
}

/** The layout recognised, in words a bookkeeper uses (shown in the preview). */
function layoutOf(scan: FecScan, year: FileYear): string[] {
  const layout = [
    `Séparateur : ${scan.separator === 'TAB' ? 'tabulation' : 'barre verticale « | »'}.`,
    `Encodage : ${scan.encoding === 'UTF-8' ? 'UTF-8' : 'ISO-8859-15 (Latin-9)'}.`,
    scan.amountStyle === 'Debit/Credit'
      ? 'Montants : une colonne Débit et une colonne Crédit.'
      : 'Montants : une colonne Montant et son sens (D/C, +/-, +1/-1).',
    `Exercice du ${formatDate(year.start)} au ${formatDate(year.end)}, ${year.why}.`,
  ];
  if (year.provisional) {
    layout.push(
      'Exercice pas encore clos : import provisoire, à remplacer par le FEC de l’exercice clos.',
    );
  }
  if (scan.extraColumns.length > 0) {
    layout.push(`Colonnes en plus, conservées : ${scan.extraColumns.join(', ')}.`);
  }
  if (scan.trailingEmptyFieldLines > 0) {
    layout.push(
      `${formatNumber(scan.trailingEmptyFieldLines)} ligne(s) finissent par des champs vides en trop (séparateur final superflu) : ignorés, sans effet sur les montants.`,
    );
  }
  return layout;
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
    layout: layoutOf(scan, identified.year),
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
  const year = guessFileYear(
    input.fileName,
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

/**
 * The import's writes, in steps: one pass, every line checked (in a worker thread when
 * built, see readForImport.ts) while the kept ones are written, pausing every CHUNK_ROWS
 * rows so the backend can answer queries meanwhile; a refusal throws, and the transaction
 * takes the written lines back, those of earlier steps included.
 */
function* importSteps(
  input: CallParsedInput<'fec.import'>,
  identified: Identified & { reading: FecReading },
  ctx: MutationContext,
  blocking: boolean,
): Generator<Pause, CallOutput<'fec.import'>, void> {
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
      scan = yield* identified.reading.steps(write, blocking);
    } catch (error) {
      if (error instanceof FecFormatError) discardUpload(input.source, identified.path);
      return asValidation(input.fileName, error);
    }
    if (scan.issueCount === 0) {
      const settled = settleYear(ctx.db, ctx, input, identified, scan);
      if (settled.changed) {
        // Read with the name's year, which was an export date: the lines written so far
        // (possibly stopped at the first "out of the year") go, and the file is read again
        // with the year of its dates, inside the same transaction.
        ctx.sqlite.prepare('DELETE FROM ledger_lines WHERE import_id = ?').run(importId);
        identified.reading.cancel();
        identified.reading = startFecReading(identified.path, {
          encoding: identified.encoding,
          year: settled.year,
          refuseOutOfYear: !input.acceptOutOfYear,
        });
        scan = yield* identified.reading.steps(write, blocking);
        ctx.db
          .update(fecImports)
          .set({ fiscalYearEnd: settled.year.end })
          .where(eq(fecImports.id, importId))
          .run();
      }
      identified.year = settled.year;
      identified.replaces = settled.replaces;
      refuseDuplicateOrUnconfirmedReplacement(identified, input);
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
      provisoire: identified.year.provisional,
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
}

export const actualsHandlers = {
  async 'fec.preview'(input, ctx) {
    const identified = identify(ctx.db, ctx, input);
    const jobId = `fec-${identified.sha256.slice(0, 12)}`;
    const label = `Vérification de « ${input.fileName} »`;
    try {
      const read = (year: FileYear) =>
        scanFecAsync(identified.path, {
          encoding: identified.encoding,
          size: identified.size,
          year,
          onProgress: (done, total) => ctx.emit({ type: 'progress', jobId, label, done, total }),
        });
      let scan = await read(identified.year);
      const settled = settleYear(ctx.db, ctx, input, identified, scan);
      // The name's date was not the close (an export date): read again with the right year,
      // so the lines out of the year are those of that year. Rare: one more pass.
      if (settled.changed) scan = await read(settled.year);
      return previewOf(
        input.fileName,
        { ...identified, year: settled.year, replaces: settled.replaces },
        scan,
      );
    } catch (error) {
      if (error instanceof FecFormatError) discardUpload(input.source, identified.path);
      return asValidation(input.fileName, error);
    }
  },

  'fec.import': {
    // Cheap refusals first (same file, replacement not confirmed), before any write.
    prepare: async (input, ctx) => prepareImport(ctx, input),
    // Without pauses: the demo imports inside its own (synchronous) transaction.
    apply: (input, identified: Identified & { reading: FecReading }, ctx) =>
      runSteps(importSteps(input, identified, ctx, true)),
    // Through the backend: paused every CHUNK_ROWS rows, other calls' queries answered.
    steps: (input, identified: Identified & { reading: FecReading }, ctx) =>
      importSteps(input, identified, ctx, false),
  },
  'fec.history'({ conventionId }, ctx) {
    conventionRow(ctx.db, conventionId);
    return (
      ctx.db
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
        .all()
        // Provisional: imported before its year closed (read from what is stored, so no
        // column to keep in step); a later file of the closed year replaces it.
        .map((row) => ({ ...row, provisional: row.importedAt.slice(0, 10) <= row.fiscalYearEnd }))
    );
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
