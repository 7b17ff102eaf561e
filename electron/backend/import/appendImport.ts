/**
 * Imports that only add rows to a log of the convention (the outreach log, the coordination
 * actions): nothing in such a log has a key of its own, so a row equal in every value to
 * one already recorded is left as it is — importing the same file twice adds nothing — while
 * two equal rows in one file are two entries (two outings on the same day), each counted.
 *
 * Same wizard and rules as the people import: preview and commit run the same plan; the
 * commit is all or nothing (one issue and it throws before writing, in the call's
 * transaction); the mapping is remembered per convention; a summary goes to the audit log.
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

/** What one kind of log import reads from a file, given the mapping. */
export interface AppendRows<T> {
  /** Every issue, cells and database checks alike (e.g. an unknown file number). */
  issues: ImportIssue[];
  /** The rows with no issue, with the key that says whether each is recorded already. */
  rows: { key: string; entry: T }[];
  sample: Record<string, string>[];
}

export interface AppendImportKind<T> {
  /** import_mappings.kind */
  mappingKind: string;
  /** Named in the audit summary (« journal de repérage »). */
  label: string;
  fields: ImportPreview['fields'];
  mapper: FieldMapper;
  read(db: Db, conventionId: number, table: DecodedTable, mapping: ImportMapping): AppendRows<T>;
  /** How many times each key is recorded in the convention already. */
  recordedKeys(db: Db, conventionId: number): Map<string, number>;
  write(ctx: MutationContext, conventionId: number, entries: readonly T[]): void;
}

export function appendImport<T>(kind: AppendImportKind<T>) {
  const mappings = mappingStore(kind.mappingKind);

  const plan = (db: Db, input: ImportInput, table: DecodedTable) => {
    assertConvention(db, input.conventionId);
    const mapping = input.mapping
      ? cleanMapping(input.mapping)
      : kind.mapper.guessMapping(table.headers, mappings.saved(db, input.conventionId));
    const read = kind.read(db, input.conventionId, table, mapping);
    const recorded = kind.recordedKeys(db, input.conventionId);
    const toCreate: T[] = [];
    let unchanged = 0;
    for (const { key, entry } of read.rows) {
      const already = recorded.get(key) ?? 0;
      if (already > 0) {
        recorded.set(key, already - 1);
        unchanged += 1;
      } else toCreate.push(entry);
    }
    const issues = [...table.issues, ...read.issues].sort((a, b) => a.line - b.line);
    const counts = {
      rows: table.rows.length,
      // Rows with errors are counted as to create: nothing in a log is updated.
      toCreate: table.rows.length - unchanged,
      toUpdate: 0,
      unchanged,
    };
    return { table, mapping, sample: read.sample.slice(0, SAMPLE_ROWS), toCreate, issues, counts };
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
    kind.write(ctx, input.conventionId, result.toCreate);
    mappings.save(ctx, input.conventionId, result.mapping);
    ctx.audit.created('import', input.fileName, input.conventionId, {
      bilan: {
        type: kind.label,
        format: result.table.format,
        lignes: result.counts.rows,
        creees: result.toCreate.length,
        inchangees: result.counts.unchanged,
        correspondance: result.mapping,
      },
    });
    return { created: result.toCreate.length, unchanged: result.counts.unchanged };
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
