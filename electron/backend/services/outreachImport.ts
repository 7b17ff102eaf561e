/**
 * Import of the outreach log (volet 1) from the spreadsheet operators keep (CSV or XLSX),
 * through the same wizard as the people import: mapping remembered per convention, preview,
 * all or nothing.
 *
 * The preview and the commit run the same plan: decode, read each row with the mapping
 * (shared/import/outreachRows.ts), link a non-anonymous contact to the person recorded under
 * its file number. A log has no key of its own, so a row equal in every value to a contact
 * already recorded is left as it is (importing the same file twice adds nothing); two equal
 * rows in one file are two contacts (two outings on the same day), and are counted as such.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue, ImportPreview } from '../../../shared/contract/people';
import { cleanMapping } from '../../../shared/import/fieldMapping';
import {
  outreachImportFields,
  outreachKey,
  outreachMapper,
  parseOutreachTable,
  type OutreachValues,
} from '../../../shared/import/outreachRows';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import { outreachContacts, persons } from '../db/schema';
import type { HandlerGroup } from '../handlers';
import type { DecodedTable } from '../import/decodeTable';
import {
  assertConvention,
  mappingStore,
  readImportFile,
  refuseImport,
  type ImportInput,
} from '../import/importSteps';

const SAMPLE_ROWS = 10;
const mappings = mappingStore('outreach');

interface PlannedContact {
  values: OutreachValues;
  personId: number | null;
  fileNumber: string;
}

interface Plan {
  table: DecodedTable;
  mapping: Record<string, string>;
  sample: Record<string, string>[];
  toCreate: PlannedContact[];
  issues: ImportIssue[];
  counts: ImportPreview['counts'];
}

/** How many times each contact is already recorded in the convention (see outreachKey). */
function recordedContacts(db: Db, conventionId: number): Map<string, number> {
  const counts = new Map<string, number>();
  const rows = db
    .select()
    .from(outreachContacts)
    .where(eq(outreachContacts.conventionId, conventionId))
    .all();
  for (const { personId, ...contact } of rows) {
    const key = outreachKey(contact as unknown as OutreachValues, personId);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function plan(db: Db, input: ImportInput, table: DecodedTable): Plan {
  assertConvention(db, input.conventionId);
  const mapping = input.mapping
    ? cleanMapping(input.mapping)
    : outreachMapper.guessMapping(table.headers, mappings.saved(db, input.conventionId));
  const parsed = parseOutreachTable(table, mapping, table.headerLine);
  const issues: ImportIssue[] = [...table.issues, ...parsed.issues];
  const personIds = new Map(
    db
      .select({ id: persons.id, fileNumber: persons.fileNumber })
      .from(persons)
      .where(eq(persons.conventionId, input.conventionId))
      .all()
      .map((person) => [person.fileNumber, person.id]),
  );
  const recorded = recordedContacts(db, input.conventionId);
  const toCreate: PlannedContact[] = [];
  let unchanged = 0;
  for (const row of parsed.rows) {
    const personId = row.fileNumber === '' ? null : (personIds.get(row.fileNumber) ?? null);
    if (row.fileNumber !== '' && personId === null) {
      issues.push({
        line: row.line,
        column: mapping.fileNumber ?? 'N° dossier',
        value: row.fileNumber,
        reason:
          "N° de dossier inconnu dans cette convention : créez ou importez d'abord la personne, ou laissez le contact anonyme.",
      });
      continue;
    }
    if (!row.values) continue;
    const key = outreachKey(row.values, personId);
    const already = recorded.get(key) ?? 0;
    if (already > 0) {
      recorded.set(key, already - 1);
      unchanged += 1;
    } else toCreate.push({ values: row.values, personId, fileNumber: row.fileNumber });
  }
  issues.sort((a, b) => a.line - b.line);
  return {
    table,
    mapping,
    sample: parsed.rows.slice(0, SAMPLE_ROWS).map((row) => row.display),
    toCreate,
    issues,
    counts: {
      rows: table.rows.length,
      // Rows with errors are counted as to create: nothing in the log can be updated.
      toCreate: table.rows.length - unchanged,
      toUpdate: 0,
      unchanged,
    },
  };
}

/** Writes a decoded log: all rows or, at the first issue, nothing (the caller's transaction). */
export function applyOutreachImport(
  ctx: MutationContext,
  input: ImportInput & { mapping: Record<string, string> },
  table: DecodedTable,
) {
  const result = plan(ctx.db, input, table);
  if (result.issues.length > 0) throw refuseImport(input.fileName, result.issues);
  const { conventionId } = input;
  // Prepared once, positional: a log may hold thousands of lines (see the bench).
  const insert = ctx.sqlite.prepare(
    `INSERT INTO outreach_contacts (convention_id, date, channel, commune, insee_code, qpv, zrr,
       count, volet, staff, person_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  ctx.audit.batched(() => {
    for (const { values, personId, fileNumber } of result.toCreate) {
      const id = Number(
        insert.run(
          conventionId,
          values.date,
          values.channel,
          values.commune,
          values.inseeCode,
          values.qpv ? 1 : 0,
          values.zrr ? 1 : 0,
          values.count,
          values.volet,
          values.staff,
          personId,
        ).lastInsertRowid,
      );
      // As outreach.add logs it, with the file number of a non-anonymous contact.
      ctx.audit.created('repérage', id, conventionId, {
        ...values,
        ...(fileNumber ? { dossier: fileNumber } : {}),
      });
    }
  });
  mappings.save(ctx, conventionId, result.mapping);
  ctx.audit.created('import', input.fileName, conventionId, {
    bilan: {
      type: 'journal de repérage',
      format: result.table.format,
      lignes: result.counts.rows,
      creees: result.toCreate.length,
      inchangees: result.counts.unchanged,
      correspondance: result.mapping,
    },
  });
  return { created: result.toCreate.length, unchanged: result.counts.unchanged };
}

export const outreachImportHandlers = {
  async 'outreach.importPreview'(input, ctx) {
    const result = plan(ctx.db, input, await readImportFile(input));
    return {
      format: result.table.format,
      encoding: result.table.encoding,
      delimiter: result.table.delimiter,
      headers: [...result.table.headers],
      mapping: result.mapping,
      fields: outreachImportFields,
      sample: result.sample,
      counts: result.counts,
      issues: result.issues,
    };
  },

  'outreach.importCommit': {
    prepare: (input) => readImportFile(input),
    apply: (input, table, ctx) => applyOutreachImport(ctx, input, table),
  },
} satisfies HandlerGroup<'outreach.importPreview' | 'outreach.importCommit'>;
