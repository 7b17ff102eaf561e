/**
 * Reading one convention's rows out of the database, and writing them back into another:
 * every planned table, columns by name, ids renumbered on the way in (each table's own ids
 * get new values, and every column referring to them follows). Raw SQL through
 * better-sqlite3: tens of thousands of ledger lines go through one prepared statement.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../../../../shared/errors';
import { formatNumber } from '../../../../shared/format';
import type { ConventionData, TableRows } from './fileFormat';
import {
  IDENTITY_TABLE,
  scopeCondition,
  tableInfos,
  TRANSFER_TABLES,
  type ColumnInfo,
} from './plan';

const OPERATOR_COLUMNS = [
  'name',
  'legal_form',
  'siret',
  'rna',
  'address',
  'postal_code',
  'city',
  'representative_name',
  'representative_role',
] as const;

const quoted = (name: string) => `"${name}"`;

export function readConventionRows(
  sqlite: Database.Database,
  conventionId: number,
  includeIdentities: boolean,
): ConventionData {
  const operator = sqlite
    .prepare(
      `SELECT ${OPERATOR_COLUMNS.map(quoted).join(', ')} FROM operators
       WHERE id = (SELECT operator_id FROM conventions WHERE id = ?)`,
    )
    .get(conventionId) as Record<string, unknown> | undefined;
  if (!operator) throw AppError.notFound('Cette convention est introuvable.');
  const tables: Record<string, TableRows> = {};
  for (const { table } of TRANSFER_TABLES) {
    const info = tableInfos().get(table)!;
    const columns = info.columns.map((column) => column.name);
    if (table === IDENTITY_TABLE && !includeIdentities) {
      tables[table] = { columns, rows: [] };
      continue;
    }
    const rows = sqlite
      .prepare(
        `SELECT ${columns.map(quoted).join(', ')} FROM ${quoted(table)}
         WHERE ${scopeCondition(table)} ORDER BY rowid`,
      )
      .raw()
      .all(conventionId) as unknown[][];
    const blobs = info.columns.flatMap((column, index) => (column.kind === 'blob' ? [index] : []));
    for (const row of rows) {
      for (const index of blobs) {
        const value = row[index];
        if (Buffer.isBuffer(value)) row[index] = value.toString('base64');
      }
    }
    tables[table] = { columns, rows };
  }
  return { operator, tables };
}

/** A refusal naming the table and row at fault: the file was written by hand or altered. */
function badRow(label: string, row: number, why: string): AppError {
  return new AppError(
    'VALIDATION',
    `Fichier de convention refusé : ${label}, ligne ${formatNumber(row + 1)} — ${why}. Rien n'a été importé.`,
  );
}

function checkedValue(column: ColumnInfo, value: unknown, fail: (why: string) => never): unknown {
  if (value === null) {
    if (column.notNull) fail(`la valeur « ${column.name} » est obligatoire`);
    return null;
  }
  switch (column.kind) {
    case 'integer':
    case 'boolean':
      if (!Number.isSafeInteger(value)) fail(`« ${column.name} » doit être un nombre entier`);
      return value;
    case 'real':
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(`« ${column.name} » doit être un nombre`);
      return value;
    case 'blob':
      if (typeof value !== 'string') fail(`« ${column.name} » illisible`);
      return Buffer.from(value, 'base64');
    default:
      if (typeof value !== 'string') fail(`« ${column.name} » doit être un texte`);
      if (column.enumValues && !column.enumValues.includes(value))
        fail(`« ${column.name} » ne peut pas valoir « ${value} »`);
      return value;
  }
}

export interface Counted {
  table: string;
  label: string;
  count: number;
}

/** Rows per planned table, and a refusal for any table or column this app does not know. */
export function countRows(data: ConventionData): Counted[] {
  const infos = tableInfos();
  for (const [table, content] of Object.entries(data.tables)) {
    const info = infos.get(table);
    if (!info) throw badRow(`table « ${table} »`, -1, 'table inconnue de Pilote CPO');
    for (const column of content.columns) {
      if (!info.columns.some((known) => known.name === column)) {
        throw badRow(`table « ${table} »`, -1, `colonne « ${column} » inconnue`);
      }
    }
  }
  return TRANSFER_TABLES.map(({ table, label }) => ({
    table,
    label,
    count: data.tables[table]?.rows.length ?? 0,
  }));
}

/**
 * Writes the file's rows as a new convention (inside the caller's transaction) and returns
 * its id and the number of rows written. `reference` replaces the file's when it was taken.
 */
