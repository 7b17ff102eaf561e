/**
 * Statistical confidentiality of everything that leaves the app (o2r-cpo.md, "Personal
 * data"): reports to the DREETS are aggregates, and a cell that counts fewer people than
 * the threshold is masked so that nobody can be singled out. Zero is shown: "nobody" reveals
 * no one.
 *
 * A total printed next to masked cells can give them back (« < 5 » in year 1, 19 in year 2,
 * 23 over the CPO: year 1 is 4). `suppressCells` decides the masks of every figure the
 * documents of one convention print, together (secondary suppression): it masks more cells
 * until no masked cell can be pinned to one value from the printed figures and the sums that
 * link them (`pinnedCells`, an exact search).
 */
import { formatNumber, formatPercent } from '../format';

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

export interface MaskedCell {
  masked: boolean;
  text: string;
}

/** A figure from 1 to threshold − 1 people. */
function isSmall(value: number, threshold: number): boolean {
  return value > 0 && value < threshold;
}

function maskedText(threshold: number): string {
  return `< ${formatNumber(threshold)}`;
}

/** A count of people: `< 5` when it is from 1 to 4, the number otherwise. */
export function maskCount(value: number, threshold = DEFAULT_SMALL_CELL_THRESHOLD): MaskedCell {
  if (isSmall(value, threshold)) return { masked: true, text: maskedText(threshold) };
  return { masked: false, text: formatNumber(value) };
}

/**
 * A share of people. Masked when either term is small: "75 % of 4 people" names 3 of them
 * as surely as "3" would. A share of nobody is shown as a dash, not as 0 %.
 */
export function maskShare(
  numerator: number,
  denominator: number,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): MaskedCell {
  if (denominator === 0) return { masked: false, text: '—' };
  if (isSmall(numerator, threshold) || isSmall(denominator, threshold)) {
    return { masked: true, text: `effectif ${maskedText(threshold)}` };
  }
  return { masked: false, text: formatPercent(numerator / denominator) };
}

/** Every count of a table of rows (e.g. one row per category), masked cell by cell. */
export function maskTable<K extends string>(
  rows: readonly Readonly<Record<K, number>>[],
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): Record<K, MaskedCell>[] {
  return rows.map(
    (row) =>
      Object.fromEntries(
        Object.entries<number>(row).map(([key, value]) => [key, maskCount(value, threshold)]),
      ) as Record<K, MaskedCell>,
  );
}

/** A figure a reader can add up: `total` = Σ `parts` (a table's total row, a CPO total…). */
export interface SumRelation {
  total: string;
  parts: readonly string[];
}

/**
 * Every count of people the documents print or let a reader work out (the terms of a printed
 * share), by key, and the sums that link them. Keys are the same in every document of the
 * convention for the same figure, so that one decision holds for all of them.
 */
export interface CellLedger {
  values: ReadonlyMap<string, number>;
  relations: readonly SumRelation[];
}

/**
 * In a set of masks, a cell withheld rather than masked: its key behind this mark (the key
 * itself is in the set too). See `suppressCells`.
 */
const WITHHELD_MARK = 'nd:';
export const withheldKey = (key: string) => `${WITHHELD_MARK}${key}`;
export const isWithheld = (masks: ReadonlySet<string> | null, key: string) =>
  masks?.has(withheldKey(key)) ?? false;
/** Whether a set of masks withholds any cell. */
export const anyWithheld = (masks: ReadonlySet<string> | null) =>
  [...(masks ?? [])].some((key) => key.startsWith(WITHHELD_MARK));

/**
 * What a reader knows of a masked cell: « < 5 » is 1 to 4; « s » is at least the threshold;
 * « nd » (withheld) is 0 to threshold − 1.
 */
function domainOf(
  value: number,
  threshold: number,
  cap: number,
  withheld: boolean,
): [number, number] {
  if (withheld) return [0, threshold - 1];
  return isSmall(value, threshold) ? [1, threshold - 1] : [threshold, Math.max(cap, threshold)];
}

interface Equation {
  vars: number[];
  coefs: number[];
  constant: number;
}

