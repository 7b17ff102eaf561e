/**
 * The convention file must carry every table that belongs to a convention. The schema is
 * walked for tables with a `convention_id` column or a foreign key to such a table
 * (transitively); that set must be exactly the exporter's list. Adding a table that hangs
 * off a convention without adding it to transfer/plan.ts makes this test fail.
 */
import { describe, expect, test } from 'vitest';
import {
  conventionScopedTables,
  HIDDEN_REFERENCES,
  KEPT_AS_WRITTEN,
  schemaTables,
  tableInfos,
  TRANSFER_TABLES,
} from '../../electron/backend/services/transfer/plan';

const planned = TRANSFER_TABLES.map((entry) => entry.table);

describe('convention file plan', () => {
  test('covers every convention-scoped table of the schema, and only those', () => {
    expect([...conventionScopedTables()].sort()).toEqual([...planned].sort());
    // The walk does find children of children (ledger lines hang off FEC imports).
    expect(conventionScopedTables()).toContain('ledger_lines');
    expect(conventionScopedTables()).toContain('person_identities');
    expect(conventionScopedTables()).not.toContain('operators');
    expect(conventionScopedTables()).not.toContain('settings');
    expect(new Set(planned).size).toBe(planned.length);
  });

  test('every column that holds ids is a known reference, so the import renumbers it', () => {
    const unknown: string[] = [];
    for (const info of tableInfos().values()) {
      for (const column of info.columns) {
        const looksLikeIds =
          /_ids?$/.test(column.name) || (column.kind === 'integer' && /_by$/.test(column.name));
        const name = `${info.name}.${column.name}`;
        if (looksLikeIds && column.references === null && !KEPT_AS_WRITTEN.includes(name))
          unknown.push(name);
      }
    }
    expect(unknown).toEqual([]);
    for (const [table, columns] of Object.entries(HIDDEN_REFERENCES)) {
      for (const column of Object.keys(columns)) {
        expect(
          tableInfos()
            .get(table)
            ?.columns.map((c) => c.name),
        ).toContain(column);
      }
    }
  });

  test('rows are written parents first: a table only refers to tables above it', () => {
    for (const info of tableInfos().values()) {
      for (const column of info.columns) {
        if (!column.references || column.references === info.name) continue;
        if (column.references === 'operators') continue; // found by SIRET, not in the list
        expect(
          planned.indexOf(column.references),
          `${info.name}.${column.name} → ${column.references}`,
        ).toBeLessThan(planned.indexOf(info.name));
      }
    }
  });

  test('every planned table exists and is scoped to the convention', () => {
    const tables = schemaTables();
    for (const name of planned) {
      expect(tables.has(name)).toBe(true);
      if (name !== 'conventions') expect(tableInfos().get(name)?.scope).not.toBeNull();
    }
  });
});
