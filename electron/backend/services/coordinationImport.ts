/**
 * Import of the coordination actions and committees (volet 4) from a spreadsheet, through
 * the same wizard as the people import (see import/appendImport.ts for the rules a log
 * import follows). Rows are read by shared/import/coordinationRows.ts; partners are named
 * as typed and must be partners recorded in the convention (none is created by an import).
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import {
  coordinationImportFields,
  coordinationKey,
  coordinationMapper,
  parseCoordinationTable,
  partnerNameKey,
  type CoordinationValues,
} from '../../../shared/import/coordinationRows';
import { coordinationEvents, partners } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { appendImport } from '../import/appendImport';

interface Action {
  values: CoordinationValues;
  partnerIds: number[];
}

const coordinationImport = appendImport<Action>({
  mappingKind: 'coordination',
  label: 'actions de coordination',
  fields: coordinationImportFields,
  mapper: coordinationMapper,
  read(db, conventionId, table, mapping) {
    const parsed = parseCoordinationTable(table, mapping, table.headerLine);
    const recorded = db
      .select({ id: partners.id, name: partners.name })
      .from(partners)
      .where(eq(partners.conventionId, conventionId))
      .all();
    const idOf = new Map(recorded.map((partner) => [partnerNameKey(partner.name), partner.id]));
    const issues: ImportIssue[] = [...parsed.issues];
    const rows: { key: string; entry: Action }[] = [];
    for (const row of parsed.rows) {
      const unknown = row.partnerNames.filter((name) => !idOf.has(partnerNameKey(name)));
      if (unknown.length > 0) {
        issues.push({
          line: row.line,
          column: mapping.partners ?? 'Partenaires',
          value: unknown.join(', '),
          reason: `Partenaire inconnu dans cette convention : ${unknown
            .map((name) => `« ${name} »`)
            .join(', ')}. Ajoutez-le dans l'onglet Coordination, ou corrigez son nom.`,
        });
        continue;
      }
      if (!row.values) continue;
      const partnerIds = [
        ...new Set(row.partnerNames.map((name) => idOf.get(partnerNameKey(name))!)),
      ].sort((a, b) => a - b);
      rows.push({
        key: coordinationKey(row.values, partnerIds),
        entry: { values: row.values, partnerIds },
      });
    }
    return { issues, rows, sample: parsed.rows.slice(0, 10).map((row) => row.display) };
  },
  recordedKeys(db, conventionId) {
    const counts = new Map<string, number>();
    const rows = db
      .select()
      .from(coordinationEvents)
      .where(eq(coordinationEvents.conventionId, conventionId))
      .all();
    for (const row of rows) {
      const key = coordinationKey(
        {
          date: row.date,
          kind: row.kind as CoordinationValues['kind'],
          title: row.title,
          decisions: row.decisions,
        },
        JSON.parse(row.partnerIds) as number[],
      );
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  },
  write(ctx, conventionId, actions) {
    const insert = ctx.sqlite.prepare(
      `INSERT INTO coordination_events (convention_id, date, kind, title, decisions, partner_ids)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    ctx.audit.batched(() => {
      for (const { values, partnerIds } of actions) {
        const id = Number(
          insert.run(
            conventionId,
            values.date,
            values.kind,
            values.title,
            values.decisions,
            JSON.stringify(partnerIds),
          ).lastInsertRowid,
        );
        // As coordination.add logs it.
        ctx.audit.created('coordination', id, conventionId, {
          ...values,
          partenaires: partnerIds,
        });
      }
    });
  },
});

export const coordinationImportHandlers = {
  'coordination.importPreview': (input, ctx) => coordinationImport.preview(input, ctx),
  'coordination.importCommit': coordinationImport.commit,
} satisfies HandlerGroup<'coordination.importPreview' | 'coordination.importCommit'>;
