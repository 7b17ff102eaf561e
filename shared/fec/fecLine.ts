/**
 * One line of a FEC (fichier des écritures comptables, art. A47 A-1 LPF), read as the
 * rules of art allow it: TAB or `|` separator; Debit/Credit or Montant + Sens; amounts with
 * a decimal comma, no thousands separator, the sign first or last; dates AAAAMMJJ; extra
 * columns kept; 21–22-column cash-basis layouts. Pure: the file reading is the backend's.
 *
 * Product choice: a decimal point is refused, not guessed — the rules forbid it, and a
 * silent misreading of `1.234` would move a figure by a factor of 1 000.
 */

export const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
] as const;

const CASH_BASIS_COLUMNS = ['DateRglt', 'ModeRglt', 'NatOp', 'IdClient'];

export interface FecLayout {
  separator: '\t' | '|';
  columnCount: number;
  headers: string[];
  index: {
    journalCode: number;
    ecritureNum: number;
    ecritureDate: number;
    compteNum: number;
    compteLib: number;
    compAuxNum: number;
    compAuxLib: number;
    pieceRef: number;
    ecritureLib: number;
    debit: number;
    credit: number;
    montant: number;
    sens: number;
  };
  /** Columns beyond the standard ones (an `Analytique` column, say), by header. */
  extras: { name: string; index: number }[];
  /** The column holding the analytic code, when the file has one. */
  analytic: number;
}

export class FecFormatError extends Error {}

const normalise = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** Reads the header line: the separator, where each column is, which layout. */
export function readFecHeader(line: string): FecLayout {
  const separator = line.includes('\t') ? '\t' : line.includes('|') ? '|' : null;
  if (!separator) {
    throw new FecFormatError(
      "Ce fichier n'est pas un FEC : la première ligne doit donner les noms des colonnes séparés par des tabulations ou des « | » (JournalCode, JournalLib, EcritureNum…).",
    );
  }
  const headers = line.split(separator).map((header) => header.replace(/^\uFEFF/, '').trim());
  const position = new Map(headers.map((header, index) => [normalise(header), index]));
  const find = (name: string) => position.get(normalise(name)) ?? -1;
  const hasAmounts = find('Debit') >= 0 && find('Credit') >= 0;
  const hasMontantSens = find('Montant') >= 0 && find('Sens') >= 0;
  const required = FEC_COLUMNS.filter((name) => {
    if (!hasAmounts && hasMontantSens && (name === 'Debit' || name === 'Credit')) return false;
    return true;
  });
  const missing = required.filter((name) => find(name) < 0);
  if (missing.length === FEC_COLUMNS.length || find('JournalCode') < 0 || find('CompteNum') < 0) {
    throw new FecFormatError(
      "Ce fichier n'est pas un FEC : ses colonnes ne sont pas celles de l'article A47 A-1 du LPF (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum…).",
    );
  }
  if (missing.length > 0) {
    throw new FecFormatError(
      `Ligne 1 (en-tête) : colonne(s) manquante(s) ${missing.join(', ')} ; un FEC en compte ${FEC_COLUMNS.length} (art. A47 A-1 du LPF).`,
    );
  }
  const known = new Set([...FEC_COLUMNS, 'Montant', 'Sens', ...CASH_BASIS_COLUMNS].map(normalise));
  const extras = headers
    .map((name, index) => ({ name, index }))
    .filter((column) => column.name !== '' && !known.has(normalise(column.name)));
  const analytic = extras.find((column) =>
    /^(analytique|analytic|axe|code ?analytique|section)/.test(normalise(column.name)),
  );
  return {
    separator,
    columnCount: headers.length,
    headers,
    index: {
      journalCode: find('JournalCode'),
      ecritureNum: find('EcritureNum'),
      ecritureDate: find('EcritureDate'),
      compteNum: find('CompteNum'),
      compteLib: find('CompteLib'),
      compAuxNum: find('CompAuxNum'),
      compAuxLib: find('CompAuxLib'),
      pieceRef: find('PieceRef'),
      ecritureLib: find('EcritureLib'),
      debit: find('Debit'),
      credit: find('Credit'),
      montant: find('Montant'),
      sens: find('Sens'),
    },
    extras,
    analytic: analytic?.index ?? -1,
  };
}

/**
 * An amount in cents, or a French reason. `1234,56`, `-12,5`, `12,50-`, `+3`, `0`.
 * Empty means zero (many packages leave the other side blank).
 */
