/**
 * The three documents for the DREETS. Generating one is a mutation in two steps: `prepare`
 * gathers the figures (read-only), checks what is missing and builds the Word file — slow
 * work, run in a worker thread and kept out of the transaction (reportDocument.ts,
 * reports/reportThread.ts) — and `apply` archives the file with its SHA-256 and the tables
 * it printed, and logs who generated it.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { ReportKind } from '../../../shared/contract/reports';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { reportArchive, reportNarratives } from '../db/schema';
import type { HandlerGroup, PreparedMutation } from '../handlerTypes';
import { tablesToCsv, tablesToXlsx, type ReportContent } from '../reports';
import { prepareReportOffThread } from '../reports/reportThread';
import { readConvention } from './conventions';
import { contentOf, narrativesOf, type PreparedReport } from './reportDocument';

/**
 * The preparation — reading the figures from a snapshot and building the Word file, 1 to 5 s
 * at 10 000 people — runs in a worker thread with its own read-only connection, so the
 * other users' calls are answered meanwhile; the transaction only archives and logs.
 * What is printed is the database as it was when the worker's snapshot opened, just after
 * the call (`snapshotTag`); a change committed by someone else while it was being built is
 * not in it, as it would be in any document generated a moment earlier (see reportThread.ts).
 */
const generate: PreparedMutation<'reports.generate', PreparedReport> = {
  prepare: (input, ctx) => prepareReportOffThread(ctx, input),
  apply(input, prepared, ctx) {
    const values = {
      conventionId: input.conventionId,
      kind: input.kind,
      yearIndex: input.yearIndex,
      fileName: prepared.fileName,
      sha256: prepared.sha256,
      sizeBytes: prepared.buffer.length,
      content: prepared.buffer,
      figures: prepared.figures,
      draft: prepared.missing.length > 0,
      missing: JSON.stringify(prepared.missing),
      generatedAt: ctx.now().toISOString(),
      generatedBy: ctx.userName ?? 'inconnu',
    };
    const inserted = ctx.db
      .insert(reportArchive)
      .values(values)
      .returning({ id: reportArchive.id })
      .get();
    ctx.audit.created('document', inserted.id, input.conventionId, {
      fichier: values.fileName,
      sha256: values.sha256,
      projet: values.draft,
    });
    return { id: inserted.id, ...entryOf(values) };
  },
};

function entryOf(row: {
  kind: ReportKind;
  yearIndex: number | null;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  draft: boolean;
  missing: string;
  generatedAt: string;
  generatedBy: string;
}) {
  return {
    kind: row.kind,
    yearIndex: row.yearIndex,
    fileName: row.fileName,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    draft: row.draft,
    missing: JSON.parse(row.missing) as string[],
    generatedAt: row.generatedAt,
    generatedBy: row.generatedBy,
  };
}

function archived(db: Db, id: number) {
  const row = db.select().from(reportArchive).where(eq(reportArchive.id, id)).get();
  if (!row) throw AppError.notFound('Ce document est introuvable dans les archives.');
  return row;
}

export const reportHandlers = {
  'narratives.get'({ conventionId, yearIndex }, ctx) {
    return narrativesOf(ctx.db, conventionId, yearIndex);
  },
  'narratives.set'({ conventionId, yearIndex, section, text }, ctx) {
    readConvention(ctx.db, conventionId);
    const where = and(
      eq(reportNarratives.conventionId, conventionId),
      eq(reportNarratives.yearIndex, yearIndex),
      eq(reportNarratives.section, section),
    );
    const before = ctx.db.select().from(reportNarratives).where(where).get()?.text ?? null;
    if (text === '') ctx.db.delete(reportNarratives).where(where).run();
    else
      ctx.db
        .insert(reportNarratives)
        .values({ conventionId, yearIndex, section, text })
        .onConflictDoUpdate({
          target: [
            reportNarratives.conventionId,
            reportNarratives.yearIndex,
            reportNarratives.section,
          ],
          set: { text },
        })
        .run();
    ctx.audit.updated(
      'partie rédigée',
      `année ${yearIndex}/${section}`,
      conventionId,
      { texte: before },
      { texte: text || null },
    );
    return { ok: true as const };
  },
  'reports.check'(input, ctx) {
    const { items, missing, provisional } = contentOf(ctx, input, true);
    return { items, missing, provisional };
  },
  'reports.generate': generate,
  'reports.list'({ conventionId }, ctx) {
    return ctx.db
      .select({
        id: reportArchive.id,
        kind: reportArchive.kind,
        yearIndex: reportArchive.yearIndex,
        fileName: reportArchive.fileName,
        sha256: reportArchive.sha256,
        sizeBytes: reportArchive.sizeBytes,
        draft: reportArchive.draft,
        missing: reportArchive.missing,
        generatedAt: reportArchive.generatedAt,
        generatedBy: reportArchive.generatedBy,
      })
      .from(reportArchive)
      .where(eq(reportArchive.conventionId, conventionId))
      .orderBy(desc(reportArchive.id))
      .all()
      .map((row) => ({ id: row.id, ...entryOf(row) }));
  },
  'reports.file'({ id }, ctx) {
    const row = archived(ctx.db, id);
    return {
      fileName: row.fileName,
      sha256: row.sha256,
      contentBase64: Buffer.from(row.content).toString('base64'),
    };
  },
  async 'reports.tables'({ id, format }, ctx) {
    const row = archived(ctx.db, id);
    const content = JSON.parse(row.figures) as ReportContent;
    const base = row.fileName.replace(/\.docx$/, '');
    if (format === 'csv')
      return {
        fileName: `${base}_tableaux.csv`,
        contentBase64: Buffer.from(tablesToCsv(content), 'utf8').toString('base64'),
      };
    return {
      fileName: `${base}_tableaux.xlsx`,
      contentBase64: (await tablesToXlsx(content)).toString('base64'),
    };
  },
} satisfies HandlerGroup<
  | 'narratives.get'
  | 'narratives.set'
  | 'reports.check'
  | 'reports.generate'
  | 'reports.list'
  | 'reports.file'
  | 'reports.tables'
>;