export function writeConventionRows(
  sqlite: Database.Database,
  data: ConventionData,
  options: { operatorId: number; reference: string },
): { conventionId: number; rows: number } {
  const infos = tableInfos();
  const newIds = new Map<string, Map<number, number>>();
  const laterReplacements: { id: number; replacedBy: number }[] = [];
  let written = 0;
  for (const { table, label } of TRANSFER_TABLES) {
    const content = data.tables[table];
    if (!content || content.rows.length === 0) continue;
    const info = infos.get(table)!;
    const columns = content.columns.map((name) => info.columns.find((c) => c.name === name)!);
    const idIndex = content.columns.indexOf('id');
    if (info.ownId && idIndex < 0) throw badRow(label, 0, 'identifiant « id » absent');
    // The table's own id is left to SQLite; the old one only keys the renumbering.
    const inserted = columns.filter((column) => !(info.ownId && column.name === 'id'));
    for (const column of info.columns) {
      if (column.notNull && !column.hasDefault && !(info.ownId && column.name === 'id')) {
        if (!content.columns.includes(column.name)) {
          throw badRow(label, 0, `la valeur « ${column.name} » est absente`);
        }
      }
    }
    const statement = sqlite.prepare(
      `INSERT INTO ${quoted(table)} (${inserted.map((c) => quoted(c.name)).join(', ')})
       VALUES (${inserted.map(() => '?').join(', ')})`,
    );
    const ids = new Map<number, number>();
    newIds.set(table, ids);
    content.rows.forEach((row, rowIndex) => {
      const fail = (why: string): never => {
        throw badRow(label, rowIndex, why);
      };
      if (row.length !== columns.length) fail('nombre de valeurs inattendu');
      const values: unknown[] = [];
      let deferredReplacement: number | null = null;
      columns.forEach((column, index) => {
        if (info.ownId && column.name === 'id') return;
        let value = checkedValue(column, row[index], fail);
        if (table === 'conventions' && column.name === 'operator_id') value = options.operatorId;
        else if (table === 'conventions' && column.name === 'reference') value = options.reference;
        else if (column.references && value !== null) {
          if (column.references === table) {
            // fec_imports.replaced_by: set once every import of the file has its new id.
            deferredReplacement = value as number;
            value = null;
          } else if (column.jsonIds) {
            value = remapJsonIds(value as string, newIds.get(column.references), fail);
          } else {
            const mapped = newIds.get(column.references)?.get(value as number);
            if (mapped === undefined)
              fail(`« ${column.name} » désigne une ligne absente du fichier`);
            value = mapped;
          }
        }
        values.push(value);
      });
      const result = statement.run(...values);
      if (info.ownId) {
        const oldId = row[idIndex];
        if (!Number.isSafeInteger(oldId) || ids.has(oldId as number)) fail('identifiant en double');
        ids.set(oldId as number, Number(result.lastInsertRowid));
        if (deferredReplacement !== null) {
          laterReplacements.push({
            id: Number(result.lastInsertRowid),
            replacedBy: deferredReplacement,
          });
        }
      }
      written += 1;
    });
  }
  const imports = newIds.get('fec_imports');
  for (const { id, replacedBy } of laterReplacements) {
    const mapped = imports?.get(replacedBy);
    if (mapped === undefined)
      throw badRow('FEC importés', 0, 'remplacement par un FEC absent du fichier');
    sqlite.prepare('UPDATE fec_imports SET replaced_by = ? WHERE id = ?').run(mapped, id);
  }
  const conventionId = [...(newIds.get('conventions')?.values() ?? [])];
  if (conventionId.length !== 1) {
    throw new AppError(
      'VALIDATION',
      'Fichier de convention refusé : il doit contenir exactement une convention.',
    );
  }
  return { conventionId: conventionId[0]!, rows: written };
}

function remapJsonIds(
  text: string,
  ids: Map<number, number> | undefined,
  fail: (why: string) => never,
): string {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return fail('liste illisible');
  }
  if (!Array.isArray(list)) return fail('liste attendue');
  return JSON.stringify(
    list.map((old) => {
      const mapped = typeof old === 'number' ? ids?.get(old) : undefined;
      if (mapped === undefined) fail('la liste désigne une ligne absente du fichier');
      return mapped;
    }),
  );
}

/** The operator's values from the file, checked like any row. */
export function operatorValues(data: ConventionData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const column of OPERATOR_COLUMNS) {
    const value = data.operator[column];
    if (typeof value !== 'string') {
      throw new AppError(
        'VALIDATION',
        `Fichier de convention refusé : opérateur, « ${column} » manquant.`,
      );
    }
    values[column] = value;
  }
  return values;
}