export function parseFecAmount(text: string): number | string {
  const length = text.length;
  let start = 0;
  let end = length;
  while (start < end && text.charCodeAt(start) === 32) start += 1;
  while (end > start && text.charCodeAt(end - 1) === 32) end -= 1;
  if (start === end) return 0;
  let negative = false;
  let code = text.charCodeAt(start);
  if (code === 45 || code === 43) {
    negative = code === 45;
    start += 1;
  } else {
    code = text.charCodeAt(end - 1);
    if (code === 45 || code === 43) {
      negative = code === 45;
      end -= 1;
    }
  }
  // Digits, then at most one comma and one or two digits: read in one pass, no regex.
  // Leading zeros are padding (some packages write ` 000000000001437,12`: a sign position,
  // then 15 integer digits): they count as digits, not towards the 13-digit cap.
  let units = 0;
  let cents = 0;
  let digitsBefore = 0;
  let significantBefore = 0;
  let digitsAfter = -1;
  for (let index = start; index < end; index += 1) {
    const c = text.charCodeAt(index);
    if (c >= 48 && c <= 57) {
      if (digitsAfter === -1) {
        units = units * 10 + (c - 48);
        digitsBefore += 1;
        if (units !== 0) significantBefore += 1;
      } else {
        cents = cents * 10 + (c - 48);
        digitsAfter += 1;
      }
    } else if (c === 44 && digitsAfter === -1) {
      digitsAfter = 0;
    } else {
      return amountProblem(text);
    }
  }
  if (digitsBefore === 0 || digitsAfter === 0 || digitsAfter > 2 || significantBefore > 13)
    return amountProblem(text);
  const total = units * 100 + (digitsAfter === 1 ? cents * 10 : cents);
  return negative && total !== 0 ? -total : total;
}

/** Why an amount cannot be read, in French (the slow path: only for refused values). */
function amountProblem(text: string): string {
  const value = text.trim().replace(/^[+-]|[+-]$/g, '');
  if (/^\d+\.\d+$/.test(value)) {
    return `montant « ${text} » avec un point décimal : le FEC impose la virgule (art. A47 A-1 du LPF)`;
  }
  if (/^\d+,\d{3,}$/.test(value)) return `montant « ${text} » avec plus de deux décimales`;
  return `montant « ${text} » illisible (attendu : chiffres, virgule décimale, signe au début ou à la fin)`;
}

/**
 * `text.trim()`, without the call when there is nothing to trim: the usual case, and the
 * one a million-line file pays ten times a line. Only printable ASCII at both ends skips it
 * (trim also removes non-breaking and other Unicode spaces).
 */
function trim(text: string): string {
  const last = text.length - 1;
  if (last < 0) return text;
  const first = text.charCodeAt(0);
  const end = text.charCodeAt(last);
  return first > 32 && first < 127 && end > 32 && end < 127 ? text : text.trim();
}

