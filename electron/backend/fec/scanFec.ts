/**
 * Scans a FEC file once: every check the rules ask for (header, columns per line, dates,
 * amounts, each entry balanced), the figures of the preview (lines, entries, totals,
 * period, net debit by class, account and analytic code), and — when a writer is given —
 * each kept line handed to it. Nothing here touches the database.
 */
import {
  entryKey,
  entryKeyOfRawLine,
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
  /** Entries: distinct journal code + number, wherever their lines are. */
  entries: number;
  /** Lines with empty fields beyond the header's columns (tolerated, said in the preview). */
  trailingEmptyFieldLines: number;
  /** How amounts are given: two columns, or one amount and its direction. */
  amountStyle: 'Debit/Credit' | 'Montant/Sens';
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

/**
 * Every entry's running balance, by journal code and number, in typed arrays: a 1M-line file
 * holds ~500 000 entries, and one object each would cost several times the memory and keep
 * the garbage collector busy. `slot` gives an entry's place in the arrays.
 */
function createEntryStore() {
  // By journal, then by number: a journal has many entries, a file few journals, and the
  // number is already a string of its own (no key to build per entry).
  const journals = new Map<string, Map<string, number>>();
  let size = 0;
  let capacity = 1024;
  let debit = new Float64Array(capacity);
  let credit = new Float64Array(capacity);
  let firstLine = new Float64Array(capacity);
  let lastLine = new Float64Array(capacity);
  const grow = () => {
    capacity *= 2;
    const larger = (array: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(array);
      return next;
    };
    debit = larger(debit);
    credit = larger(credit);
    firstLine = larger(firstLine);
    lastLine = larger(lastLine);
  };
  return {
    /** The entry's slot, created at `lineNumber` when first met. */
    open(journal: string, number: string, lineNumber: number): number {
      let numbers = journals.get(journal);
      if (numbers === undefined) {
        numbers = new Map();
        journals.set(journal, numbers);
      }
      let index = numbers.get(number);
      if (index === undefined) {
        index = size;
        size += 1;
        if (index === capacity) grow();
        numbers.set(number, index);
        firstLine[index] = lineNumber;
      }
      return index;
    },
    add(index: number, debitCents: number, creditCents: number, lineNumber: number) {
      debit[index]! += debitCents;
      credit[index]! += creditCents;
      lastLine[index] = lineNumber;
    },
    get size() {
      return size;
    },
    /** Entries whose debit and credit differ. */
    *unbalanced() {
      for (const [journal, numbers] of journals) {
        for (const [number, index] of numbers) {
          if (debit[index] === credit[index]) continue;
          yield {
            journal,
            number,
            debit: debit[index]!,
            credit: credit[index]!,
            firstLine: firstLine[index]!,
            lastLine: lastLine[index]!,
          };
        }
      }
    },
  };
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
    | 'issues'
    | 'issueCount'
    | 'encoding'
    | 'separator'
    | 'columns'
    | 'extraColumns'
    | 'hasAnalytic'
    | 'entries'
    | 'amountStyle'
  > = {
    lines: 0,
    trailingEmptyFieldLines: 0,
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
  /**
   * Every entry met, by journal code and number, wherever its lines are in the file (some
   * packages write an entry's lines apart, sorted by account or by date): its running
   * balance, for the count and the balance check. One small object per entry, not per line.
   */
  const entries = createEntryStore();
  /** The entry of the previous line: consecutive lines of an entry skip the map lookup. */
  let currentJournal: string | null = null;
  let currentNumber = '';
  let currentSlot = -1;
  /** Entries with a refused line: their imbalance is that line's consequence, not news. */
  const brokenEntries = new Set<string>();
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
      // One error per broken line, whatever number of reasons it has.
      addIssue(lineNumber, line.join(' ; '));
      const key = entryKeyOfRawLine(text, layout);
      if (key !== null) brokenEntries.add(key);
      return;
    }
    if (line.trailingEmptyFields) scan.trailingEmptyFieldLines += 1;
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
    if (line.ecritureNum !== currentNumber || line.journalCode !== currentJournal) {
      currentJournal = line.journalCode;
      currentNumber = line.ecritureNum;
      currentSlot = entries.open(line.journalCode, line.ecritureNum, lineNumber);
    }
    entries.add(currentSlot, line.debitCents, line.creditCents, lineNumber);
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
    for (const balance of entries.unbalanced()) {
      const { journal, number } = balance;
      if (brokenEntries.has(entryKey(journal, number))) continue;
      const lines =
        balance.firstLine === balance.lastLine
          ? `ligne ${balance.firstLine}`
          : `lignes ${balance.firstLine} à ${balance.lastLine}`;
      addIssue(
        balance.firstLine,
        `écriture ${number} du journal ${journal} (${lines}) déséquilibrée : débit ${(balance.debit / 100).toFixed(2).replace('.', ',')} ≠ crédit ${(balance.credit / 100).toFixed(2).replace('.', ',')}`,
      );
    }
    issues.sort((a, b) => a.line - b.line);
    return {
      ...scan,
      entries: entries.size,
      encoding,
      separator: found.separator === '\t' ? 'TAB' : '|',
      columns: found.headers,
      extraColumns: found.extras.map((column) => column.name),
      hasAnalytic: found.analytic >= 0,
      amountStyle: found.index.debit >= 0 ? 'Debit/Credit' : 'Montant/Sens',
      issues,
      issueCount,
    };
  };
  return { onLine, finish };
}