/** Too many steps for one search: the cell is then taken as pinned (the safe side). */
const SEARCH_BUDGET = 200_000;

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** Bounds propagation on Σ coef·x = constant; false when no integer solution is left. */
function propagate(lo: number[], hi: number[], equations: readonly Equation[]): boolean {
  let changed = true;
  while (changed) {
    changed = false;
    for (const { vars, coefs, constant } of equations) {
      let sumMin = 0;
      let sumMax = 0;
      for (let i = 0; i < vars.length; i += 1) {
        const c = coefs[i]!;
        const v = vars[i]!;
        sumMin += Math.min(c * lo[v]!, c * hi[v]!);
        sumMax += Math.max(c * lo[v]!, c * hi[v]!);
      }
      if (constant < sumMin || constant > sumMax) return false;
      for (let i = 0; i < vars.length; i += 1) {
        const c = coefs[i]!;
        const v = vars[i]!;
        const restMin = sumMin - Math.min(c * lo[v]!, c * hi[v]!);
        const restMax = sumMax - Math.max(c * lo[v]!, c * hi[v]!);
        // c·x ∈ [constant − restMax, constant − restMin]
        const a = constant - restMax;
        const b = constant - restMin;
        const newLo = c > 0 ? ceilDiv(a, c) : ceilDiv(b, c);
        const newHi = c > 0 ? floorDiv(b, c) : floorDiv(a, c);
        if (newLo > lo[v]!) {
          lo[v] = newLo;
          changed = true;
        }
        if (newHi < hi[v]!) {
          hi[v] = newHi;
          changed = true;
        }
        if (lo[v]! > hi[v]!) return false;
      }
    }
  }
  return true;
}

/** Depth-first search for one integer solution within the bounds. */
function feasible(
  lo: number[],
  hi: number[],
  equations: readonly Equation[],
  budget: { steps: number },
): boolean {
  budget.steps -= 1;
  if (budget.steps < 0) throw new Error('budget');
  if (!propagate(lo, hi, equations)) return false;
  let pick = -1;
  for (let v = 0; v < lo.length; v += 1)
    if (lo[v]! < hi[v]! && (pick < 0 || hi[v]! - lo[v]! < hi[pick]! - lo[pick]!)) pick = v;
  if (pick < 0) return true;
  for (let value = lo[pick]!; value <= hi[pick]!; value += 1) {
    const nextLo = [...lo];
    const nextHi = [...hi];
    nextLo[pick] = value;
    nextHi[pick] = value;
    if (feasible(nextLo, nextHi, equations, budget)) return true;
  }
  return false;
}

/**
 * The masked cells a reader can pin to one value from what is printed: the unmasked cells,
 * the sums of the ledger, « < t » read as 1 to t − 1 and « s » as t or more. Exact (a search
 * over integer solutions), component by component.
 */
export function pinnedCells(
  ledger: CellLedger,
  masked: ReadonlySet<string>,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): string[] {
  const value = (key: string) => ledger.values.get(key) ?? 0;
  const cap = [...ledger.values.values()].reduce((sum, v) => sum + Math.abs(v), 0) + threshold;
  const keys = [...masked]
    .filter((key) => ledger.values.has(key) && !key.startsWith(WITHHELD_MARK))
    .sort();
  const indexOf = new Map(keys.map((key, index) => [key, index]));
  // Union-find over masked cells that share a sum: each component is searched alone.
  const parent = keys.map((_, index) => index);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const equations: Equation[] = [];
  for (const relation of ledger.relations) {
    const coefs = new Map<string, number>();
    coefs.set(relation.total, (coefs.get(relation.total) ?? 0) + 1);
    for (const part of relation.parts) coefs.set(part, (coefs.get(part) ?? 0) - 1);
    const equation: Equation = { vars: [], coefs: [], constant: 0 };
    for (const [key, coef] of coefs) {
      if (coef === 0) continue;
      const index = indexOf.get(key);
      if (index === undefined) equation.constant -= coef * value(key);
      else {
        equation.vars.push(index);
        equation.coefs.push(coef);
      }
    }
    if (equation.vars.length === 0) continue;
    for (const v of equation.vars.slice(1)) parent[find(v)] = find(equation.vars[0]!);
    equations.push(equation);
  }
  const pinned: string[] = [];
  const components = new Map<number, number[]>();
  keys.forEach((_, index) => {
    const root = find(index);
    components.set(root, [...(components.get(root) ?? []), index]);
  });
  for (const members of components.values()) {
    const local = new Map(members.map((global, local) => [global, local]));
    const localEquations = equations
      .filter((equation) => local.has(equation.vars[0]!))
      .map((equation) => ({ ...equation, vars: equation.vars.map((v) => local.get(v)!) }));
    const bounds = members.map((global) =>
      domainOf(value(keys[global]!), threshold, cap, masked.has(withheldKey(keys[global]!))),
    );
    for (const [localIndex, global] of members.entries()) {
      const truth = value(keys[global]!);
      const otherValue = (from: number, to: number) => {
        if (from > to) return false;
        const lo = bounds.map(([l]) => l);
        const hi = bounds.map(([, h]) => h);
        lo[localIndex] = Math.max(lo[localIndex]!, from);
        hi[localIndex] = Math.min(hi[localIndex]!, to);
        if (lo[localIndex]! > hi[localIndex]!) return false;
        try {
          return feasible(lo, hi, localEquations, { steps: SEARCH_BUDGET });
        } catch {
          return false;
        }
      };
      if (!otherValue(-Infinity, truth - 1) && !otherValue(truth + 1, Infinity))
        pinned.push(keys[global]!);
    }
  }
  return pinned;
}

