/**
 * The half of a spreadsheet import that does not depend on what is imported: how headers
 * are compared, how a column is proposed for each target field (saved mapping first, then
 * exact spellings, then meaningful words, then a field's own rule), and what is wrong with
 * a mapping. The people import (peopleRows.ts) and the outreach log import
 * (outreachRows.ts) each describe their fields and share this.
 */
import type { ImportIssue } from '../contract/people';
import { normaliseText } from '../domain/peopleLists';

/** Target field key → source column header. */
export type ImportMapping = Record<string, string>;

export interface ImportField {
  key: string;
  label: string;
  required: boolean;
  /** Header spellings recognised besides the label (compared normalised). */
  synonyms: readonly string[];
}

/** Last resort for a field: does this header (normalised words) name it? */
export type HeaderRule = (words: string[]) => boolean;

/** How headers are compared: no accents, no case, punctuation as spaces (`N° dossier` → `n dossier`). */
export function normaliseHeader(header: string): string {
  return normaliseText(header)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Little words a header may add or drop without changing what it names. */
const FILLER_WORDS = new Set(
  'a au aux d de des du e elle en est et il l la les pour sa son t un une'.split(' '),
);

/** The header's meaningful words only: `Date d'entrée en accompagnement` → `date entree accompagnement`. */
export function headerWords(header: string): string {
  return normaliseHeader(header)
    .split(' ')
    .filter((word) => word !== '' && !FILLER_WORDS.has(word))
    .join(' ');
}

/** The mapping without its empty entries (a field set to « ignore » in a form). */
export function cleanMapping(mapping: ImportMapping | null | undefined): ImportMapping {
  const clean: ImportMapping = {};
  for (const [key, header] of Object.entries(mapping ?? {})) {
    if (typeof header === 'string' && header.trim() !== '') clean[key] = header;
  }
  return clean;
}

/**
 * The file's columns no field reads, in file order: the preview lists them with a warning,
 * so a column is never dropped without the operator seeing it.
 */
export function unmappedHeaders(headers: readonly string[], mapping: ImportMapping): string[] {
  const used = new Set(Object.values(cleanMapping(mapping)));
  return headers.filter((header) => !used.has(header));
}

/** Header guessing and mapping checks for one list of target fields. */
export interface FieldMapper {
  /** Word forms that would name two fields (none may: the first field would take the column). */
  ambiguousHeaderWords(): string[];
  /**
   * The mapping to propose for these headers. A saved mapping whose columns all exist is
   * taken as it is (a field the user left out stays out); otherwise its entries that still
   * apply are kept and the other fields are guessed from the header names.
   */
  guessMapping(headers: readonly string[], saved?: ImportMapping | null): ImportMapping;
  /** Problems with the mapping itself; they are reported on the header line (line 1). */
  mappingIssues(
    headers: readonly string[],
    mapping: ImportMapping,
    headerLine?: number,
  ): ImportIssue[];
}

/**
 * What an import of these fields needs besides its row reader: the fields as the mapping
 * screen lists them, the header guessing, and each field's label for the messages.
 */
export function fieldSet<K extends string>(
  fields: readonly (ImportField & { key: K })[],
  rules: Partial<Record<string, HeaderRule>> = {},
): {
  importFields: { key: K; label: string; required: boolean }[];
  mapper: FieldMapper;
  labelOf: Map<string, string>;
} {
  return {
    importFields: fields.map(({ key, label, required }) => ({ key, label, required })),
    mapper: fieldMapper(fields, rules),
    labelOf: new Map<string, string>(fields.map((item) => [item.key, item.label])),
  };
}

export function fieldMapper(
  fields: readonly ImportField[],
  rules: Partial<Record<string, HeaderRule>> = {},
): FieldMapper {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const forms = (compare: (header: string) => string) =>
    new Map(
      fields.map((field) => [
        field.key,
        new Set([field.label, field.key, ...field.synonyms].map(compare)),
      ]),
    );
  const spellings = forms(normaliseHeader);
  const words = forms(headerWords);

  /** Does this header name this field? Pass 0: spelling; 1: meaningful words; 2: rule. */
  const headerNames = (field: ImportField, header: string, pass: number): boolean => {
    if (pass === 0) return spellings.get(field.key)!.has(normaliseHeader(header));
    if (pass === 1) return words.get(field.key)!.has(headerWords(header));
    const rule = rules[field.key];
    return rule ? rule(normaliseHeader(header).split(' ')) : false;
  };

  return {
    ambiguousHeaderWords() {
      const owner = new Map<string, string>();
      const shared = new Set<string>();
      for (const [key, set] of words) {
        for (const form of set) {
          if (owner.has(form) && owner.get(form) !== key) shared.add(form);
          owner.set(form, key);
        }
      }
      return [...shared];
    },

    guessMapping(headers, saved) {
      const known = cleanMapping(saved);
      const entries = Object.entries(known).filter(([key]) => byKey.has(key));
      if (
        entries.length > 0 &&
        entries.length === Object.keys(known).length &&
        entries.every(([, header]) => headers.includes(header))
      ) {
        return Object.fromEntries(entries);
      }
      const mapping: ImportMapping = {};
      const used = new Set<string>();
      for (const [key, header] of entries) {
        if (headers.includes(header) && !used.has(header)) {
          mapping[key] = header;
          used.add(header);
        }
      }
      // Every field tries the exact spellings before any field falls back to a looser match.
      for (const pass of [0, 1, 2]) {
        for (const field of fields) {
          if (mapping[field.key]) continue;
          const header = headers.find(
            (candidate) => !used.has(candidate) && headerNames(field, candidate, pass),
          );
          if (header !== undefined) {
            mapping[field.key] = header;
            used.add(header);
          }
        }
      }
      return mapping;
    },

    mappingIssues(headers, mapping, headerLine = 1) {
      const issues: ImportIssue[] = [];
      const clean = cleanMapping(mapping);
      const fieldsOfColumn = new Map<string, string[]>();
      for (const [key, header] of Object.entries(clean)) {
        const field = byKey.get(key);
        if (!field) {
          issues.push({
            line: headerLine,
            column: header,
            value: key,
            reason: `Champ inconnu « ${key} » dans la correspondance des colonnes.`,
          });
          continue;
        }
        if (!headers.includes(header)) {
          issues.push({
            line: headerLine,
            column: header,
            value: '',
            reason: `Cette colonne, choisie pour « ${field.label} », n'existe pas dans le fichier.`,
          });
          continue;
        }
        fieldsOfColumn.set(header, [...(fieldsOfColumn.get(header) ?? []), field.label]);
      }
      for (const [header, labels] of fieldsOfColumn) {
        if (labels.length > 1) {
          issues.push({
            line: headerLine,
            column: header,
            value: '',
            reason: `Cette colonne est associée à plusieurs champs (${labels.join(', ')}) : une colonne ne remplit qu'un champ.`,
          });
        }
      }
      for (const field of fields) {
        if (field.required && !clean[field.key]) {
          issues.push({
            line: headerLine,
            column: '',
            value: '',
            reason: `Aucune colonne n'est associée au champ obligatoire « ${field.label} ».`,
          });
        }
      }
      return issues;
    },
  };
}

/** Cells beyond the header's columns: a stray separator, refused rather than dropped. */
export function extraCellIssues(
  row: { line: number; cells: readonly string[] },
  headerCount: number,
): ImportIssue[] {
  const issues: ImportIssue[] = [];
  for (let index = headerCount; index < row.cells.length; index += 1) {
    const extra = row.cells[index] ?? '';
    if (extra.trim() !== '') {
      issues.push({
        line: row.line,
        column: `Colonne ${index + 1}`,
        value: extra,
        reason: "Valeur au-delà des colonnes de l'en-tête (séparateur en trop dans la ligne ?).",
      });
    }
  }
  return issues;
}

/** A row of the file: its line (header = 1 for a CSV) and its cells as text. */
interface TableRow {
  line: number;
  cells: readonly string[];
}

/** A row read by one import: its issues, and its values (null once refused). */
export interface MappedRow {
  issues: ImportIssue[];
  values: unknown;
}

/**
 * Reads every row with the mapping, each through `readRow` with the mapped columns as
 * (field key, cell index, header). When the mapping itself is wrong, rows are not read:
 * every line would repeat the same problem. A row with a cell beyond the header is refused.
 */
export function readMappedTable<K extends string, R extends MappedRow>(
  table: { headers: readonly string[]; rows: readonly TableRow[] },
  mapping: ImportMapping,
  fields: readonly (ImportField & { key: K })[],
  readRow: (row: TableRow, columns: readonly (readonly [K, number])[], clean: ImportMapping) => R,
  headerLine = 1,
): { rows: R[]; issues: ImportIssue[] } {
  const clean = cleanMapping(mapping);
  const problems = fieldMapper(fields).mappingIssues(table.headers, clean, headerLine);
  if (problems.length > 0) return { rows: [], issues: problems };
  const columns = fields
    .filter((field) => clean[field.key])
    .map((field) => [field.key, table.headers.indexOf(clean[field.key]!)] as const);
  const rows: R[] = [];
  const issues: ImportIssue[] = [];
  for (const source of table.rows) {
    const row = readRow(source, columns, clean);
    if (source.cells.length > table.headers.length) {
      const extra = extraCellIssues(source, table.headers.length);
      if (extra.length > 0) {
        row.issues.push(...extra);
        row.values = null;
      }
    }
    rows.push(row);
    issues.push(...row.issues);
  }
  return { rows, issues };
}

/**
 * The issues of one row, one per column at most: a cell refused says it once, and a
 * schema issue (by schema property) lands on the column its field was read from.
 */
export function rowIssues(
  line: number,
  clean: ImportMapping,
  labels: ReadonlyMap<string, string>,
  raw: Partial<Record<string, string>>,
) {
  const issues: ImportIssue[] = [];
  const flagged = new Set<string>();
  const fail = (key: string, reason: string) => {
    const column = clean[key] ?? labels.get(key) ?? key;
    if (flagged.has(column)) return;
    flagged.add(column);
    issues.push({ line, column, value: raw[key] ?? '', reason });
  };
  const schemaIssues = (
    zodIssues: readonly { path: readonly PropertyKey[]; message: string }[],
    fieldOfSchemaKey: Readonly<Record<string, string>>,
  ) => {
    for (const zodIssue of zodIssues) {
      const key = fieldOfSchemaKey[String(zodIssue.path[0] ?? '')];
      if (key) fail(key, zodIssue.message);
    }
  };
  return { issues, fail, schemaIssues };
}
