/**
 * The arithmetic a reader redoes on a printed table, for tests: totals against their parts,
 * total columns against the columns they sum, and percentages against the printed figures
 * they come from. Every finding is a sentence naming the table, row, column and figures,
 * so a failing test says what to look at.
 *
 * Rule for totals (stated once, applied to every table that has emphasised rows):
 * - reading down, a SUBTOTAL row equals the sum of the rows since the previous total that
 *   no earlier subtotal already stands for; it then stands for them. A subtotal named after
 *   an account group (« 74 — Total des subventions ») sums only that group's rows;
 * - a TOTAL row equals the sum of the subtotals and rows since the previous total that no
 *   subtotal stands for;
 * - when a table prints its first subtotal before any plain row, its subtotals are group
 *   headings: each sums the plain rows under it, and the total sums the groups;
 * - « dont … » rows detail the row above them: they are never parts;
 * - rows of contributions in kind (labels starting 86 / 87) sit below the line: they count
 *   only in a grand total, i.e. a total whose block holds a subtotal;
 * - a total whose label writes a formula of lettered parts (« C + R − K − BR ») is checked
 *   with those signs against the rows labelled « (C) », « (R) »…;
 * - only columns whose parts and total are all amounts or plain numbers are summed
 *   (percentages are checked by recomputation instead); a « — » part counts as 0 when the
 *   column holds figures, a masked part makes the column unverifiable for that block (the
 *   masked-cell check covers it); key/value tables (no header row) are not summed.
 */
import type { DocRow, DocTable } from './docxTables';
import { halfUnit, readFigure, type PrintedFigure } from './frenchNumbers';

const isInKind = (label: string) => /^8[67]\b|^8[67]\s*[—-]/.test(label.trim());

function additive(figure: PrintedFigure | null): number | 'blank' | 'masked' | null {
  if (!figure) return null;
  if (figure.kind === 'euros') return figure.cents;
  if (figure.kind === 'number') return figure.value;
  if (figure.kind === 'blank') return 'blank';
  if (figure.kind === 'masked') return 'masked';
  return null;
}

/** A label's formula of lettered parts, e.g. « Solde C + R − K − BR » → [[+1,'C'],…]. */
function formulaOf(label: string): [number, string][] | null {
  const match = /\b([A-Z]{1,3}(?: [+−-] [A-Z]{1,3})+)\s*$/.exec(label.trim());
  if (!match) return null;
  const tokens = match[1]!.split(' ');
  const terms: [number, string][] = [[1, tokens[0]!]];
  for (let i = 1; i < tokens.length; i += 2)
    terms.push([tokens[i] === '+' ? 1 : -1, tokens[i + 1]!]);
  return terms;
}

function sumColumn(
  table: DocTable,
  parts: readonly DocRow[],
  total: DocRow,
  column: number,
  signs: readonly number[] | null,
): string | null {
  const expected = additive(readFigure(total.cells[column] ?? ''));
  if (typeof expected !== 'number') return null;
  let sum = 0;
  let figures = 0;
  for (const [index, row] of parts.entries()) {
    const value = additive(readFigure(row.cells[column] ?? ''));
    if (value === 'masked' || value === null) return null;
    if (value === 'blank') continue;
    figures += 1;
    sum += value * (signs?.[index] ?? 1);
  }
  if (figures === 0) return null;
  if (Math.abs(sum - expected) < 1e-9) return null;
  return `« ${table.title} », column « ${table.header[column] ?? column} », row « ${total.cells[0]} »: prints ${total.cells[column]}, its ${parts.length} parts (${parts.map((p) => p.cells[0]).join(' ; ')}) add up to ${sum}`;
}

export interface TotalBlock {
  total: DocRow;
  parts: DocRow[];
  /** +1 / −1 per part when the total's label writes a formula, else null (all +1). */
  signs: number[] | null;
  /** Letters of a formula printed in no row. */
  missing: string[];
}

