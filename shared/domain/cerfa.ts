/**
 * The rows of the compte rendu financier (CERFA 15059*02 layout, finance.md §2), the
 * chart of accounts in force for a financial year (finance.md §3), and the gap rule of the
 * explanatory annex. Pure: the mapping data lives in resources/catalogue.
 */
import type { Cents } from '../money';
import { formatEuros, formatPercent } from '../format';

export type CerfaSide = 'charges' | 'produits';

export interface CerfaRow {
  code: string;
  label: string;
  side: CerfaSide;
  /** Rows below the total (contributions in kind) are shown apart. */
  inKind?: boolean;
  /** A subsidy row that needs its funder before it can be reported. */
  toAssign?: boolean;
}

export const cerfaRows: readonly CerfaRow[] = [
  { code: '60', label: '60 — Achats', side: 'charges' },
  { code: '61', label: '61 — Services extérieurs', side: 'charges' },
  { code: '62', label: '62 — Autres services extérieurs', side: 'charges' },
  { code: '63', label: '63 — Impôts et taxes', side: 'charges' },
  { code: '64', label: '64 — Charges de personnel', side: 'charges' },
  { code: '65', label: '65 — Autres charges de gestion courante', side: 'charges' },
  { code: '66', label: '66 — Charges financières', side: 'charges' },
  { code: '67', label: '67 — Charges exceptionnelles', side: 'charges' },
  {
    code: '68',
    label: '68 — Dotations aux amortissements, provisions et engagements',
    side: 'charges',
  },
  { code: 'indirect', label: "Charges indirectes affectées à l'action", side: 'charges' },
  {
    code: '86',
    label: '86 — Emplois des contributions volontaires en nature',
    side: 'charges',
    inKind: true,
  },
  { code: '70', label: '70 — Ventes, prestations de services', side: 'produits' },
  { code: '73', label: '73 — Dotations et produits de tarification', side: 'produits' },
  { code: '74_state_o2r', label: '74 — État : contribution O2R (DREETS)', side: 'produits' },
  { code: '74_state_other', label: '74 — État : autres ministères', side: 'produits' },
  { code: '74_region', label: '74 — Région(s)', side: 'produits' },
  { code: '74_department', label: '74 — Département(s)', side: 'produits' },
  { code: '74_intercommunality', label: '74 — Intercommunalité(s)', side: 'produits' },
  { code: '74_commune', label: '74 — Commune(s)', side: 'produits' },
  { code: '74_social', label: '74 — Organismes sociaux', side: 'produits' },
  { code: '74_eu', label: '74 — Fonds européens (FSE+…)', side: 'produits' },
  { code: '74_asp', label: '74 — ASP (emplois aidés)', side: 'produits' },
  { code: '74_other_public', label: '74 — Autres établissements publics', side: 'produits' },
  { code: '74_private', label: '74 — Aides privées', side: 'produits' },
  {
    code: '74_to_assign',
    label: '74 — Subventions, financeur à préciser',
    side: 'produits',
    toAssign: true,
  },
  {
    code: '75',
    label: '75 — Autres produits de gestion courante (cotisations, dons)',
    side: 'produits',
  },
  { code: '76', label: '76 — Produits financiers', side: 'produits' },
  { code: '77', label: '77 — Produits exceptionnels', side: 'produits' },
  { code: '78', label: '78 — Reprises et reports de ressources non utilisées', side: 'produits' },
  { code: 'own', label: "Ressources propres affectées à l'action", side: 'produits' },
  { code: '87', label: '87 — Contributions volontaires en nature', side: 'produits', inKind: true },
];

export const cerfaRowCodes = cerfaRows.map((row) => row.code);

export function cerfaRow(code: string): CerfaRow | undefined {
  return cerfaRows.find((row) => row.code === code);
}

/** A row's label, or its code when the catalogue no longer has it (an old mapping). */
export function cerfaRowLabel(code: string): string {
  return cerfaRow(code)?.label ?? code;
}

export type ChartVersion = 'ANC_2018_06' | 'ANC_2022_06';

