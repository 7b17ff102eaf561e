/**
 * Scans a FEC file once: every check the rules ask for (header, columns per line, dates,
 * amounts, each entry balanced), the figures of the preview (lines, entries, totals,
 * period, net debit by class, account and analytic code), and — when a writer is given —
 * each kept line handed to it. Nothing here touches the database.
 */
import {
  FecFormatError,
  isKeptAccount,
  readFecHeader,
  readFecLine,
  type FecLayout,
  type FecLine,
} from '../../../shared/fec/fecLine';
import { forEachLine, forEachLineAsync, identifyFile, type FecEncoding } from './fecText';

export interface FecIssue {
  line: number;
  reason: string;
}

export interface AccountTotal {
  label: string;
  netDebitCents: number;
}

export interface FecScan {
  encoding: FecEncoding;
  separator: 'TAB' | '|';
  columns: string[];
  extraColumns: string[];
  hasAnalytic: boolean;
  lines: number;
  entries: number;
  keptLines: number;
  totalDebitCents: number;
  totalCreditCents: number;
  firstDate: string | null;
  lastDate: string | null;
  /** Net debit (debit − credit) by account class (first digit). */
  byClass: Record<string, number>;
  /** Net debit of the kept accounts (classes 6, 7, 86, 87), with their label. */
  byAccount: Map<string, AccountTotal>;
  /** Net debit by `${class}:${analytic code}` for kept lines of a file with an analytic column. */
  byClassAndAnalytic: Record<string, number>;
  /** Lines outside [yearStart, yearEnd], when a year was given. */
  outOfYear: { count: number; first: FecIssue[] };
  issues: FecIssue[];
  issueCount: number;
}

const MAX_ISSUES = 200;

interface EntryBalance {
  key: string;
  journal: string;
  number: string;
  /** In `balances`. */
  kept: boolean;
  firstLine: number;
  lastLine: number;
  debit: number;
  credit: number;
}

export interface ScanOptions {
  /** Known from identifyFile(): saves a pass over the bytes. */
  encoding?: FecEncoding;
  year?: { start: string; end: string };
  /**
   * Each kept line, while the file can still be imported: once a line is refused (or, with
   * `refuseOutOfYear`, dated outside the year) the import will be refused whatever follows,
   * so writing more lines would only be taken back.
   */
  onKeptLine?: (line: FecLine, lineNumber: number, separator: '\t' | '|') => void;
  refuseOutOfYear?: boolean;
  onProgress?: (bytesRead: number, size: number) => void;
}

/** Reads the whole file synchronously (inside the import's transaction). */
export function scanFec(path: string, options: ScanOptions = {}): FecScan {
  const { encoding, size } = options.encoding
    ? { encoding: options.encoding, size: 0 }
    : identifyFile(path);
  const scanner = createScanner(encoding, options);
  forEachLine(path, encoding, scanner.onLine, (bytesRead) => options.onProgress?.(bytesRead, size));
  return scanner.finish();
}

/** The same, yielding between chunks so that progress events reach the screen. */
export async function scanFecAsync(
  path: string,
  options: ScanOptions & { encoding: FecEncoding; size: number },
): Promise<FecScan> {
  const scanner = createScanner(options.encoding, options);
  await forEachLineAsync(path, options.encoding, scanner.onLine, (bytesRead) =>
    options.onProgress?.(bytesRead, options.size),
  );
  return scanner.finish();
}

