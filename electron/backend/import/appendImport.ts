/**
 * The spreadsheet imports of a convention besides the people (outreach log, coordination
 * actions, six-month follow-ups, barriers), run the same way as the people import: preview
 * and commit run the same plan; the commit is all or nothing (one issue and it throws before
 * writing, in the call's transaction); the mapping is remembered per convention; a summary
 * goes to the audit log.
 *
 * `tableImport` takes a kind that plans its rows itself — what to create, what to update,
 * what is unchanged — so the preview's counts are the plan's, never a guess. `appendImport`
 * is the plan of a log (outreach, coordination): nothing in a log has a key of its own, so a
 * row equal in every value to one already recorded is left as it is — importing the same
 * file twice adds nothing — while two equal rows in one file are two entries (two outings on
 * the same day), each counted.
 */
import type { ImportIssue, ImportPreview } from '../../../shared/contract/people';
import {
  cleanMapping,
  type FieldMapper,
  type ImportMapping,
} from '../../../shared/import/fieldMapping';
import type { MutationContext, QueryContext } from '../context';
import type { Db } from '../db/open';
import type { DecodedTable } from './decodeTable';
import {
  assertConvention,
  mappingStore,
  readImportFile,
  refuseImport,
  type ImportInput,
} from './importSteps';

const SAMPLE_ROWS = 10;

/** What one kind of import would do with a file, given the mapping. */
export interface PlannedRows<C, U> {
  /** Every issue, cells and database checks alike (e.g. an unknown file number). */
  issues: ImportIssue[];
  sample: Record<string, string>[];
  toCreate: C[];
  toUpdate: U[];
  unchanged: number;
  /**
   * Refused rows that name a record already there (counted « à mettre à jour », as the
   * people import counts them); the other refused rows count « à créer ».
   */
  refusedUpdates?: number;
}

export interface TableImportKind<C, U> {
  /** import_mappings.kind */
  mappingKind: string;
  /** Named in the audit summary (« journal de repérage »). */
  label: string;
  fields: ImportPreview['fields'];
  mapper: FieldMapper;
  plan(
    db: Db,
    conventionId: number,
    table: DecodedTable,
    mapping: ImportMapping,
  ): PlannedRows<C, U>;
  write(
    ctx: MutationContext,
    conventionId: number,
    planned: { toCreate: readonly C[]; toUpdate: readonly U[] },
  ): void;
}

/** The preview's counts from a plan: every row of the file is in exactly one of the three. */
export function planCounts(rows: number, planned: PlannedRows<unknown, unknown>) {
  const refused = rows - planned.toCreate.length - planned.toUpdate.length - planned.unchanged;
  const refusedUpdates = Math.min(planned.refusedUpdates ?? 0, Math.max(refused, 0));
  return {
    rows,
    toCreate: planned.toCreate.length + Math.max(refused, 0) - refusedUpdates,
    toUpdate: planned.toUpdate.length + refusedUpdates,
    unchanged: planned.unchanged,
  };
}

export function tableImport<C, U>(kind: TableImportKind<C, U>) {
  const mappings = mappingStore(kind.mappingKind);

  const plan = (db: Db, input: ImportInput, table: DecodedTable) => {
    assertConvention(db, input.conventionId);
    const mapping = input.mapping
      ? cleanMapping(input.mapping)
      : kind.mapper.guessMapping(table.headers, mappings.saved(db, input.conventionId));
    const planned = kind.plan(db, input.conventionId, table, mapping);
    const issues = [...table.issues, ...planned.issues].sort((a, b) => a.line - b.line);
    const counts = planCounts(table.rows.length, planned);
    return {
      table,
      mapping,
      sample: planned.sample.slice(0, SAMPLE_ROWS),
      planned,
      issues,
      counts,
    };
  };

  const preview = async (input: ImportInput, ctx: QueryContext): Promise<ImportPreview> => {
    const result = plan(ctx.db, input, await readImportFile(input));
    return {
      format: result.table.format,
      encoding: result.table.encoding,
      delimiter: result.table.delimiter,
      headers: [...result.table.headers],
      mapping: result.mapping,
      fields: kind.fields,
      sample: result.sample,
      counts: result.counts,
      issues: result.issues,
    };
  };

  const apply = (
    ctx: MutationContext,
    input: ImportInput & { mapping: ImportMapping },
    table: DecodedTable,
  ) => {
    const result = plan(ctx.db, input, table);
    if (result.issues.length > 0) throw refuseImport(input.fileName, result.issues);
    const { toCreate, toUpdate, unchanged } = result.planned;
    kind.write(ctx, input.conventionId, { toCreate, toUpdate });
    mappings.save(ctx, input.conventionId, result.mapping);
    ctx.audit.created('import', input.fileName, input.conventionId, {
      bilan: {
        type: kind.label,
        format: result.table.format,
        lignes: result.counts.rows,
        creees: toCreate.length,
        ...(toUpdate.length > 0 ? { misesAJour: toUpdate.length } : {}),
        inchangees: unchanged,
        correspondance: result.mapping,
      },
    });
    return { created: toCreate.length, updated: toUpdate.length, unchanged };
  };

  return {
    preview,
    commit: {
      prepare: (input: ImportInput) => readImportFile(input),
      apply: (
        input: ImportInput & { mapping: ImportMapping },
        table: DecodedTable,
        ctx: MutationContext,
      ) => apply(ctx, input, table),
    },
  };
}

/** What one kind of log import reads from a file, given the mapping. */
export interface AppendRows<T> {
  /** Every issue, cells and database checks alike (e.g. an unknown file number). */
  issues: ImportIssue[];
  /** The rows with no issue, with the key that says whether each is recorded already. */
  rows: { key: string; entry: T }[];
  sample: Record<string, string>[];
}

export interface AppendImportKind<T> {
  mappingKind: string;
  label: string;
  fields: ImportPreview['fields'];
  mapper: FieldMapper;
  read(db: Db, conventionId: number, table: DecodedTable, mapping: ImportMapping): AppendRows<T>;
  /** How many times each key is recorded in the convention already. */
  recordedKeys(db: Db, conventionId: number): Map<string, number>;
  write(ctx: MutationContext, conventionId: number, entries: readonly T[]): void;
}

/** A log: each row is added unless an equal row is recorded (each recorded row matches once). */
export function appendImport<T>(kind: AppendImportKind<T>) {
  return tableImport<T, never>({
    mappingKind: kind.mappingKind,
    label: kind.label,
    fields: kind.fields,
    mapper: kind.mapper,
    plan(db, conventionId, table, mapping) {
      const read = kind.read(db, conventionId, table, mapping);
      const recorded = kind.recordedKeys(db, conventionId);
      const toCreate: T[] = [];
      let unchanged = 0;
      for (const { key, entry } of read.rows) {
        const already = recorded.get(key) ?? 0;
        if (already > 0) {
          recorded.set(key, already - 1);
          unchanged += 1;
        } else toCreate.push(entry);
      }
      return { issues: read.issues, sample: read.sample, toCreate, toUpdate: [], unchanged };
    },
    write: (ctx, conventionId, { toCreate }) => kind.write(ctx, conventionId, toCreate),
  });
}