/** Same, upper-cased (the analytic code); codes are short and already upper-case. */
function trimUpper(text: string): string {
  const value = trim(text);
  for (let index = 0; index < value.length; index += 1) {
    if (value.charCodeAt(index) >= 97) return value.toUpperCase();
  }
  return value;
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// A FEC repeats the same few hundred dates a million times: remember what each one gave.
const dateCache = new Map<string, string | { reason: string }>();

function readDate(value: string): string | { reason: string } {
  if (value.length !== 8) return { reason: `date « ${value} » illisible (attendu : AAAAMMJJ)` };
  for (let index = 0; index < 8; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 48 || code > 57)
      return { reason: `date « ${value} » illisible (attendu : AAAAMMJJ)` };
  }
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = month === 2 && leap ? 29 : (daysInMonth[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > last)
    return { reason: `date « ${value} » impossible` };
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

/** AAAAMMJJ → YYYY-MM-DD, or a French reason. */
export function parseFecDate(text: string): string | { reason: string } {
  const value = trim(text);
  let result = dateCache.get(value);
  if (result === undefined) {
    result = readDate(value);
    if (dateCache.size > 10_000) dateCache.clear();
    dateCache.set(value, result);
  }
  return result;
}

export interface FecLine {
  journalCode: string;
  ecritureNum: string;
  date: string;
  compteNum: string;
  compteLib: string;
  compAuxNum: string;
  /** The auxiliary account's label (it names a subsidy's funder). */
  compAuxLib: string;
  pieceRef: string;
  ecritureLib: string;
  debitCents: number;
  creditCents: number;
  analytic: string;
  /** Extra columns' values, by header (kept as the file gives them). */
  extras: Record<string, string> | null;
  /** The line had empty fields beyond the header's columns (tolerated). */
  trailingEmptyFields: boolean;
}

/** Splits and reads one data line; returns the line or the reasons it cannot be read. */
export function readFecLine(line: string, layout: FecLayout): FecLine | string[] {
  const fields = line.split(layout.separator);
  let trailingEmptyFields = false;
  if (fields.length !== layout.columnCount) {
    // A stray separator at the end (19 columns under an 18-column header, the last ones
    // empty) holds nothing: tolerated, and counted so the preview can say so.
    if (fields.length < layout.columnCount || !onlyEmptyFrom(fields, layout.columnCount)) {
      return [`${fields.length} colonnes au lieu de ${layout.columnCount} (comme l'en-tête)`];
    }
    trailingEmptyFields = true;
  }
  const { index } = layout;
  // Most lines have no problem: the list is made on the first one.
  let problems: string[] | null = null;
  const date = parseFecDate(fields[index.ecritureDate] ?? '');
  if (typeof date !== 'string') (problems ??= []).push(`EcritureDate : ${date.reason}`);
  let debitCents = 0;
  let creditCents = 0;
  if (index.debit >= 0) {
    const debit = parseFecAmount(fields[index.debit] ?? '');
    const credit = parseFecAmount(fields[index.credit] ?? '');
    if (typeof debit === 'string') (problems ??= []).push(`Debit : ${debit}`);
    else debitCents = debit;
    if (typeof credit === 'string') (problems ??= []).push(`Credit : ${credit}`);
    else creditCents = credit;
  } else {
    const amount = parseFecAmount(fields[index.montant] ?? '');
    const sens = (fields[index.sens] ?? '').trim().toUpperCase();
    if (typeof amount === 'string') (problems ??= []).push(`Montant : ${amount}`);
    else if (sens === 'D' || sens === '+1' || sens === '1' || sens === '+') debitCents = amount;
    else if (sens === 'C' || sens === '-1' || sens === '-') creditCents = amount;
    else
      (problems ??= []).push(
        `Sens « ${fields[index.sens] ?? ''} » illisible (attendu : D, C, +, -, +1 ou -1)`,
      );
  }
  const compteNum = trim(fields[index.compteNum] ?? '');
  if (compteNum === '') (problems ??= []).push('CompteNum vide');
  const ecritureNum = trim(fields[index.ecritureNum] ?? '');
  if (ecritureNum === '') (problems ??= []).push('EcritureNum vide');
  if (problems !== null) return problems;
  let extras: Record<string, string> | null = null;
  for (const column of layout.extras) {
    const value = fields[column.index] ?? '';
    if (value !== '') (extras ??= {})[column.name] = value;
  }
  return {
    journalCode: trim(fields[index.journalCode] ?? ''),
    ecritureNum,
    date: date as string,
    compteNum,
    compteLib: trim(fields[index.compteLib] ?? ''),
    compAuxNum: index.compAuxNum >= 0 ? trim(fields[index.compAuxNum] ?? '') : '',
    compAuxLib: index.compAuxLib >= 0 ? trim(fields[index.compAuxLib] ?? '') : '',
    pieceRef: trim(fields[index.pieceRef] ?? ''),
    ecritureLib: trim(fields[index.ecritureLib] ?? ''),
    debitCents,
    creditCents,
    analytic: layout.analytic >= 0 ? trimUpper(fields[layout.analytic] ?? '') : '',
    extras,
    trailingEmptyFields,
  };
}

function onlyEmptyFrom(fields: string[], from: number): boolean {
  for (let index = from; index < fields.length; index += 1) {
    if (fields[index]!.trim() !== '') return false;
  }
  return true;
}

/**
 * The entry a refused line belongs to (journal code and number, when its columns can be
 * found), so that its imbalance is not reported as a second error about the same line.
 */
export function entryKeyOfRawLine(line: string, layout: FecLayout): string | null {
  const fields = line.split(layout.separator);
  const journal = fields[layout.index.journalCode];
  const num = fields[layout.index.ecritureNum];
  if (journal === undefined || num === undefined) return null;
  return entryKey(journal.trim(), num.trim());
}

/** An entry is its journal code plus its number, wherever its lines are in the file. */
export function entryKey(journalCode: string, ecritureNum: string): string {
  return `${journalCode}\u0000${ecritureNum}`;
}

/** Lines the budget-vs-actual needs: classes 6, 7 and the 86/87 contributions in kind. */
export function isKeptAccount(compteNum: string): boolean {
  const first = compteNum.charCodeAt(0);
  return (
    first === 54 /* 6 */ ||
    first === 55 /* 7 */ ||
    compteNum.startsWith('86') ||
    compteNum.startsWith('87')
  );
}
