/**
 * Import of the outreach log (volet 1) from the spreadsheet operators keep (CSV or XLSX),
 * through the same wizard as the people import (see import/appendImport.ts for the rules a
 * log import follows). Rows are read by shared/import/outreachRows.ts; a non-anonymous
 * contact is linked to the person recorded under its file number in the convention.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import {
  outreachImportFields,
  outreachKey,
  outreachMapper,
  parseOutreachTable,
  type OutreachValues,
} from '../../../shared/import/outreachRows';
import { outreachContacts, persons } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { appendImport } from '../import/appendImport';

interface Contact {
  values: OutreachValues;
  personId: number | null;
  fileNumber: string;
}

const outreachImport = appendImport<Contact>({
  mappingKind: 'outreach',
  label: 'journal de repérage',
  fields: outreachImportFields,
  mapper: outreachMapper,
  read(db, conventionId, table, mapping) {
    const parsed = parseOutreachTable(table, mapping, table.headerLine);
    const personIds = new Map(
      db
        .select({ id: persons.id, fileNumber: persons.fileNumber })
        .from(persons)
        .where(eq(persons.conventionId, conventionId))
        .all()
        .map((person) => [person.fileNumber, person.id]),
    );
    const issues: ImportIssue[] = [...parsed.issues];
    const rows: { key: string; entry: Contact }[] = [];
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
      rows.push({
        key: outreachKey(row.values, personId),
        entry: { values: row.values, personId, fileNumber: row.fileNumber },
      });
    }
    return { issues, rows, sample: parsed.rows.slice(0, 10).map((row) => row.display) };
  },
  recordedKeys(db, conventionId) {
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
  },
  write(ctx, conventionId, contacts) {
    // Prepared once, positional: a log may hold thousands of lines (see the bench).
    const insert = ctx.sqlite.prepare(
      `INSERT INTO outreach_contacts (convention_id, date, channel, commune, insee_code, qpv, zrr,
         count, volet, staff, person_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    ctx.audit.batched(() => {
      for (const { values, personId, fileNumber } of contacts) {
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
  },
});

export const outreachImportHandlers = {
  'outreach.importPreview': (input, ctx) => outreachImport.preview(input, ctx),
  'outreach.importCommit': outreachImport.commit,
} satisfies HandlerGroup<'outreach.importPreview' | 'outreach.importCommit'>;
