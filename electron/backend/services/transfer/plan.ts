/**
 * What a convention file carries: every table that hangs off a convention, in the order they
 * are written back (a row's parents first), with the label the import preview shows. The
 * columns, keys and references are read from the drizzle schema itself, so a column added
 * to a listed table travels without a change here; a new table is caught by
 * tests/unit/transferPlan.test.ts, which walks the schema for convention-scoped tables.
 */
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as schema from '../../db/schema';

export interface PlannedTable {
  table: string;
  /** What the preview says the rows are, in French (plural). */
  label: string;
}

/** Written in this order: a table only refers to tables above it (fec_imports.replaced_by aside). */
export const TRANSFER_TABLES: readonly PlannedTable[] = [
  { table: 'conventions', label: 'Convention' },
  { table: 'convention_volets', label: 'Volets' },
  { table: 'territories', label: 'Communes du territoire' },
  { table: 'co_holders', label: 'Co-porteurs' },
  { table: 'state_contributions', label: "Contributions de l'État (par année)" },
  { table: 'indicator_definitions', label: 'Indicateurs' },
  { table: 'indicator_targets', label: 'Cibles' },
  { table: 'avenants', label: 'Avenants' },
  { table: 'avenant_changes', label: 'Modifications apportées par les avenants' },
  { table: 'compensation_amendments', label: 'Paramètres de compensation modifiés par avenant' },
  { table: 'persons', label: 'Personnes (pseudonymes : n° de dossier)' },
  { table: 'person_identities', label: 'Identités (noms et coordonnées)' },
  { table: 'pathways', label: 'Parcours' },
  { table: 'barriers', label: 'Freins' },
  { table: 'person_actions', label: 'Actions' },
  { table: 'outreach_contacts', label: 'Contacts de repérage' },
  { table: 'partners', label: 'Partenaires' },
  { table: 'coordination_events', label: 'Actions de coordination' },
  { table: 'manual_indicator_values', label: "Valeurs d'indicateurs saisies" },
  { table: 'import_mappings', label: 'Correspondances de colonnes mémorisées' },
  { table: 'privacy_register', label: 'Registre RGPD' },
  { table: 'fec_imports', label: 'FEC importés' },
  { table: 'ledger_lines', label: 'Lignes comptables conservées' },
  { table: 'account_mappings', label: 'Correspondances comptes → CERFA' },
  { table: 'budget_lines', label: 'Lignes du budget prévisionnel' },
  { table: 'gap_explanations', label: "Explications d'écarts" },
  { table: 'analytic_codes', label: 'Codes analytiques' },
  { table: 'analytic_rules', label: 'Règles analytiques' },
  { table: 'allocation_keys', label: 'Clés de répartition' },
  { table: 'contribution_payments', label: 'Versements de la contribution' },
  { table: 'public_supports', label: 'Autres soutiens publics' },
  { table: 'de_minimis_aids', label: 'Aides de minimis' },
  { table: 'report_narratives', label: 'Textes des rapports' },
  { table: 'report_archive', label: 'Documents archivés' },
  { table: 'audit_log', label: "Lignes de l'historique des modifications" },
];

/** Identities are exported only when the user asks for them. */
export const IDENTITY_TABLE = 'person_identities';

/**
 * References the schema does not declare as foreign keys, each given the table its ids
 * belong to. `json` marks a JSON array of ids held in a text column.
 */
export const HIDDEN_REFERENCES: Readonly<
  Record<string, Readonly<Record<string, { table: string; json?: true }>>>
> = {
  // The convention of a history row: no foreign key, so a deleted convention's rows stay.
  audit_log: { convention_id: { table: 'conventions' } },
  // The newer import of the same year (kept history): written once every import has its id.
  fec_imports: { replaced_by: { table: 'fec_imports' } },
  coordination_events: { partner_ids: { table: 'partners', json: true } },
};

/**
 * Columns that look like ids but are kept as written: the history's entity_id is text that
 * named a row of the source database when it was written (« HE-0001/12 »), part of the record.
 */
export const KEPT_AS_WRITTEN: readonly string[] = ['audit_log.entity_id'];

export type ColumnKind = 'integer' | 'boolean' | 'real' | 'text' | 'blob';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  notNull: boolean;
  hasDefault: boolean;
  enumValues: readonly string[] | null;
  /** The table whose ids this column holds (declared foreign key or hidden reference). */
  references: string | null;
  /** A JSON array of ids (coordination_events.partner_ids). */
  jsonIds: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** True when `id` is the table's own autoincrement key: renumbered on import. */
  ownId: boolean;
  /** How rows of one convention are found: a column, and the table its value belongs to. */
  scope: { column: string; parent: string } | null;
}

