/**
 * The SIEG's share of the costs (finance.md §1 and §5): each line of the accounts is on an
 * analytic axis — the SIEG activity, other activities, or general running costs — from the
 * file's analytic code, else from the user's rules; general costs are shared with the SIEG
 * by documented allocation keys. K (the SIEG cost) = direct SIEG costs + allocated shares.
 */
import type { Cents } from '../money';
import { cerfaRow, rowForAccount, signedForAccount, signedForRow, type MappingRule } from './cerfa';

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
  /**
   * The year has both keys and a flat rate: common costs would be counted twice. The flat
   * rate is then left out (flat = 0) and the control is blocked until one is removed.
   */
  keyConflict: boolean;
}

/** Rounds half away from zero: the same cent whatever the sign. */
function roundCents(value: number): Cents {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/** Keys that share rows of costs (not the flat rate). */
function rowKeys(keys: readonly AllocationKey[]) {
  return keys.filter((key) => key.basis !== 'flat_percent');
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
    const key = rowKeys(keys).find((candidate) => candidate.rows.includes(amount.row)) ?? null;
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
  const flatKeys = keys.filter((key) => key.basis === 'flat_percent');
  // Keys and a flat rate both cover the common costs: never add both (finance.md §1).
  const keyConflict = flatKeys.length > 0 && rowKeys(keys).length > 0;
  const flat = keyConflict
    ? 0
    : flatKeys.reduce((sum, key) => sum + roundCents(direct * keyShare(key)), 0);
  return {
    rows,
    direct,
    allocated,
    flat,
    total: direct + allocated + flat,
    unallocatedGeneral,
    keyConflict,
  };
}

/**
 * Why a key cannot be saved beside the year's other keys: a flat rate and keys on rows are
 * exclusive (the common costs would count twice), and there is one flat rate a year.
 * Null when it can.
 */
export function keyExclusivityError(
  candidate: Pick<AllocationKey, 'basis'>,
  others: readonly Pick<AllocationKey, 'basis' | 'label'>[],
): string | null {
  const flat = others.find((key) => key.basis === 'flat_percent');
  const byRows = others.find((key) => key.basis !== 'flat_percent');
  if (candidate.basis === 'flat_percent') {
    if (flat)
      return `Un forfait de frais indirects existe déjà cette année (« ${flat.label} ») : un seul forfait par année.`;
    if (byRows)
      return `Cette année répartit déjà les frais communs par clé (« ${byRows.label} ») : un forfait s'y ajouterait et compterait ces frais deux fois. Supprimez les clés ou renoncez au forfait.`;
    return null;
  }
  if (flat)
    return `Cette année applique déjà un forfait de frais indirects (« ${flat.label} ») : une clé s'y ajouterait et compterait les frais communs deux fois. Supprimez le forfait ou renoncez à la clé.`;
  return null;
}

/** A key of another convention of the same operator, for the same financial year. */
export interface SiblingKey {
  conventionReference: string;
  rows: readonly string[];
  share: number;
}

/** Above 100 % by more than float noise (shares are ratios of typed quantities). */
const SHARE_EPSILON = 1e-9;

/**
 * The rows a key would allocate more than 100 % of, with the keys of the operator's other
 * conventions for the same financial year: the same cost cannot be charged to several
 * SIEG more than once (decision 2012/21/UE, art. 5 §9). Each with the total share and who
 * already takes part of it.
 */
export function overAllocatedRows(
  candidate: { rows: readonly string[]; share: number },
  siblings: readonly SiblingKey[],
): { row: string; total: number; references: string[] }[] {
  const over: { row: string; total: number; references: string[] }[] = [];
  for (const row of candidate.rows) {
    const taking = siblings.filter((key) => key.rows.includes(row));
    const total = taking.reduce((sum, key) => sum + key.share, candidate.share);
    if (taking.length > 0 && total > 1 + SHARE_EPSILON)
      over.push({ row, total, references: taking.map((key) => key.conventionReference) });
  }
  return over;
}

/** A produit row's SIEG part: its own lines plus its share of the common (general) ones. */
export interface SiegRevenueRow {
  row: string;
  sieg: Cents;
  general: Cents;
  /** The key naming the row, or null when the share of the common costs applies. */
  keyLabel: string | null;
  share: number | null;
  allocated: Cents;
  siegRevenue: Cents;
}

/**
 * The SIEG share of the common costs by the keys: the keys' shares weighted by the general
 * costs of the rows they cover (one key on every row gives exactly its share). Common
 * revenue no key names is shared the same way. Null without keys on rows (a flat rate
 * gives no share of the common revenue).
 */
export function commonCostShare(costs: Pick<SiegCosts, 'rows'>): number | null {
  const covered = costs.rows.filter((row) => row.share !== null && row.general > 0);
  const general = covered.reduce((sum, row) => sum + row.general, 0);
  if (covered.length === 0 || general <= 0) return null;
  const shares = new Set(covered.map((row) => row.share));
  if (shares.size === 1) return covered[0]!.share;
  const weighted = covered.reduce((sum, row) => sum + row.general * (row.share ?? 0), 0);
  return Math.min(1, Math.max(0, weighted / general));
}

/**
 * Revenue and public money booked on the general axis reach the SIEG as the common costs
 * do (decision 2012/21/UE art. 5 §4: revenue « de toute nature »): by the key that names
 * the produit row, else by the share of the common costs the keys gave the SIEG. Without
 * any key on rows, the common revenue stays out and is reported as not allocated.
 */
export function siegRevenue(
  amounts: readonly Pick<RowAmounts, 'row' | 'sieg' | 'general'>[],
  keys: readonly AllocationKey[],
  costs: Pick<SiegCosts, 'rows'>,
): { rows: SiegRevenueRow[]; unallocatedGeneral: Cents; commonShare: number | null } {
  const commonShare = commonCostShare(costs);
  const rows: SiegRevenueRow[] = [];
  let unallocatedGeneral = 0;
  for (const amount of amounts) {
    if (cerfaRow(amount.row)?.side !== 'produits' || cerfaRow(amount.row)?.inKind) continue;
    const key = rowKeys(keys).find((candidate) => candidate.rows.includes(amount.row)) ?? null;
    const share = key ? keyShare(key) : commonShare;
    const given = share === null ? 0 : roundCents(amount.general * share);
    if (share === null) unallocatedGeneral += amount.general;
    rows.push({
      row: amount.row,
      sieg: amount.sieg,
      general: amount.general,
      keyLabel: key?.label ?? null,
      share,
      allocated: given,
      siegRevenue: amount.sieg + given,
    });
  }
  return { rows, unallocatedGeneral, commonShare };
}

/**
 * Dedicated funds (fonds dédiés, finance.md §3): 689 puts part of a restricted resource aside
 * for later, 789 uses it. Neither is a cost or a revenue of the service: kept out of K and R,
 * shown apart and reconciled over the CPO.
 */
export function dedicatedFundKind(account: string): 'provision' | 'use' | null {
  if (account.startsWith('689')) return 'provision';
  if (account.startsWith('789')) return 'use';
  return null;
}

/**
 * The axis of a line for the SIEG. An operator with no other activity (a convention
 * setting) has no common costs: a line no code or rule places is the SIEG's. A line
 * explicitly on the other activity (its code, a rule) stays there either way.
 */
export function siegAxisOf(
  line: Parameters<typeof axisOf>[0],
  codes: ReadonlyMap<string, Axis>,
  rules: readonly AnalyticRule[],
  siegOnly: boolean,
): Axis {
  const { axis, from } = axisOf(line, codes, rules);
  return siegOnly && from === 'default' ? 'sieg' : axis;
}

export interface LedgerGroup {
  account: string;
  label: string;
  auxiliary: string;
  journal: string;
  analytic: string;
  netDebitCents: Cents;
}

/**
 * The year's lines by CERFA row and axis, ready for the keys. Two kinds of line stay out:
 * dedicated funds (689/789, the SIEG's own, apart) and accounts no mapping rule places —
 * those are listed, not guessed into a subsidy row, and block the control.
 */
export function siegLineAmounts(
  lines: readonly LedgerGroup[],
  setup: {
    mapping: readonly MappingRule[];
    codes: ReadonlyMap<string, Axis>;
    rules: readonly AnalyticRule[];
    siegOnly: boolean;
  },
) {
  const byRow = new Map<string, RowAmounts>();
  const unmapped = new Map<string, { account: string; label: string; netDebitCents: Cents }>();
  const dedicated = { provision: 0, use: 0 };
  for (const line of lines) {
    const axis = siegAxisOf(line, setup.codes, setup.rules, setup.siegOnly);
    const fund = dedicatedFundKind(line.account);
    if (fund) {
      if (axis === 'sieg') dedicated[fund] += signedForAccount(line.account, line.netDebitCents);
      continue;
    }
    const row = rowForAccount(line.account, setup.mapping, line.auxiliary)?.row ?? null;
    if (row === null) {
      const entry = unmapped.get(line.account) ?? {
        account: line.account,
        label: line.label,
        netDebitCents: 0,
      };
      entry.netDebitCents += line.netDebitCents;
      unmapped.set(line.account, entry);
      continue;
    }
    const totals = byRow.get(row) ?? { row, sieg: 0, other: 0, general: 0 };
    totals[axis] += signedForRow(row, line.netDebitCents);
    byRow.set(row, totals);
  }
  return {
    amounts: [...byRow.values()].sort((a, b) => a.row.localeCompare(b.row)),
    unmapped: [...unmapped.values()].sort((a, b) => a.account.localeCompare(b.account)),
    dedicated,
  };
}

/**
 * What the guide proposes for a CERFA row of a year whose FEC carries no analytic code
 * (nothing is applied until the user confirms): the State's O2R contribution finances the
 * SIEG; charges and the other resources are common until the user says otherwise, so
 * they are shared by the keys; sales belong to the operator's other activities.
 */
export function proposedAxisForRow(row: string): { axis: Axis; reason: string } {
  if (row === '74_state_o2r')
    return { axis: 'sieg', reason: "La contribution O2R de l'État (DREETS) finance le SIEG." };
  if (row.startsWith('74'))
    return {
      axis: 'general',
      reason:
        'Cofinancement : commun tant que la convention du financeur ne le réserve pas au SIEG ou à une autre activité.',
    };
  if (row === '64')
    return {
      axis: 'general',
      reason: 'Charges de personnel : à répartir par une clé (temps passé ou ETP).',
    };
  if (row === '70')
    return {
      axis: 'other',
      reason: "Ventes et prestations : relèvent d'ordinaire des autres activités.",
    };
  if (row === '86' || row === '87')
    return {
      axis: 'general',
      reason: 'Contributions en nature : réparties comme les charges communes, par une clé.',
    };
  if (/^6\d$/.test(row) || row === 'indirect')
    return { axis: 'general', reason: 'Charges communes : à répartir par une clé.' };
  return { axis: 'general', reason: 'Ressource commune : répartie avec la part du SIEG.' };
}

/** The copy of a previous year's key: same quantities, the evidence flagged for review. */
export const copiedEvidenceMark = '« à mettre à jour »';
export function copiedKeyEvidence(evidence: string, fromYear: number): string {
  return `${copiedEvidenceMark} (repris de l'année ${fromYear}) ${evidence}`.slice(0, 2000);
}