export const chartVersionLabels: Record<ChartVersion, string> = {
  ANC_2018_06: 'Règlement ANC 2018-06 (exercices ouverts avant 2025)',
  ANC_2022_06: 'Règlement ANC 2022-06 (exercices ouverts à partir du 1er janvier 2025)',
};

/** The chart in force for a financial year, by the date it opened (finance.md §3). */
export function chartVersionFor(fiscalYearStart: string): ChartVersion {
  return fiscalYearStart >= '2025-01-01' ? 'ANC_2022_06' : 'ANC_2018_06';
}

export interface MappingRule {
  prefix: string;
  /** Limits the rule to one CompAuxNum ('' or absent = any): a 74x line's funder. */
  auxiliary?: string;
  row: string;
}

/**
 * The rule for an account (and its auxiliary account). A rule naming the auxiliary beats
 * any rule that does not — the funder of a subsidy is only known from it; among rules of
 * the same kind the longest prefix wins (a rule for 7411 beats the one for 74).
 */
export function rowForAccount(
  account: string,
  rules: readonly MappingRule[],
  auxiliary = '',
): MappingRule | null {
  let best: MappingRule | null = null;
  let bestScore = -1;
  for (const rule of rules) {
    if (!account.startsWith(rule.prefix)) continue;
    const ruleAuxiliary = rule.auxiliary ?? '';
    if (ruleAuxiliary !== '' && ruleAuxiliary !== auxiliary) continue;
    const score = (ruleAuxiliary === '' ? 0 : 100) + rule.prefix.length;
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Only subsidies (74x) are told apart by their auxiliary account: elsewhere the CompAuxNum
 * names a supplier or a customer, which the compte rendu does not split by.
 */
export function splitsByAuxiliary(account: string): boolean {
  return account.startsWith('74');
}

// Words of a subsidy's labels that name its funder, most specific first (a "Région - FSE+"
// line is European money paid through the Region).
const funderWords: readonly (readonly [RegExp, string])[] = [
  [/\bO2R\b|\bDREETS\b|\bDDETS\b/i, '74_state_o2r'],
  [/\bFSE\+?|\bFEDER\b|europ[ée]en|\bUE\b/i, '74_eu'],
  [/\bASP\b|emplois? aid[ée]s?|\bPEC\b/i, '74_asp'],
  [/\bCAF\b|\bCPAM\b|\bMSA\b|\bCARSAT\b|organismes? sociaux/i, '74_social'],
  [/d[ée]partement|\bCD\d*\b|conseil d[ée]partemental/i, '74_department'],
  [/r[ée]gion|conseil r[ée]gional/i, '74_region'],
  [
    /m[ée]tropole|agglom[ée]ration|communaut[ée] de communes|\bEPCI\b|intercommunal/i,
    '74_intercommunality',
  ],
  [/\bville\b|commune|mairie|\bCCAS\b/i, '74_commune'],
  [/fondation|mécénat|mecenat|\bpriv[ée]/i, '74_private'],
  [/pr[ée]fecture|minist[eè]re|(?:^|\s)[ÉE]tat\b|\bANCT\b|\bFIPD\b/i, '74_state_other'],
];

/** The funder row the labels of a subsidy line point to, or null: a suggestion only. */
export function guessFunderRow(...labels: readonly string[]): string | null {
  const text = labels.join(' ');
  for (const [words, row] of funderWords) if (words.test(text)) return row;
  return null;
}

/** A charge is a net debit; a product a net credit: both shown as positive amounts. */
export function signedForRow(row: string, netDebitCents: Cents): Cents {
  return signedForSide(cerfaRow(row)?.side ?? 'charges', netDebitCents);
}

/**
 * The same for an account read before (or without) its row: classes 7 and 87 are produits,
 * the rest of what the FEC import keeps (6, 86) charges.
 */
export function signedForAccount(account: string, netDebitCents: Cents): Cents {
  const produit = account.startsWith('7') || account.startsWith('87');
  return signedForSide(produit ? 'produits' : 'charges', netDebitCents);
}

function signedForSide(side: CerfaSide, netDebitCents: Cents): Cents {
  return side === 'charges' ? netDebitCents : -netDebitCents;
}

/**
 * A side's total as the compte rendu states it: its own rows only, the contributions in kind
 * (86/87) being shown apart and outside the totals. A row with no amount counts as zero.
 */
export function sideTotal(
  amounts: Readonly<Record<string, Cents | null | undefined>>,
  side: CerfaSide,
): Cents {
  return cerfaRows
    .filter((row) => row.side === side && !row.inKind)
    .reduce((sum, row) => sum + (amounts[row.code] ?? 0), 0);
}

export interface GapThreshold {
  /** e.g. 1500 = ±15 %. */
  basisPoints: number;
  cents: Cents;
}

export const DEFAULT_GAP_THRESHOLD: GapThreshold = { basisPoints: 1500, cents: 500_000 };

export interface Gap {
  forecastCents: Cents;
  actualCents: Cents;
  gapCents: Cents;
  /** (actual − forecast) / forecast; null without a forecast. */
  gapRatio: number | null;
  /** Over the threshold: the explanatory annex needs a text for it. */
  significant: boolean;
}

/**
 * The gap of one row. Significant when either limit is reached (finance.md: "±15 % or
 * 5 000 €, whichever is reached"); a row with no forecast is significant from the amount.
 */
export function gapOf(
  forecastCents: Cents,
  actualCents: Cents,
  threshold: GapThreshold = DEFAULT_GAP_THRESHOLD,
): Gap {
  const gapCents = actualCents - forecastCents;
  const gapRatio = forecastCents === 0 ? null : gapCents / forecastCents;
  const overAmount = Math.abs(gapCents) >= threshold.cents;
  const overRatio =
    gapRatio !== null &&
    Math.abs(gapCents) * 10_000 >= Math.abs(forecastCents) * threshold.basisPoints;
  return {
    forecastCents,
    actualCents,
    gapCents,
    gapRatio,
    significant: gapCents !== 0 && (overAmount || overRatio),
  };
}

/**
 * The one way a gap's percentage is written, on screen and in the documents: signed, one
 * decimal ("−1,5 %", "+12,0 %"), "—" without a forecast. Rounding is display only.
 */
export function gapPercentText(ratio: number | null): string {
  if (ratio === null) return '—';
  const text = formatPercent(ratio, 1);
  return ratio > 0 ? `+${text}` : text;
}

/** The CERFA's « % » column: réalisation / prévision; null without a forecast. */
export function realisationRatio(forecastCents: Cents, actualCents: Cents): number | null {
  return forecastCents === 0 ? null : actualCents / forecastCents;
}

/** The same, written: "98,5 %", "—" without a forecast. */
export function realisationPercentText(forecastCents: Cents, actualCents: Cents): string {
  const ratio = realisationRatio(forecastCents, actualCents);
  return ratio === null ? '—' : formatPercent(ratio, 1);
}

export interface ForecastBalance {
  charges: Cents;
  produits: Cents;
  /** produits − charges: a CERFA budget is presented balanced (0). */
  gap: Cents;
  inKindCharges: Cents;
  inKindProduits: Cents;
  /** Total charges = total produits, and the uses in kind (86) = the contributions (87). */
  balanced: boolean;
  /** Nothing entered for the year: no balance to check. */
  empty: boolean;
}

/**
 * Whether a year's forecast balances, as the CERFA requires (total charges = total
 * produits; 86 = 87). Used by the budget screen, the compte rendu and the completeness check.
 */
export function forecastBalance(
  amounts: Readonly<Record<string, Cents | null | undefined>>,
): ForecastBalance {
  const charges = sideTotal(amounts, 'charges');
  const produits = sideTotal(amounts, 'produits');
  const inKind = (side: CerfaSide) =>
    cerfaRows
      .filter((row) => row.side === side && row.inKind)
      .reduce((sum, row) => sum + (amounts[row.code] ?? 0), 0);
  const inKindCharges = inKind('charges');
  const inKindProduits = inKind('produits');
  const empty = cerfaRows.every((row) => !amounts[row.code]);
  return {
    charges,
    produits,
    gap: produits - charges,
    inKindCharges,
    inKindProduits,
    balanced: empty || (charges === produits && inKindCharges === inKindProduits),
    empty,
  };
}

/** The French sentence for an unbalanced forecast, or null when it balances. */
export function forecastBalanceWarning(balance: ForecastBalance): string | null {
  if (balance.balanced) return null;
  const parts: string[] = [];
  if (balance.charges !== balance.produits)
    parts.push(
      `les charges (${formatEuros(balance.charges)}) et les produits (${formatEuros(balance.produits)}) ` +
        `diffèrent de ${formatEuros(Math.abs(balance.gap))} (${balance.gap > 0 ? 'excédent' : 'déficit'} prévu)`,
    );
  if (balance.inKindCharges !== balance.inKindProduits)
    parts.push(
      `les emplois en nature (86 : ${formatEuros(balance.inKindCharges)}) diffèrent des contributions ` +
        `en nature (87 : ${formatEuros(balance.inKindProduits)})`,
    );
  return `Le budget prévisionnel n’est pas équilibré : ${parts.join(' ; ')}.`;
}

/**
 * Public subsidies of a financial year from which the accounts must be certified by an
 * auditor (commissaire aux comptes), art. L612-4 and D612-5 of the code de commerce.
 */
export const AUDITOR_PUBLIC_SUBSIDY_THRESHOLD: Cents = 15_300_000;

export function auditorReportRequired(publicSubsidiesCents: Cents): boolean {
  return publicSubsidiesCents >= AUDITOR_PUBLIC_SUBSIDY_THRESHOLD;
}

/** The 74 rows of public bodies (all but private aid): what the L612-4 threshold counts. */
export function isPublicSubsidyRow(code: string): boolean {
  return code.startsWith('74_') && code !== '74_private';
}

/** The lines of the form under 86 and 87 (plan comptable des associations, ANC 2018-06). */
export const inKindDetailRows: readonly { prefix: string; label: string; side: CerfaSide }[] = [
  { prefix: '860', label: '860 — Secours en nature', side: 'charges' },
  { prefix: '861', label: '861 — Mise à disposition gratuite de biens', side: 'charges' },
  { prefix: '862', label: '862 — Prestations', side: 'charges' },
  { prefix: '864', label: '864 — Personnel bénévole', side: 'charges' },
  { prefix: '870', label: '870 — Bénévolat', side: 'produits' },
  { prefix: '871', label: '871 — Prestations en nature', side: 'produits' },
  { prefix: '875', label: '875 — Dons en nature', side: 'produits' },
];

// Words of an 86 / 87 account's label naming its line, most specific first. The numbers differ
// between charts (870 and 875 swapped between the old plan and ANC 2018-06, finance.md §3): the
// label decides, the number only when the label says nothing.
const inKindWords: readonly { side: CerfaSide; pattern: RegExp; prefix: string }[] = [
  { side: 'charges', pattern: /secours/i, prefix: '860' },
  { side: 'charges', pattern: /mise\s+à\s+disposition|biens/i, prefix: '861' },
  { side: 'charges', pattern: /b[ée]n[ée]vol/i, prefix: '864' },
  { side: 'charges', pattern: /prestation/i, prefix: '862' },
  { side: 'produits', pattern: /b[ée]n[ée]vol/i, prefix: '870' },
  { side: 'produits', pattern: /prestation|mise\s+à\s+disposition/i, prefix: '871' },
  { side: 'produits', pattern: /\bdons?\b/i, prefix: '875' },
];

/**
 * The 86x/87x line of an account, by its labels (FEC or mapping) first, else by its number;
 * null for an account of another class or line.
 */
export function inKindDetailOf(account: string, ...labels: readonly string[]): string | null {
  const side: CerfaSide | null = account.startsWith('86')
    ? 'charges'
    : account.startsWith('87')
      ? 'produits'
      : null;
  if (side === null) return null;
  const text = labels.join(' ');
  const byLabel = inKindWords.find((word) => word.side === side && word.pattern.test(text));
  if (byLabel) return byLabel.prefix;
  return inKindDetailRows.find((row) => account.startsWith(row.prefix))?.prefix ?? null;
}