const isDetail = (label: string) => /^dont\b/i.test(label.trim());
/** « 74 — Total des subventions » sums the rows of its account group only. */
const groupOf = (label: string) => /^(\d{2,3})\s*[—–-]\s*total\b/i.exec(label.trim())?.[1] ?? null;
const labelOf = (row: DocRow) => row.cells[0] ?? '';

/** A total whose label writes a formula: its lettered parts, wherever they are. */
function formulaBlock(table: DocTable, row: DocRow): TotalBlock | null {
  if (row.emphasis === null) return null;
  const formula = formulaOf(labelOf(row));
  if (!formula) return null;
  const parts: DocRow[] = [];
  const signs: number[] = [];
  const missing: string[] = [];
  for (const [sign, letter] of formula) {
    const part = table.rows.find((r) => r !== row && labelOf(r).includes(`(${letter})`));
    if (!part) missing.push(letter);
    else {
      parts.push(part);
      signs.push(sign);
    }
  }
  return { total: row, parts, signs, missing };
}

/** The parts of every total/subtotal row of a table, per the rule above. */
export function totalBlocks(table: DocTable): TotalBlock[] {
  if (table.header.length === 0) return [];
  const firstEmphasis = table.rows.findIndex((r) => r.emphasis !== null);
  const firstPlain = table.rows.findIndex((r) => r.emphasis === null);
  // Group rows printed above their members (« Sorties positives », then its types).
  const headed =
    firstEmphasis >= 0 &&
    table.rows[firstEmphasis]!.emphasis === 'subtotal' &&
    (firstPlain < 0 || firstEmphasis < firstPlain);
  return headed ? headedBlocks(table) : trailingBlocks(table);
}

function headedBlocks(table: DocTable): TotalBlock[] {
  const blocks: TotalBlock[] = [];
  let groups: TotalBlock[] = [];
  let loose: DocRow[] = [];
  for (const row of table.rows) {
    const formula = formulaBlock(table, row);
    if (formula) {
      blocks.push(formula);
      continue;
    }
    if (row.emphasis === 'subtotal') {
      groups.push({ total: row, parts: [], signs: null, missing: [] });
    } else if (row.emphasis === 'total') {
      blocks.push(...groups, {
        total: row,
        parts: [...groups.map((g) => g.total), ...loose],
        signs: null,
        missing: [],
      });
      groups = [];
      loose = [];
    } else if (!isDetail(labelOf(row))) {
      const group = groups[groups.length - 1];
      if (group) group.parts.push(row);
      else loose.push(row);
    }
  }
  return [...blocks, ...groups];
}

function trailingBlocks(table: DocTable): TotalBlock[] {
  const blocks: TotalBlock[] = [];
  // Rows since the previous total not yet stood for by a subtotal.
  let live: { row: DocRow; generic: boolean }[] = [];
  for (const row of table.rows) {
    const formula = formulaBlock(table, row);
    if (formula) {
      blocks.push(formula);
      if (row.emphasis === 'total') live = [];
      continue;
    }
    const label = labelOf(row);
    if (row.emphasis === null) {
      if (!isDetail(label)) live.push({ row, generic: false });
      continue;
    }
    if (row.emphasis === 'subtotal') {
      const group = groupOf(label);
      const parts = live.filter((entry) =>
        group !== null
          ? entry.row.emphasis === null && labelOf(entry.row).startsWith(group)
          : !isInKind(labelOf(entry.row)),
      );
      blocks.push({ total: row, parts: parts.map((p) => p.row), signs: null, missing: [] });
      live = live.filter((entry) => !parts.includes(entry));
      live.push({ row, generic: group === null });
      continue;
    }
    const grand = live.some((entry) => entry.generic);
    blocks.push({
      total: row,
      parts: live.filter((entry) => grand || !isInKind(labelOf(entry.row))).map((e) => e.row),
      signs: null,
      missing: [],
    });
    live = [];
  }
  return blocks;
}

