/**
 * The one way the activity report and the bilan print a count of people or a share of
 * people: through a `CellBook`, which records every such figure under a key shared by the
 * documents of the convention (`2026-01-01|ind|EXIT_TRAINING` is the same figure in the
 * year-2 activity report and in the bilan) and the sums a reader can make with them.
 *
 * A builder runs twice: once with no masks, to write the ledger of what it prints; the
 * masks are decided on the ledger (for one document, or for every document of the
 * convention at once — `suppressCells`); then it runs again and prints with them. The
 * figures printed and the figures the masks were decided on can therefore never differ.
 */
import {
  anyWithheld,
  DEFAULT_SMALL_CELL_THRESHOLD,
  isWithheld,
  maskedCountText,
  primaryMasks,
  SECONDARY_MASK_TEXT,
  suppressCells,
  type CellLedger,
  type SumRelation,
  WITHHELD_TEXT,
} from '../../../shared/domain/smallCells';
import { largestRemainderShares, sharesTotal } from '../../../shared/domain/shares';
import { formatNumber, formatPercent } from '../../../shared/format';

export class CellBook {
  private readonly values = new Map<string, number>();
  private readonly relations: SumRelation[] = [];
  private readonly seen = new Set<string>();

  constructor(
    /** The masked keys; null while recording the ledger. */
    private readonly masks: ReadonlySet<string> | null,
    readonly threshold = DEFAULT_SMALL_CELL_THRESHOLD,
  ) {}

  private record(key: string, value: number): void {
    if (!this.values.has(key)) this.values.set(key, value);
  }

  masked(key: string): boolean {
    return this.masks?.has(key) ?? false;
  }

  /** Printed « nd »: see suppressCells. */
  withheld(key: string): boolean {
    return isWithheld(this.masks, key);
  }

  /** Whether any cell of the documents is withheld: their legend then explains « nd ». */
  anyWithheld(): boolean {
    return anyWithheld(this.masks);
  }

  small(value: number): boolean {
    return value > 0 && value < this.threshold;
  }

  /**
   * A count of people: the number, « < 5 », « s » (masked so a total gives nothing back) or
   * « nd » (withheld, 0 to 4, in a table of small counts only: see suppressCells).
   */
  count(key: string, value: number): string {
    this.record(key, value);
    return maskedCountText(value, this.masked(key), this.threshold, isWithheld(this.masks, key));
  }

  /**
   * `total` = Σ `parts`, as printed. Recorded only when it holds on the figures: a sum that
   * does not hold is not one a reader can use.
   */
  sum(total: string, parts: readonly string[]): void {
    if (parts.length === 0 || !this.values.has(total)) return;
    if (parts.some((part) => !this.values.has(part))) return;
    const sum = parts.reduce((acc, part) => acc + this.values.get(part)!, 0);
    if (sum !== this.values.get(total)) return;
    const id = `${total}=${[...parts].sort().join('+')}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.relations.push({ total, parts: [...parts] });
  }

  /** Two keys for the same figure (a share's numerator and a table's row…), when equal. */
  same(a: string, b: string): void {
    this.sum(a, [b]);
  }

  /** Why a share is not printed: one of its terms is masked (or withheld). */
  private hiddenShare(numKey: string, numerator: number, denKey: string, denominator: number) {
    if (isWithheld(this.masks, numKey) || isWithheld(this.masks, denKey)) return WITHHELD_TEXT;
    return this.small(numerator) || this.small(denominator)
      ? `effectif < ${formatNumber(this.threshold)}`
      : SECONDARY_MASK_TEXT;
  }

  /**
   * A share of people. Its terms are recorded as cells (a reader works the numerator out of
   * the share and the denominator): hidden when either is masked. A share of nobody is « — ».
   */
  share(numKey: string, numerator: number, denKey: string, denominator: number): string {
    this.record(numKey, numerator);
    this.record(denKey, denominator);
    if (denominator === 0) return '—';
    if (this.masked(numKey) || this.masked(denKey))
      return this.hiddenShare(numKey, numerator, denKey, denominator);
    return formatPercent(numerator / denominator);
  }

  /**
   * The « Part » column of a table whose rows add up to `total`: whole percents adding up to
   * 100 (largest remainder; equal counts alike, the printed total then being the sum of the
   * shares, `exact` false when it is not 100). Masked rows print « — » and are rounded together as one hidden
   * block, whose size the reader knows anyway (total − visible rows): the visible shares
   * then depend on nothing masked.
   */
  shares(
    total: { key: string; value: number },
    rows: readonly { key: string; value: number }[],
  ): { cells: string[]; total: string; exact: boolean } {
    if (total.value === 0 || this.masked(total.key))
      return { cells: rows.map(() => '—'), total: '—', exact: true };
    const visible = rows.map((row) => !this.masked(row.key));
    const hidden = rows.reduce((sum, row, index) => sum + (visible[index] ? 0 : row.value), 0);
    const counts = [...rows.filter((_, index) => visible[index]).map((row) => row.value), hidden];
    const percents = largestRemainderShares(counts);
    // Equal counts share alike, so the shares may add up to a little more or less than 100. With
    // masked rows, the points left go to their hidden block (never printed: no two visible
    // equal counts can differ); otherwise the total printed is the sum of the shares,
    // never a 100 % they do not make.
    const hiddenShare = percents.at(-1)! + 100 - sharesTotal(percents);
    if (visible.some((shown) => !shown) && hiddenShare >= 0)
      percents[percents.length - 1] = hiddenShare;
    const sum = sharesTotal(percents);
    let next = 0;
    const cells = rows.map((_, index) => {
      if (!visible[index]) return '—';
      const percent = percents[next]!;
      next += 1;
      return formatPercent(percent / 100);
    });
    return { cells, total: formatPercent(sum / 100), exact: sum === 100 };
  }

  ledger(): CellLedger {
    return { values: new Map(this.values), relations: [...this.relations] };
  }
}

/** Several documents' ledgers as one (the same key is the same figure). */
export function mergeLedgers(ledgers: readonly CellLedger[]): CellLedger {
  const values = new Map<string, number>();
  const relations: SumRelation[] = [];
  const seen = new Set<string>();
  for (const ledger of ledgers) {
    for (const [key, value] of ledger.values) if (!values.has(key)) values.set(key, value);
    for (const relation of ledger.relations) {
      const id = `${relation.total}=${[...relation.parts].sort().join('+')}`;
      if (seen.has(id)) continue;
      seen.add(id);
      relations.push(relation);
    }
  }
  return { values, relations };
}

/**
 * Runs a builder twice: records its ledger, decides the masks (`given`: decided for the whole
 * convention; otherwise on this document alone), then builds with them.
 */
export function withMasks<T>(
  threshold: number,
  given: readonly string[] | undefined,
  build: (book: CellBook) => T,
): T {
  const ledger = ledgerOf(threshold, build);
  // The convention's masks, and this document's small cells whatever they say.
  const masks = given
    ? new Set([...given, ...primaryMasks(ledger.values, threshold)])
    : suppressCells(ledger, threshold);
  return build(new CellBook(masks, threshold));
}

export function ledgerOf<T>(threshold: number, build: (book: CellBook) => T): CellLedger {
  const book = new CellBook(null, threshold);
  build(book);
  return book.ledger();
}