/** The primary mask: every count from 1 to threshold − 1. */
export function primaryMasks(
  values: ReadonlyMap<string, number>,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): Set<string> {
  return new Set([...values].filter(([, value]) => isSmall(value, threshold)).map(([k]) => k));
}

/**
 * The cells to mask in every document of the convention: the small ones, then, while a
 * masked cell can be pinned, one more cell of a sum a pinned cell is in — the one that leaves
 * the fewest cells pinned, then a part before a total (the total is what the reader needs
 * most), then the smallest; never a zero (« nobody » reveals no one). Deterministic: the
 * same ledger always gives the same masks.
 *
 * When no cell of a size to mask is left near a pinned one — a table whose every cell and
 * total counts 0 to 4 people (2 × 2 cells of 1: totals 2, 2 and 4, each cell forced to 1
 * since « < 5 » says « at least 1 ») — its cells under the threshold, zeros included, are
 * withheld: printed « nd », which says 0 to 4. A zero among them reveals no one, and the
 * reader can no longer count on every hidden cell holding someone.
 */
export function suppressCells(
  ledger: CellLedger,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
): Set<string> {
  const masked = primaryMasks(ledger.values, threshold);
  const value = (key: string) => ledger.values.get(key) ?? 0;
  let pinned = pinnedCells(ledger, masked, threshold);
  while (pinned.length > 0) {
    // Candidates: the cells of a sum a pinned cell is in; when they are all masked already
    // (the cell is pinned through a chain of sums), those of any sum with a masked cell.
    const candidatesNear = (near: (members: readonly string[]) => boolean) => {
      const onlyTotal = new Map<string, boolean>();
      for (const relation of ledger.relations) {
        const members = [relation.total, ...relation.parts];
        if (!near(members)) continue;
        for (const member of members) {
          if (masked.has(member) || value(member) < threshold || !ledger.values.has(member))
            continue;
          const total = member === relation.total;
          onlyTotal.set(member, (onlyTotal.get(member) ?? true) && total);
        }
      }
      return onlyTotal;
    };
    let onlyTotal = candidatesNear((members) => members.some((m) => pinned.includes(m)));
    if (onlyTotal.size === 0)
      onlyTotal = candidatesNear((members) => members.some((m) => masked.has(m)));
    if (onlyTotal.size === 0) {
      const withheld = withhold(ledger, masked, pinned, threshold);
      if (withheld === 0) return masked;
      pinned = pinnedCells(ledger, masked, threshold);
      continue;
    }
    let best: { key: string; left: string[]; total: boolean } | null = null;
    for (const [key, total] of onlyTotal) {
      const left = pinnedCells(ledger, new Set([...masked, key]), threshold);
      const order =
        best === null
          ? -1
          : left.length - best.left.length ||
            Number(total) - Number(best.total) ||
            value(key) - value(best.key) ||
            key.localeCompare(best.key);
      if (order < 0) best = { key, left, total };
    }
    masked.add(best!.key);
    pinned = best!.left;
  }
  return masked;
}

/**
 * Withholds the pinned cells and every cell under the threshold summed with them, zeros
 * included, to closure (`withheldKey` in `masked`); returns how many were newly withheld.
 */
function withhold(
  ledger: CellLedger,
  masked: Set<string>,
  pinned: readonly string[],
  threshold: number,
): number {
  const under = (key: string) => (ledger.values.get(key) ?? threshold) < threshold;
  const group = new Set(pinned.filter(under));
  let grown = true;
  while (grown) {
    grown = false;
    for (const relation of ledger.relations) {
      const members = [relation.total, ...relation.parts];
      if (!members.some((member) => group.has(member))) continue;
      for (const member of members)
        if (under(member) && ledger.values.has(member) && !group.has(member)) {
          group.add(member);
          grown = true;
        }
    }
  }
  let added = 0;
  for (const key of group) {
    if (masked.has(withheldKey(key))) continue;
    masked.add(key);
    masked.add(withheldKey(key));
    added += 1;
  }
  return added;
}

/** The text of a count of people once the masks are decided. */
export function maskedCountText(
  value: number,
  masked: boolean,
  threshold = DEFAULT_SMALL_CELL_THRESHOLD,
  withheld = false,
): string {
  if (withheld) return WITHHELD_TEXT;
  if (!masked) return formatNumber(value);
  return isSmall(value, threshold) ? maskedText(threshold) : SECONDARY_MASK_TEXT;
}

/** Shown for a cell withheld: 0 to threshold − 1 people, in a table of small counts only. */
export const WITHHELD_TEXT = 'nd';

/** Shown for a cell masked only so that a total does not give back a small one. */
export const SECONDARY_MASK_TEXT = 's';