/** Every total/subtotal row checked against its parts, per the rule above. */
export function totalFindings(table: DocTable): string[] {
  const findings: string[] = [];
  for (const { total, parts, signs, missing } of totalBlocks(table)) {
    for (const letter of missing)
      findings.push(`« ${table.title} »: « ${total.cells[0]} » names ${letter}, printed in no row`);
    for (let column = 1; column < table.header.length; column += 1) {
      const finding = sumColumn(table, parts, total, column, signs);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}

/**
 * Columns headed « Total … » against the columns they sum: « Total réalisé » = the
 * « … réalisé » columns, « Total » alone = the « Année … » columns. Amount rows only (a count
 * of distinct partners or a stock of people at year end need not add up over years).
 */
export function totalColumnFindings(table: DocTable): string[] {
  const findings: string[] = [];
  for (const [index, label] of table.header.entries()) {
    const match = /^total(?: (.+))?$/i.exec(label.trim());
    if (!match) continue;
    const suffix = match[1]?.toLowerCase();
    const parts = table.header
      .map((h, i) => [h, i] as const)
      .filter(
        ([h, i]) =>
          i !== index &&
          /^année/i.test(h) &&
          (suffix === undefined || h.toLowerCase().endsWith(suffix)),
      )
      .map(([, i]) => i);
    if (parts.length === 0) continue;
    for (const row of table.rows) {
      const total = readFigure(row.cells[index] ?? '');
      if (total?.kind !== 'euros') continue;
      let sum = 0;
      let ok = true;
      for (const part of parts) {
        const figure = readFigure(row.cells[part] ?? '');
        if (figure?.kind === 'euros') sum += figure.cents;
        else if (figure?.kind !== 'blank') ok = false;
      }
      if (ok && sum !== total.cents)
        findings.push(
          `« ${table.title} », row « ${row.cells[0]} »: « ${label} » prints ${row.cells[index]}, its columns add up to ${sum} cents`,
        );
    }
  }
  return findings;
}

/** A printed figure as an interval of what it can stand for (exact for amounts and whole counts). */
function interval(figure: PrintedFigure): [number, number] | null {
  if (figure.kind === 'euros') return [figure.cents, figure.cents];
  if (figure.kind === 'number' || figure.kind === 'percent') {
    const half = figure.kind === 'number' && figure.decimals === 0 ? 0 : halfUnit(figure.decimals);
    return [figure.value - half, figure.value + half];
  }
  return null;
}

/** Reads « 4,95 mois », « 9 mois », « 151 jours (5 mois) » as a number (its first figure). */
function withUnit(cell: string): PrintedFigure | null {
  const figure = readFigure(cell);
  if (figure) return figure;
  const match = /^([-−]?[\d\s\u00a0\u202f]+(?:,\d+)?) ?(?:mois|jours?|h|heures?)\b/.exec(
    cell.trim(),
  );
  return match ? readFigure(match[1]!) : null;
}

/**
 * Whether `printed` % is what num/den (×100) rounds to at its printed precision, the
 * operands being themselves rounded as printed (interval arithmetic).
 */
export function ratioAgrees(
  printed: string,
  num: string,
  den: string,
  offset = 0,
  apportioned = false,
): string | null {
  const p = readFigure(printed);
  if (p?.kind !== 'percent') return null;
  const n = withUnit(num);
  const d = withUnit(den);
  if (!n || !d) return null;
  const ni = interval(n);
  const di = interval(d);
  if (!ni || !di) return null;
  if (di[0] <= 0) return di[1] <= 0 ? `a percentage « ${printed} » of a zero base` : null;
  const low = (ni[0] / di[1]) * 100 - offset;
  const high = (ni[1] / di[0]) * 100 - offset;
  const [lo, hi] = low <= high ? [low, high] : [high, low];
  // Shares apportioned to add up to 100 % (largest remainder) are the value rounded down
  // or up: within one printed unit; any other percentage within half of one.
  const half = (apportioned ? 2 : 1) * halfUnit(p.decimals) - (apportioned ? 1e-9 : -1e-9);
  if (p.value < lo - half || p.value > hi + half)
    return `prints ${printed}, ${num} / ${den}${offset ? ` − ${offset} %` : ''} gives ${((lo + hi) / 2).toFixed(3)} %`;
  return null;
}

const col = (table: DocTable, pattern: RegExp) => table.header.findIndex((h) => pattern.test(h));

/**
 * Every percentage printed in a table, recomputed from the printed counts or amounts it
 * comes from, by its column header:
 * - « Part » (share of the total row's count), « Taux de réalisation » (réalisé / cible),
 *   « Taux de levée » (levés / identifiés), « % » (réalisation / prévision),
 *   « Écart (%) » (écart € / prévision);
 * - a percentage printed where its count is masked is itself a finding (it gives it away).
 */
export function percentFindings(table: DocTable): string[] {
  const findings: string[] = [];
  const check = (
    row: DocRow,
    at: number,
    num: number,
    den: number | string,
    apportioned = false,
  ) => {
    const printed = row.cells[at] ?? '';
    if (readFigure(printed)?.kind !== 'percent') return;
    const numText = row.cells[num] ?? '';
    const denText = typeof den === 'number' ? (row.cells[den] ?? '') : den;
    if (readFigure(numText)?.kind === 'masked' || readFigure(denText)?.kind === 'masked') {
      findings.push(
        `« ${table.title} », row « ${row.cells[0]} »: ${printed} printed beside a masked figure`,
      );
      return;
    }
    const problem = ratioAgrees(printed, numText, denText, 0, apportioned);
    if (problem)
      findings.push(
        `« ${table.title} », row « ${row.cells[0]} », « ${table.header[at]} »: ${problem}`,
      );
  };
  const share = col(table, /^part$/i);
  const countColumn = col(table, /^(effectif|nombre|montant)$/i);
  const totalRow = table.rows.find((r) => r.emphasis === 'total');
  if (share >= 0 && countColumn >= 0 && totalRow) {
    const base = totalRow.cells[countColumn] ?? '';
    // Shares of a table whose total prints 100 % are apportioned (largest remainder).
    const totalShare = readFigure(totalRow.cells[share] ?? '');
    const apportioned = totalShare?.kind === 'percent';
    // Equal counts print equal shares, so the shares may make 99 % rather than 100 %: the
    // total row then prints their sum, to the unit (the rows, not the subtotals, add up).
    const rowShares = table.rows
      .filter((row) => row !== totalRow && !row.emphasis)
      .map((row) => readFigure(row.cells[share] ?? ''));
    const summed =
      totalShare?.kind === 'percent' &&
      totalShare.value !== 100 &&
      rowShares.every((figure) => figure?.kind === 'percent');
    if (summed) {
      const sum = rowShares.reduce((total, figure) => total + (figure?.value ?? 0), 0);
      if (Math.abs(sum - totalShare.value) > 1e-9)
        findings.push(
          `« ${table.title} », total « Part » ${totalRow.cells[share]} is not the sum of the shares (${sum} %)`,
        );
    }
    for (const row of table.rows)
      if (!(summed && row === totalRow)) check(row, share, countColumn, base, apportioned);
  }
  const rate = col(table, /^taux de réalisation$/i);
  if (rate >= 0) {
    const done =
      col(table, /^total réalisé$/i) >= 0
        ? col(table, /^total réalisé$/i)
        : col(table, /^réalisé$/i);
    const target =
      col(table, /^total cible$/i) >= 0 ? col(table, /^total cible$/i) : col(table, /^cible$/i);
    if (done >= 0 && target >= 0) for (const row of table.rows) check(row, rate, done, target);
  }
  const lifted = col(table, /^taux de levée$/i);
  if (lifted >= 0)
    for (const row of table.rows)
      check(row, lifted, col(table, /^levés$/i), col(table, /^identifiés$/i));
  const ratio = col(table, /^%$/);
  if (ratio >= 0)
    for (const row of table.rows)
      check(row, ratio, col(table, /^réalisation$/i), col(table, /^prévision$/i));
  const gap = col(table, /^écart \(%\)$/i);
  const gapEuros = col(table, /^écart \(€\)$/i);
  const forecast = col(table, /^prévision$/i);
  if (gap >= 0 && gapEuros >= 0 && forecast >= 0)
    for (const row of table.rows) check(row, gap, gapEuros, forecast);
  return findings;
}
