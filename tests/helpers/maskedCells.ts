/**
 * Can a masked « < 5 » cell be worked back from what else is printed? For tests: every
 * masked cell is an unknown, every printed relation a constraint, and each unknown's
 * possible values are enumerated. A cell left with one possible value has been disclosed.
 *
 * Unknowns: a « < k » cell takes 1 … k−1 (zero is printed as 0, so it is not hidden); any
 * other mask (secondary suppression) takes 0 … `wideMax`. The same figure printed in two
 * documents is one unknown (the caller gives both cells the same key).
 */

export type Term = { coef: number; key: string } | { coef: number; value: number };

export interface Constraint {
  /** What it is, for the failure message. */
  label: string;
  /** Σ coef·x = rhs (linear) … */
  terms?: Term[];
  rhs?: number;
  /** … or any predicate on the unknowns it names (a rounded rate). */
  keys?: string[];
  holds?: (values: Map<string, number>) => boolean;
}

export interface Unknown {
  key: string;
  /** Where it is printed, for the failure message. */
  where: string;
  domain: number[];
}

const LIMIT = 3_000_000;

function keysOf(constraint: Constraint): string[] {
  if (constraint.terms) return constraint.terms.flatMap((t) => ('key' in t ? [t.key] : []));
  return constraint.keys ?? [];
}

/**
 * Whether the constraints with a partial assignment can still hold: a linear one by the
 * bounds of its unassigned unknowns, a predicate once all its unknowns are set.
 */
function feasible(
  constraint: Constraint,
  values: Map<string, number>,
  domains: Map<string, number[]>,
): boolean {
  if (constraint.terms) {
    let low = 0;
    let high = 0;
    for (const term of constraint.terms) {
      if ('value' in term) {
        low += term.coef * term.value;
        high += term.coef * term.value;
        continue;
      }
      const set = values.get(term.key);
      if (set !== undefined) {
        low += term.coef * set;
        high += term.coef * set;
        continue;
      }
      const domain = domains.get(term.key)!;
      const a = term.coef * domain[0]!;
      const b = term.coef * domain[domain.length - 1]!;
      low += Math.min(a, b);
      high += Math.max(a, b);
    }
    return low - 1e-9 <= constraint.rhs! && constraint.rhs! <= high + 1e-9;
  }
  if (keysOf(constraint).every((key) => values.has(key))) return constraint.holds!(values);
  return true;
}

/**
 * The values each unknown can take under all constraints; a constraint that no assignment
 * satisfies on its own is dropped (it is not a relation the document asserts, e.g. a total
 * column over a stock) and reported in `dropped`.
 */
export function possibleValues(
  unknowns: readonly Unknown[],
  constraints: readonly Constraint[],
): { values: Map<string, Set<number>>; dropped: string[]; truncated: boolean } {
  const domains = new Map(unknowns.map((u) => [u.key, u.domain]));
  // Unknowns not printed anywhere else only have their domain.
  const usable = constraints.filter((c) => keysOf(c).every((key) => domains.has(key)));
  let truncated = false;
  let visited = 0;

  function search(order: string[], active: Constraint[], values: Map<string, number>): boolean {
    visited += 1;
    if (visited > LIMIT) {
      truncated = true;
      return true;
    }
    if (!active.every((c) => feasible(c, values, domains))) return false;
    const next = order.find((key) => !values.has(key));
    if (next === undefined) return true;
    for (const value of domains.get(next)!) {
      values.set(next, value);
      if (search(order, active, values)) {
        values.delete(next);
        return true;
      }
      values.delete(next);
    }
    return false;
  }

  // Connected groups of unknowns, through the constraints that name them.
  const dropped: string[] = [];
  const kept = usable.filter((c) => {
    visited = 0;
    const ok = search(keysOf(c), [c], new Map());
    if (!ok) dropped.push(c.label);
    return ok;
  });
  const result = new Map<string, Set<number>>();
  for (const unknown of unknowns) {
    const group = new Set([unknown.key]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of kept) {
        const keys = keysOf(c);
        if (keys.some((k) => group.has(k)) && keys.some((k) => !group.has(k))) {
          for (const k of keys) group.add(k);
          grew = true;
        }
      }
    }
    const active = kept.filter((c) => keysOf(c).some((k) => group.has(k)));
    const order = [unknown.key, ...[...group].filter((k) => k !== unknown.key)];
    const possible = new Set<number>();
    for (const value of unknown.domain) {
      visited = 0;
      if (search(order, active, new Map([[unknown.key, value]]))) possible.add(value);
    }
    result.set(unknown.key, possible);
  }
  return { values: result, dropped, truncated };
}

/** The unknown's range for a printed mask. */
export function domainOf(maskText: string, wideMax = 60): number[] {
  const bound = /^[<≤] ?(\d+)/.exec(maskText.replace(/[\s\u00a0\u202f]+/g, ' ').trim());
  if (bound) {
    const k = Number(bound[1]);
    const top = maskText.includes('≤') ? k : k - 1;
    return Array.from({ length: top }, (_, i) => i + 1);
  }
  return Array.from({ length: wideMax + 1 }, (_, i) => i);
}
