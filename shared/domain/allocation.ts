/**
 * The SIEG's share of the costs (finance.md §1 and §5): each line of the accounts is on an
 * analytic axis — the SIEG activity, other activities, or general running costs — from the
 * file's analytic code, else from the user's rules; general costs are shared with the SIEG
 * by documented allocation keys. K (the SIEG cost) = direct SIEG costs + allocated shares.
 */
import type { Cents } from '../money';
import { cerfaRow } from './cerfa';

export type Axis = 'sieg' | 'other' | 'general';

export const axisLabels: Record<Axis, string> = {
  sieg: 'Activité SIEG (O2R)',
  other: 'Autres activités',
  general: 'Frais généraux à répartir',
};

export const analyticRuleKinds = ['account', 'prefix', 'journal', 'auxiliary'] as const;

export interface AnalyticRule {
  /** `auxiliary`: a CompAuxNum (a subsidy's funder, e.g. the city funding another activity). */
  kind: (typeof analyticRuleKinds)[number];
  value: string;
  axis: Axis;
}

/** A code seen in a file, read the way most packages name things, until the user says. */
export function guessAxis(code: string): Axis {
  const upper = code.toUpperCase();
  if (/O2R|SIEG|OREP/.test(upper)) return 'sieg';
  if (/^GEN|FRAIS ?G|STRUCT|COMMUN/.test(upper)) return 'general';
  return 'other';
}

/**
 * The axis of a line. Its analytic code decides when it has one; otherwise an auxiliary
 * account rule (the most specific: one funder of one account), an account rule, the
 * longest account prefix, then a journal rule; with none, the line is a general
 * running cost (shared by the keys rather than silently given to one activity).
 */
export function axisOf(
  line: { analytic: string; account: string; journal: string; auxiliary?: string },
  codes: ReadonlyMap<string, Axis>,
  rules: readonly AnalyticRule[],
): { axis: Axis; from: 'code' | 'rule' | 'default' } {
  if (line.analytic)
    return { axis: codes.get(line.analytic) ?? guessAxis(line.analytic), from: 'code' };
  const funder = line.auxiliary
    ? rules.find((rule) => rule.kind === 'auxiliary' && rule.value === line.auxiliary)
    : undefined;
  if (funder) return { axis: funder.axis, from: 'rule' };
  const exact = rules.find((rule) => rule.kind === 'account' && rule.value === line.account);
  if (exact) return { axis: exact.axis, from: 'rule' };
  let prefix: AnalyticRule | undefined;
  for (const rule of rules) {
    if (
      rule.kind === 'prefix' &&
      line.account.startsWith(rule.value) &&
      (!prefix || rule.value.length > prefix.value.length)
    ) {
      prefix = rule;
    }
  }
  if (prefix) return { axis: prefix.axis, from: 'rule' };
  const journal = rules.find((rule) => rule.kind === 'journal' && rule.value === line.journal);
  if (journal) return { axis: journal.axis, from: 'rule' };
  return { axis: 'general', from: 'default' };
}

export type KeyBasis = 'time' | 'fte' | 'floor_area' | 'persons' | 'flat_percent';

export const keyBasisLabels: Record<KeyBasis, string> = {
  time: 'Temps passé (heures)',
  fte: 'Équivalents temps plein',
  floor_area: 'Surface (m²)',
  persons: 'Personnes accueillies',
  flat_percent: 'Forfait en % des coûts directs',
};

export interface AllocationKey {
  id: number;
  label: string;
  basis: KeyBasis;
  siegQuantity: number;
  totalQuantity: number;
  evidence: string;
  rows: readonly string[];
}

/** The SIEG share of a key, as a fraction; a flat key gives its rate on direct costs. */
export function keyShare(
  key: Pick<AllocationKey, 'basis' | 'siegQuantity' | 'totalQuantity'>,
): number {
  if (key.basis === 'flat_percent') return key.siegQuantity / 10_000;
  if (key.totalQuantity <= 0) return 0;
  return Math.min(1, Math.max(0, key.siegQuantity / key.totalQuantity));
}

export interface RowAmounts {
  row: string;
  sieg: Cents;
  other: Cents;
  general: Cents;
}

export interface SiegRow extends RowAmounts {
  keyId: number | null;
  keyLabel: string | null;
  share: number | null;
  /** The part of the general costs given to the SIEG, rounded to the cent. */
  allocated: Cents;
  /** Direct SIEG costs + allocated. */
  siegCost: Cents;
}

export interface SiegCosts {
  rows: SiegRow[];
  direct: Cents;
  allocated: Cents;
  /** Flat-rate indirect costs (a % of the direct SIEG costs). */
  flat: Cents;
  /** K: what the SIEG costs. */
  total: Cents;
  /** General costs of charge rows no key covers: not given to the SIEG. */
  unallocatedGeneral: Cents;
}

/** Rounds half away from zero: the same cent whatever the sign. */
function roundCents(value: number): Cents {
  return Math.sign(value) * Math.round(Math.abs(value));
}

export function siegCosts(
  amounts: readonly RowAmounts[],
  keys: readonly AllocationKey[],
): SiegCosts {
  const rows: SiegRow[] = [];
  let direct = 0;
  let allocated = 0;
  let unallocatedGeneral = 0;
  for (const amount of amounts) {
    if (cerfaRow(amount.row)?.side !== 'charges' || cerfaRow(amount.row)?.inKind) continue;
    const key =
      keys.find(
        (candidate) => candidate.basis !== 'flat_percent' && candidate.rows.includes(amount.row),
      ) ?? null;
    const share = key ? keyShare(key) : null;
    const given = share === null ? 0 : roundCents(amount.general * share);
    if (share === null) unallocatedGeneral += amount.general;
    direct += amount.sieg;
    allocated += given;
    rows.push({
      ...amount,
      keyId: key?.id ?? null,
      keyLabel: key?.label ?? null,
      share,
      allocated: given,
      siegCost: amount.sieg + given,
    });
  }
  const flat = keys
    .filter((key) => key.basis === 'flat_percent')
    .reduce((sum, key) => sum + roundCents(direct * keyShare(key)), 0);
  return { rows, direct, allocated, flat, total: direct + allocated + flat, unallocatedGeneral };
}