function createScanner(encoding: FecEncoding, options: ScanOptions) {
  let layout: FecLayout | null = null;
  const issues: FecIssue[] = [];
  let issueCount = 0;
  const addIssue = (line: number, reason: string) => {
    issueCount += 1;
    if (issues.length < MAX_ISSUES) issues.push({ line, reason });
  };
  const scan: Omit<
    FecScan,
    'issues' | 'issueCount' | 'encoding' | 'separator' | 'columns' | 'extraColumns' | 'hasAnalytic'
  > = {
    lines: 0,
    entries: 0,
    keptLines: 0,
    totalDebitCents: 0,
    totalCreditCents: 0,
    firstDate: null,
    lastDate: null,
    byClass: {},
    byAccount: new Map(),
    byClassAndAnalytic: {},
    outOfYear: { count: 0, first: [] },
  };
  /** Entries left unbalanced, in the order they were met. */
  const balances = new Map<string, EntryBalance>();
  /** The entry being read: not in `balances` unless it was left unbalanced before. */
  let current: EntryBalance | null = null;
  let headerError: string | null = null;

  const onLine = (text: string, lineNumber: number) => {
    if (headerError) return;
    if (layout === null) {
      if (text.trim() === '') {
        headerError =
          'Le fichier commence par une ligne vide : la première ligne doit être l’en-tête du FEC.';
        return;
      }
      try {
        layout = readFecHeader(text);
      } catch (error) {
        headerError = error instanceof FecFormatError ? error.message : String(error);
      }
      return;
    }
    if (text === '') return;
    const line = readFecLine(text, layout);
    if (Array.isArray(line)) {
      for (const reason of line) addIssue(lineNumber, reason);
      return;
    }
    scan.lines += 1;
    scan.totalDebitCents += line.debitCents;
    scan.totalCreditCents += line.creditCents;
    if (scan.firstDate === null || line.date < scan.firstDate) scan.firstDate = line.date;
    if (scan.lastDate === null || line.date > scan.lastDate) scan.lastDate = line.date;
    if (options.year && (line.date < options.year.start || line.date > options.year.end)) {
      scan.outOfYear.count += 1;
      if (scan.outOfYear.first.length < 20) {
        scan.outOfYear.first.push({
          line: lineNumber,
          reason: `écriture datée du ${line.date.split('-').reverse().join('/')}`,
        });
      }
    }
    const net = line.debitCents - line.creditCents;
    const accountClass = line.compteNum.charAt(0);
    scan.byClass[accountClass] = (scan.byClass[accountClass] ?? 0) + net;
    if (
      current === null ||
      line.ecritureNum !== current.number ||
      line.journalCode !== current.journal
    ) {
      // An entry's lines usually follow each other: once it is left balanced, it is
      // forgotten, so memory stays flat however long the file. Only an entry left
      // unbalanced is kept (by journal and number): a fragment reappearing later adds to it,
      // and one reappearing after its balanced part is checked on its own, which is exact.
      if (current !== null) {
        if (current.debit !== current.credit) {
          balances.set(current.key, current);
          current.kept = true;
        } else if (current.kept) {
          balances.delete(current.key);
          current.kept = false;
        }
      }
      const key = `${line.journalCode}\u0000${line.ecritureNum}`;
      const earlier = balances.size > 0 ? balances.get(key) : undefined;
      if (earlier) {
        current = earlier;
      } else {
        scan.entries += 1;
        current = {
          key,
          journal: line.journalCode,
          number: line.ecritureNum,
          kept: false,
          firstLine: lineNumber,
          lastLine: lineNumber,
          debit: 0,
          credit: 0,
        };
      }
    }
    current.debit += line.debitCents;
    current.credit += line.creditCents;
    current.lastLine = lineNumber;
    if (isKeptAccount(line.compteNum)) {
      scan.keptLines += 1;
      const account = scan.byAccount.get(line.compteNum);
      if (account) account.netDebitCents += net;
      else scan.byAccount.set(line.compteNum, { label: line.compteLib, netDebitCents: net });
      if (layout.analytic >= 0) {
        const analyticKey = `${accountClass}:${line.analytic}`;
        scan.byClassAndAnalytic[analyticKey] = (scan.byClassAndAnalytic[analyticKey] ?? 0) + net;
      }
      if (
        options.onKeptLine &&
        issueCount === 0 &&
        !(options.refuseOutOfYear && scan.outOfYear.count > 0)
      )
        options.onKeptLine(line, lineNumber, layout.separator);
    }
  };

  const finish = (): FecScan => {
    if (headerError) throw new FecFormatError(headerError);
    const found = layout as FecLayout | null;
    if (!found) throw new FecFormatError('Le fichier est vide : aucun en-tête, aucune écriture.');
    if (scan.lines === 0 && issueCount === 0) {
      throw new FecFormatError(
        "Le fichier ne contient que l'en-tête : aucune écriture à importer.",
      );
    }
    const unbalanced = [...balances.values()];
    if (current && !current.kept) unbalanced.push(current);
    for (const balance of unbalanced) {
      if (balance.debit !== balance.credit) {
        const { journal, number } = balance;
        const lines =
          balance.firstLine === balance.lastLine
            ? `ligne ${balance.firstLine}`
            : `lignes ${balance.firstLine} à ${balance.lastLine}`;
        addIssue(
          balance.firstLine,
          `écriture ${number} du journal ${journal} (${lines}) déséquilibrée : débit ${(balance.debit / 100).toFixed(2).replace('.', ',')} ≠ crédit ${(balance.credit / 100).toFixed(2).replace('.', ',')}`,
        );
      }
    }
    issues.sort((a, b) => a.line - b.line);
    return {
      ...scan,
      encoding,
      separator: found.separator === '\t' ? 'TAB' : '|',
      columns: found.headers,
      extraColumns: found.extras.map((column) => column.name),
      hasAnalytic: found.analytic >= 0,
      issues,
      issueCount,
    };
  };
  return { onLine, finish };
}
