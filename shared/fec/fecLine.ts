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
  let value = text.trim();
  if (value === '') return 0;
  let negative = false;
  const first = value.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    value = value.slice(1);
  } else {
    const last = value.charCodeAt(value.length - 1);
    if (last === 45 || last === 43) {
      negative = last === 45;
      value = value.slice(0, -1);
    }
  }
  const comma = value.indexOf(',');
  const units = comma === -1 ? value : value.slice(0, comma);
  const decimals = comma === -1 ? '' : value.slice(comma + 1);
  if (units === '' || !/^\d+$/.test(units) || (comma !== -1 && !/^\d{1,2}$/.test(decimals))) {
    if (/^\d+\.\d+$/.test(value)) {
      return `montant « ${text} » avec un point décimal : le FEC impose la virgule (art. A47 A-1 du LPF)`;
    }
    if (/^\d+,\d{3,}$/.test(value)) return `montant « ${text} » avec plus de deux décimales`;
    return `montant « ${text} » illisible (attendu : chiffres, virgule décimale, signe au début ou à la fin)`;
  }
  const cents = Number(units) * 100 + (decimals === '' ? 0 : Number(decimals.padEnd(2, '0')));
  return negative && cents !== 0 ? -cents : cents;
}

/** AAAAMMJJ → YYYY-MM-DD, or a French reason. */
export function parseFecDate(text: string): string | { reason: string } {
  const value = text.trim();
  if (!/^\d{8}$/.test(value)) return { reason: `date « ${text} » illisible (attendu : AAAAMMJJ)` };
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { reason: `date « ${text} » impossible` };
  }
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

export interface FecLine {
  journalCode: string;
  ecritureNum: string;
  date: string;
  compteNum: string;
  compteLib: string;
  compAuxNum: string;
  pieceRef: string;
  ecritureLib: string;
  debitCents: number;
  creditCents: number;
  analytic: string;
  /** Extra columns' values, by header (kept as the file gives them). */
  extras: Record<string, string> | null;
}

/** Splits and reads one data line; returns the line or the reasons it cannot be read. */
export function readFecLine(line: string, layout: FecLayout): FecLine | string[] {
  const fields = line.split(layout.separator);
  if (fields.length !== layout.columnCount) {
    return [`${fields.length} colonnes au lieu de ${layout.columnCount} (comme l'en-tête)`];
  }
  const { index } = layout;
  const problems: string[] = [];
  const date = parseFecDate(fields[index.ecritureDate] ?? '');
  if (typeof date !== 'string') problems.push(`EcritureDate : ${date.reason}`);
  let debitCents = 0;
  let creditCents = 0;
  if (index.debit >= 0) {
    const debit = parseFecAmount(fields[index.debit] ?? '');
    const credit = parseFecAmount(fields[index.credit] ?? '');
    if (typeof debit === 'string') problems.push(`Debit : ${debit}`);
    else debitCents = debit;
    if (typeof credit === 'string') problems.push(`Credit : ${credit}`);
    else creditCents = credit;
  } else {
    const amount = parseFecAmount(fields[index.montant] ?? '');
    const sens = (fields[index.sens] ?? '').trim().toUpperCase();
    if (typeof amount === 'string') problems.push(`Montant : ${amount}`);
    else if (sens === 'D' || sens === '+1' || sens === '1') debitCents = amount;
    else if (sens === 'C' || sens === '-1') creditCents = amount;
    else problems.push(`Sens « ${fields[index.sens] ?? ''} » illisible (attendu : D, C, +1 ou -1)`);
  }
  const compteNum = (fields[index.compteNum] ?? '').trim();
  if (compteNum === '') problems.push('CompteNum vide');
  const ecritureNum = (fields[index.ecritureNum] ?? '').trim();
  if (ecritureNum === '') problems.push('EcritureNum vide');
  if (problems.length > 0) return problems;
  let extras: Record<string, string> | null = null;
  for (const column of layout.extras) {
    const value = fields[column.index] ?? '';
    if (value !== '') (extras ??= {})[column.name] = value;
  }
  return {
    journalCode: (fields[index.journalCode] ?? '').trim(),
    ecritureNum,
    date: date as string,
    compteNum,
    compteLib: (fields[index.compteLib] ?? '').trim(),
    compAuxNum: index.compAuxNum >= 0 ? (fields[index.compAuxNum] ?? '').trim() : '',
    pieceRef: (fields[index.pieceRef] ?? '').trim(),
    ecritureLib: (fields[index.ecritureLib] ?? '').trim(),
    debitCents,
    creditCents,
    analytic: layout.analytic >= 0 ? (fields[layout.analytic] ?? '').trim().toUpperCase() : '',
    extras,
  };
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
