/**
 * An independent FEC reader for the tests: a few lines of string handling that never import
 * the app's code, so a figure the app computes is checked against one worked out another way.
 * It reads only what the totals need (accounts, amounts, entries, an analytic column) and
 * trusts the file (the fixtures are well formed); the app's reader does the refusing.
 */
import { readFileSync } from 'node:fs';

export interface ReferenceTotals {
  lines: number;
  /** Distinct journal code + entry number. */
  entries: number;
  /** Lines of the kept accounts. */
  keptLines: number;
  totalDebitCents: number;
  totalCreditCents: number;
  /** Net debit (debit − credit) by first digit, every account. */
  byClass: Record<string, number>;
  /** Net debit of the kept accounts (6, 7, 86, 87), by account, by two-digit group. */
  byAccount: Record<string, number>;
  byGroup: Record<string, number>;
  /** Net debit of kept lines by `${class}:${CODE}`, when the file has an analytic column. */
  byClassAndAnalytic: Record<string, number> | null;
}

/** `1234,5`, ` 000000000001437,12`, `-12,50`, `12,50-`, `+3`, `` → cents. */
export function referenceCents(text: string): number {
  let value = text.replace(/ /g, '');
  if (value === '') return 0;
  let sign = 1;
  if (value.startsWith('-') || value.endsWith('-')) sign = -1;
  value = value.replace(/^[+-]|[+-]$/g, '');
  const match = /^(\d+)(?:,(\d{1,2}))?$/.exec(value);
  if (!match) throw new Error(`reference reader: amount ${JSON.stringify(text)}`);
  const units = Number(match[1]!.replace(/^0+(?=\d)/, ''));
  const cents = Number((match[2] ?? '0').padEnd(2, '0'));
  return sign * (units * 100 + cents);
}

function decode(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Labels do not matter to the totals: Latin-1 is close enough to Latin-9 here.
    text = bytes.toString('latin1');
  }
  return text.replace(/^\uFEFF/, '');
}

const isKept = (account: string) => /^[67]/.test(account) || /^8[67]/.test(account);

export function referenceTotals(path: string): ReferenceTotals {
  const rows = decode(readFileSync(path))
    .split(/\r\n|\r|\n/)
    .filter((line) => line !== '');
  const separator = rows[0]!.includes('\t') ? '\t' : '|';
  const names = rows[0]!.split(separator).map((name) => name.trim().toLowerCase());
  const column = (name: string) => names.indexOf(name.toLowerCase());
  const [journal, num, account, debit, credit, montant, sens] = [
    'JournalCode',
    'EcritureNum',
    'CompteNum',
    'Debit',
    'Credit',
    'Montant',
    'Sens',
  ].map(column) as [number, number, number, number, number, number, number];
  const analytic = names.findIndex((name) =>
    ['analytique', 'section', 'code analytique', 'axe'].includes(name),
  );
  const totals: ReferenceTotals = {
    lines: 0,
    entries: 0,
    keptLines: 0,
    totalDebitCents: 0,
    totalCreditCents: 0,
    byClass: {},
    byAccount: {},
    byGroup: {},
    byClassAndAnalytic: analytic >= 0 ? {} : null,
  };
  const entries = new Set<string>();
  const add = (record: Record<string, number>, key: string, cents: number) => {
    record[key] = (record[key] ?? 0) + cents;
  };
  for (const row of rows.slice(1)) {
    const fields = row.split(separator);
    let debitCents: number;
    let creditCents: number;
    if (debit >= 0) {
      debitCents = referenceCents(fields[debit]!);
      creditCents = referenceCents(fields[credit]!);
    } else {
      const amount = referenceCents(fields[montant]!);
      const direction = fields[sens]!.trim().toUpperCase();
      const isDebit = ['D', '+', '+1', '1'].includes(direction);
      debitCents = isDebit ? amount : 0;
      creditCents = isDebit ? 0 : amount;
    }
    const compte = fields[account]!.trim();
    const net = debitCents - creditCents;
    totals.lines += 1;
    totals.totalDebitCents += debitCents;
    totals.totalCreditCents += creditCents;
    entries.add(`${fields[journal]!.trim()}${separator}${fields[num]!.trim()}`);
    add(totals.byClass, compte.charAt(0), net);
    if (isKept(compte)) {
      totals.keptLines += 1;
      add(totals.byAccount, compte, net);
      add(totals.byGroup, compte.slice(0, 2), net);
      if (totals.byClassAndAnalytic) {
        add(
          totals.byClassAndAnalytic,
          `${compte.charAt(0)}:${fields[analytic]!.trim().toUpperCase()}`,
          net,
        );
      }
    }
  }
  totals.entries = entries.size;
  return totals;
}
