/**
 * What a report says, before it is a Word file: sections, headings, paragraphs, tables whose
 * cells are already French text (masked, formatted), and charts as data. The builders
 * (`*Content.ts`) are the one place where figures are masked and formatted; the Word writer
 * and the CSV/XLSX export only lay this out, so the three outputs can never disagree.
 */

export type Align = 'left' | 'right' | 'center';

export interface TableColumn {
  label: string;
  align: Align;
  /** Relative width; the writer shares the text width by these weights. */
  weight: number;
  /**
   * What the cells hold, for the XLSX export (numbers, not text). Optional: without it, a
   * cell is stored as a number only when its text is exactly what shared/format.ts writes
   * for an amount, a percent or a date — or, in a right-aligned column, a count. 'text'
   * keeps every cell as text (a code, a year). Masked cells (« < 5 ») always stay text.
   */
  kind?: CellKind;
}

export type CellKind = 'text' | 'euros' | 'count' | 'percent' | 'date';

export interface TableRow {
  cells: readonly string[];
  /** A total or subtotal row: bold, shaded. */
  emphasis?: 'total' | 'subtotal';
}

export interface TableBlock {
  kind: 'table';
  /** Unique in the report; the sheet name of the XLSX export. */
  id: string;
  title: string;
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
  note?: string;
  /** Label/value pairs: no header row in Word, first column bold. */
  keyValue?: boolean;
}

/** Horizontal bars; a bar with `value: null` is masked and shows its `text` only. */
export interface BarChartSpec {
  type: 'bars';
  valueTitle: string;
  bars: readonly { label: string; value: number | null; text: string }[];
}

/** Realised against target, one pair of bars per indicator (values in % of target). */
export interface TargetChartSpec {
  type: 'realisedVsTarget';
  items: readonly { label: string; realisedPercent: number }[];
}

export type ChartSpec = BarChartSpec | TargetChartSpec;

export interface ChartBlock {
  kind: 'chart';
  id: string;
  title: string;
  altText: string;
  spec: ChartSpec;
  /** How to read the chart, printed under it. */
  note?: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; newPage?: boolean }
  | { kind: 'paragraph'; text: string; tone?: 'normal' | 'muted' | 'strong' }
  | { kind: 'bullets'; items: readonly string[] }
  | TableBlock
  | ChartBlock
  | { kind: 'signature'; lines: readonly string[] };

export interface ReportSection {
  orientation: 'portrait' | 'landscape';
  blocks: readonly Block[];
}

export interface ReportContent {
  /** Document title, e.g. "Rapport d'activité annuel". */
  title: string;
  subtitle: string;
  header: { operatorName: string; conventionReference: string };
  cover: { lines: readonly [string, string][] };
  /** Non-null for a draft: what is missing, listed on the cover. */
  draft: { missingItems: readonly string[] } | null;
  sections: readonly ReportSection[];
}

export function heading(level: 1 | 2 | 3, text: string): Block {
  return { kind: 'heading', level, text };
}

export function paragraph(text: string, tone: 'normal' | 'muted' | 'strong' = 'normal'): Block {
  return { kind: 'paragraph', text, tone };
}

/** A narrative written by the staff: its paragraphs, or a visible placeholder when empty. */
export function narrative(text: string, placeholder: string): Block[] {
  const parts = text
    .split(/\n\s*\n|\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) return [paragraph(placeholder, 'muted')];
  return parts.map((part) => paragraph(part));
}

/** Label/value pairs as a two-column table. */
export function keyValueTable(
  id: string,
  title: string,
  pairs: readonly [string, string][],
  options: { figures?: boolean } = {},
): TableBlock {
  // Amounts read best right-aligned beside a wide label; texts beside a narrow one.
  const figures = options.figures ?? false;
  return {
    kind: 'table',
    id,
    title,
    keyValue: true,
    columns: [
      { label: 'Rubrique', align: 'left', weight: figures ? 5 : 2 },
      { label: 'Valeur', align: figures ? 'right' : 'left', weight: figures ? 2 : 5 },
    ],
    rows: pairs.map(([label, value]) => ({ cells: [label, value] })),
  };
}

/** Every table of a report, in order (for the CSV/XLSX export). */
export function tablesOf(content: ReportContent): TableBlock[] {
  return content.sections.flatMap((section) =>
    section.blocks.filter((block): block is TableBlock => block.kind === 'table'),
  );
}