function kindOf(column: SQLiteColumn): ColumnKind {
  switch (column.columnType) {
    case 'SQLiteInteger':
    case 'SQLiteTimestamp':
      return 'integer';
    case 'SQLiteBoolean':
      return 'boolean';
    case 'SQLiteReal':
      return 'real';
    case 'SQLiteBlobBuffer':
    case 'SQLiteBlobJson':
    case 'SQLiteBigInt':
      return 'blob';
    default:
      return 'text';
  }
}

/** Every table of the schema, by SQL name. */
export function schemaTables(): Map<string, SQLiteTable> {
  const tables = new Map<string, SQLiteTable>();
  for (const value of Object.values(schema)) {
    if (value instanceof SQLiteTable) tables.set(getTableConfig(value).name, value);
  }
  return tables;
}

function declaredReferences(table: SQLiteTable): Map<string, string> {
  const references = new Map<string, string>();
  for (const foreignKey of getTableConfig(table).foreignKeys) {
    const reference = foreignKey.reference();
    const column = reference.columns[0];
    if (reference.columns.length === 1 && column) {
      references.set(column.name, getTableConfig(reference.foreignTable).name);
    }
  }
  return references;
}

/**
 * The tables that belong to a convention, found in the schema alone: those with a
 * `convention_id` column, and those referring to one of them, transitively. The test
 * compares this with TRANSFER_TABLES.
 */
export function conventionScopedTables(): Set<string> {
  const tables = schemaTables();
  const scoped = new Set<string>(['conventions']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [name, table] of tables) {
      if (scoped.has(name)) continue;
      const config = getTableConfig(table);
      const direct = config.columns.some((column) => column.name === 'convention_id');
      const child = [...declaredReferences(table).values()].some((parent) => scoped.has(parent));
      if (direct || child) {
        scoped.add(name);
        grew = true;
      }
    }
  }
  return scoped;
}

let cached: Map<string, TableInfo> | null = null;

/** Columns, keys and scope of every planned table. */
export function tableInfos(): Map<string, TableInfo> {
  if (cached) return cached;
  const tables = schemaTables();
  const infos = new Map<string, TableInfo>();
  for (const { table: name } of TRANSFER_TABLES) {
    const table = tables.get(name);
    if (!table) throw new Error(`Transfer plan names a table the schema lacks: ${name}`);
    const config = getTableConfig(table);
    const declared = declaredReferences(table);
    const hidden = HIDDEN_REFERENCES[name] ?? {};
    const columns: ColumnInfo[] = config.columns.map((column) => ({
      name: column.name,
      kind: kindOf(column),
      notNull: column.notNull,
      hasDefault: column.hasDefault,
      enumValues: (column as { enumValues?: string[] }).enumValues ?? null,
      references: declared.get(column.name) ?? hidden[column.name]?.table ?? null,
      jsonIds: hidden[column.name]?.json === true,
    }));
    const idColumn = config.columns.find((column) => column.name === 'id');
    const ownId = Boolean(idColumn?.primary) && !declared.has('id');
    let scope: TableInfo['scope'] = null;
    if (name !== 'conventions') {
      const direct = columns.find((column) => column.name === 'convention_id');
      const viaParent = columns.find(
        (column) =>
          column.references !== null &&
          column.references !== name &&
          !column.jsonIds &&
          infos.has(column.references),
      );
      const chosen = direct ?? viaParent;
      if (!chosen) throw new Error(`Transfer plan: no way to scope ${name} to a convention`);
      scope = { column: chosen.name, parent: chosen.references ?? 'conventions' };
    }
    infos.set(name, { name, columns, ownId, scope });
  }
  cached = infos;
  return infos;
}

/** The SQL condition (and its parameter) selecting one convention's rows of a table. */
export function scopeCondition(name: string): string {
  const info = tableInfos().get(name);
  if (!info) throw new Error(`Not a planned table: ${name}`);
  if (!info.scope) return '"id" = ?';
  const parent = info.scope.parent;
  if (parent === 'conventions' && info.scope.column === 'convention_id') {
    return `"convention_id" = ?`;
  }
  // Every parent a row hangs from is keyed by its own `id`.
  return `"${info.scope.column}" IN (SELECT "id" FROM "${parent}" WHERE ${scopeCondition(parent)})`;
}
