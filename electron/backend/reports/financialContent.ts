/**
 * The compte rendu financier (finance.md §2): the CERFA 15059 table (forecast, actual, gap),
 * the explanatory annex (significant gaps, allocation keys, contributions in kind), the SIEG
 * overcompensation annex (finance.md §1) and the attestation of the legal representative.
 */
import { keyBasisLabels } from '../../../shared/domain/allocation';
import {
  AUDITOR_PUBLIC_SUBSIDY_THRESHOLD,
  auditorReportRequired,
  cerfaRow,
  cerfaRows,
  forecastBalance,
  forecastBalanceWarning,
  gapOf,
  gapPercentText,
  inKindDetailRows,
  isPublicSubsidyRow,
  realisationPercentText,
  type CerfaRow,
} from '../../../shared/domain/cerfa';
import { reconcile, type Reconciliation } from '../../../shared/domain/reconciliation';
import { formatDate, formatEuros, formatNumber, formatPercent } from '../../../shared/format';
import type { Block, ReportContent, TableBlock, TableColumn, TableRow } from './content';
import { heading, keyValueTable, narrative, paragraph } from './content';
import {
  attestationBlocks,
  conventionBlocks,
  coverLines,
  draftOf,
  headerOf,
} from './commonContent';
import { euros } from './figures';
import type {
  CerfaFigures,
  FinancialReportModel,
  SiegAnnex,
  SiegOutcome,
  SiegPeriodFigures,
  SiegYearFigures,
  SiegYearPayments,
} from './model';

/** A gap with its sign: "+6 234,56 €". */
export function signedEuros(cents: number): string {
  return cents > 0 ? `+${formatEuros(cents)}` : formatEuros(cents);
}

/** A gap's percentage: the shared rule, the same as the « Prévu / réalisé » screen. */
export const signedPercent = gapPercentText;

/** The row label without its account number, for short mentions ("Achats"). */
function shortLabel(row: CerfaRow): string {
  return row.label.replace(/^\d+ — /, '');
}

interface RowFigures {
  row: CerfaRow;
  figures: CerfaFigures;
}

function figuresByRow(model: FinancialReportModel): RowFigures[] {
  const byCode = new Map(model.rows.map((figures) => [figures.code, figures]));
  return cerfaRows.map((row) => ({
    row,
    figures: byCode.get(row.code) ?? { code: row.code, forecast: 0, actual: 0 },
  }));
}

/**
 * Every row of the form is printed, even at zero (the 74 block lists each funder kind); the
 * « financeur à préciser » row only when it holds something in either column, so that no
 * amount of the organisation's accounts can drop out of its column.
 */
function shown({ row, figures }: RowFigures): boolean {
  return rowPrinted(row, [figures.forecast, figures.actual, figures.siegActual ?? 0]);
}

/** The rule of `shown`, shared with the bilan: every row, « à préciser » only when not empty. */
export function rowPrinted(row: CerfaRow, amounts: readonly number[]): boolean {
  return !row.toAssign || amounts.some((amount) => amount !== 0);
}

/** The label of the line giving the indirect charges of the action, in both documents. */
export const INDIRECT_DETAIL_LABEL =
  'dont charges indirectes réparties affectées à l’action (clés de répartition et forfait)';

/** How the documents name a row: the indirect row holds the flat rate only (see below). */
export function printedLabel(row: CerfaRow): string {
  if (row.code === 'indirect') return 'Charges indirectes au forfait (hors lignes 60 à 68)';
  return row.label;
}

function sum(entries: readonly RowFigures[], pick: (figures: CerfaFigures) => number): number {
  return entries.reduce((total, entry) => total + pick(entry.figures), 0);
}

/** The CERFA's columns: forecast, actual, % = réalisation / prévision; then the gap. */
function cerfaColumns(withSieg: boolean, secondLabel: string): TableColumn[] {
  return [
    { label: 'Rubrique', align: 'left', weight: 5.2 },
    { label: 'Prévision', align: 'right', weight: 1.7 },
    { label: 'Réalisation', align: 'right', weight: 1.7 },
    { label: '%', align: 'right', weight: 1 },
    { label: 'Écart (€)', align: 'right', weight: 1.7 },
    ...(withSieg ? [{ label: secondLabel, align: 'right' as const, weight: 1.8 }] : []),
    { label: 'Écart à expliquer', align: 'center', weight: 1.1 },
  ];
}

/** A line that details the row above it (« dont … »): not added into any total. */
function detailLine(label: string, actual: string, second: string, withSieg: boolean): TableRow {
  return { cells: [label, '', actual, '', '', ...(withSieg ? [second] : []), ''] };
}

function cerfaLine(
  label: string,
  forecast: number,
  actual: number,
  siegActual: number | null | undefined,
  model: FinancialReportModel,
  withSieg: boolean,
  emphasis?: TableRow['emphasis'],
): TableRow {
  const gap = gapOf(forecast, actual, model.gapThreshold);
  return {
    cells: [
      label,
      euros(forecast),
      euros(actual),
      realisationPercentText(forecast, actual),
      signedEuros(gap.gapCents),
      ...(withSieg
        ? [siegActual === null || siegActual === undefined ? '—' : euros(siegActual)]
        : []),
      emphasis ? '' : gap.significant ? 'oui' : '',
    ],
    ...(emphasis ? { emphasis } : {}),
  };
}

function cerfaSideTable(
  model: FinancialReportModel,
  entries: readonly RowFigures[],
  side: 'charges' | 'produits',
  withSieg: boolean,
): TableBlock {
  const sideRows = entries.filter((entry) => entry.row.side === side);
  const main = sideRows.filter((entry) => !entry.row.inKind && shown(entry));
  const inKind = sideRows.filter((entry) => entry.row.inKind);
  const siegSum = (list: readonly RowFigures[]) =>
    list.some((entry) => entry.figures.siegActual != null)
      ? sum(list, (figures) => figures.siegActual ?? 0)
      : null;
  const line = ({ row, figures }: RowFigures) =>
    cerfaLine(
      printedLabel(row),
      figures.forecast,
      figures.actual,
      figures.siegActual,
      model,
      withSieg,
    );
  const subsidies = main.filter((entry) => entry.row.code.startsWith('74_'));
  const rows: TableRow[] = [];
  for (const entry of main) {
    rows.push(line(entry));
    // The form's 74 block: each kind of funder, then their subtotal.
    if (subsidies.length > 0 && entry === subsidies.at(-1))
      rows.push(
        cerfaLine(
          '74 — Total des subventions d’exploitation',
          sum(subsidies, (figures) => figures.forecast),
          sum(subsidies, (figures) => figures.actual),
          siegSum(subsidies),
          model,
          withSieg,
          'subtotal',
        ),
      );
  }
  const totalLabel = side === 'charges' ? 'Total des charges' : 'Total des produits';
  rows.push(
    cerfaLine(
      totalLabel,
      sum(main, (figures) => figures.forecast),
      sum(main, (figures) => figures.actual),
      siegSum(main),
      model,
      withSieg,
      'subtotal',
    ),
  );
  if (side === 'charges' && model.allocatedInRows !== undefined) {
    // The CERFA's indirect charges: the general costs the keys share, spread over the rows
    // 60 to 68 of the action, plus the flat rate — the indirect part of K.
    const indirect =
      model.allocatedInRows +
      (entries.find((entry) => entry.row.code === 'indirect')?.figures.actual ?? 0);
    rows.push(detailLine(INDIRECT_DETAIL_LABEL, euros(indirect), '—', withSieg));
  }
  for (const entry of inKind) {
    rows.push(line(entry));
    for (const detail of inKindDetailOf(model, side))
      rows.push(
        detailLine(
          `dont ${detail.label}`,
          euros(detail.actual),
          detail.siegActual === null ? '—' : euros(detail.siegActual),
          withSieg,
        ),
      );
  }
  rows.push(
    cerfaLine(
      'TOTAL',
      sum([...main, ...inKind], (figures) => figures.forecast),
      sum([...main, ...inKind], (figures) => figures.actual),
      siegSum([...main, ...inKind]),
      model,
      withSieg,
      'total',
    ),
  );
  return {
    kind: 'table',
    id: side === 'charges' ? 'cerfa-charges' : 'cerfa-produits',
    title: side === 'charges' ? 'Charges' : 'Produits',
    columns: cerfaColumns(withSieg, model.secondActualLabel ?? 'dont SIEG (réalisation)'),
    rows,
    ...(side === 'charges' && model.allocatedInRows !== undefined
      ? {
          note:
            'Les lignes 60 à 68 de l’action comprennent ses charges directes et la part des charges ' +
            'communes que lui attribuent les clés de répartition (annexe) ; la ligne « dont » en donne ' +
            'le total, qui forme avec le forfait les charges indirectes du CERFA. « % » : réalisation ' +
            'rapportée à la prévision.',
        }
      : {}),
  };
}

/** The 860–864 / 870–875 lines of a side, labelled as the form does. */
function inKindDetailOf(model: FinancialReportModel, side: 'charges' | 'produits') {
  return (model.inKindDetail ?? [])
    .filter((detail) => (detail.prefix.startsWith('86') ? 'charges' : 'produits') === side)
    .map((detail) => ({
      ...detail,
      label:
        inKindDetailRows.find((row) => row.prefix === detail.prefix)?.label ??
        `${detail.prefix} — autres contributions en nature`,
    }));
}

const outcomeLabels: Record<SiegOutcome, string> = {
  none: 'Pas de surcompensation',
  carry_forward: 'Surcompensation inférieure ou égale à 10\u00a0% : report sur la période suivante',
  repay: 'Surcompensation supérieure à 10\u00a0% : reversement intégral',
  due_at_end:
    'Surcompensation inférieure ou égale à 10\u00a0%, fin du mandat sans convention suivante : à reverser',
};

/** The outcome as the table prints it: a carry at the end goes to the following convention. */
function outcomeText(period: SiegPeriodFigures): string {
  if (period.outcome === 'carry_forward' && period.carriedTo === 'next_convention')
    return 'Surcompensation inférieure ou égale à 10\u00a0% : reportée sur la convention suivante, qui la déduira';
  if (period.outcome === 'none' && period.oc < 0)
    return 'Pas de surcompensation (sous-compensation)';
  return outcomeLabels[period.outcome];
}

/** The SIEG annex, shared with the bilan final. */
export function siegBlocks(
  sieg: SiegAnnex,
  level: 1 | 2 = 1,
  title = 'Annexe SIEG : contrôle de la surcompensation',
): Block[] {
  const sub = (level + 1) as 2 | 3;
  if (sieg.regime === 'sieg_de_minimis') return deMinimisBlocks(sieg, level);
  const yearColumns: TableColumn[] = [
    { label: 'Élément', align: 'left', weight: 3.6 },
    ...sieg.years.map((year) => ({ label: year.label, align: 'right' as const, weight: 1.6 })),
    {
      label: sieg.years.some((year) => year.provisional) ? 'Total (provisoire)' : 'Total',
      align: 'right',
      weight: 1.7,
    },
  ];
  const yearLine = (
    label: string,
    pick: (year: SiegYearFigures) => number,
    emphasis?: TableRow['emphasis'],
  ): TableRow => ({
    cells: [
      label,
      ...sieg.years.map((year) => euros(pick(year))),
      euros(sieg.years.reduce((total, year) => total + pick(year), 0)),
    ],
    ...(emphasis ? { emphasis } : {}),
  });
  const blocks: Block[] = [
    heading(level, title),
    paragraph(
      'La contribution de l’État compense les obligations de service public confiées par la ' +
        'convention (décision 2012/21/UE). La compensation ne peut excéder le coût net du service ' +
        'augmenté d’un bénéfice raisonnable. La surcompensation d’une période est ' +
        'OC = Σ(C + R) − Σ(K + BR) ; inférieure ou égale à 10\u00a0% de la compensation annuelle ' +
        'moyenne, elle peut être reportée sur la période suivante, au-delà elle est reversée en totalité.',
    ),
    {
      kind: 'bullets',
      items: [
        'C : compensation publique du service (contribution de l’État et autres soutiens publics au même service)',
        'R : autres recettes du service',
        'K : coût du service (charges directes et quote-part des charges indirectes)',
        'BR : bénéfice raisonnable (taux de marge sur coûts) fixé par la convention',
        `Années d’une période compensées entre elles : ${sieg.readings.netting ? 'oui' : 'non'} ; ` +
          `compensation annuelle moyenne calculée sur ${
            sieg.readings.averageOver === 'period' ? 'la période contrôlée' : 'toute la convention'
          }` +
          (sieg.readings.periodYears !== undefined
            ? ` ; périodes de contrôle de ${sieg.readings.periodYears} an${sieg.readings.periodYears > 1 ? 's' : ''}`
            : ''),
        ...(sieg.parameters
          ? [
              `Paramètres fixés à l’avance par la ${sieg.parameters.source}` +
                (sieg.parameters.clause ? ` (${sieg.parameters.clause})` : ' (clause à préciser)') +
                ` : bénéfice raisonnable de ${formatPercent(sieg.parameters.reasonableProfitBp / 10000, 2)} ` +
                'des coûts et les modalités de contrôle ci-dessus ; seul un avenant les modifie.',
            ]
          : []),
      ],
    },
    heading(sub, 'Compensation et coûts par année'),
    {
      kind: 'table',
      id: 'sieg-annees',
      title: 'Compensation et coûts par année',
      columns: yearColumns,
      rows: [
        yearLine('Compensation publique (C)', (year) => year.c),
        yearLine('Autres recettes du service (R)', (year) => year.r),
        yearLine('Coût du service (K)', (year) => year.k),
        yearLine('Bénéfice raisonnable (BR)', (year) => year.rp),
        yearLine('Solde de l’année C + R − K − BR', (year) => year.balance, 'total'),
      ],
      note:
        'Le solde annuel est indicatif : le contrôle porte sur la période.' +
        (sieg.years.some((year) => year.provisional)
          ? ' Les années marquées « prévisionnel » n’ont pas encore leur FEC : leurs chiffres, ' +
            'et tout contrôle qui les inclut, sont provisoires.'
          : ''),
    },
  ];
  if (sieg.payments && sieg.payments.length > 0) blocks.push(...paymentBlocks(sieg.payments, sub));
  const blocked = sieg.blocked ?? [];
  if (sieg.periods.length > 0) {
    blocks.push(heading(sub, 'Contrôle par période'));
    // A blocked control draws no conclusion: the reasons instead, in bold.
    for (const reason of blocked) blocks.push(paragraph(`Contrôle bloqué — ${reason}`, 'strong'));
    blocks.push(periodTable(sieg.periods, blocked.length > 0));
    // A conclusion drawn from forecasts is provisional: said so, and not set in bold.
    if (blocked.length === 0)
      for (const period of sieg.periods)
        blocks.push(paragraph(periodConclusion(period), period.provisional ? 'normal' : 'strong'));
    if (blocked.length === 0) blocks.push(...endBlocks(sieg));
  }
  blocks.push(...siegRulesBlocks(sieg, sub));
  if (sieg.retention) blocks.push(paragraph(sieg.retention));
  return blocks;
}

/** The SIEG's perimeter, the sharing of common revenue, special rights and dedicated funds. */
function siegRulesBlocks(sieg: Extract<SiegAnnex, { regime: 'sieg_decision' }>, sub: 2 | 3) {
  const blocks: Block[] = [];
  if (sieg.rules) {
    blocks.push(
      heading(sub, 'Périmètre du SIEG et répartition des recettes'),
      paragraph(
        sieg.rules.siegOnly
          ? 'L’organisme n’exerce pas d’autre activité que le service d’intérêt économique général.'
          : 'L’organisme exerce d’autres activités : ses comptes séparent le SIEG des autres ' +
              'activités (code analytique ou règles), et les charges et produits communs sont ' +
              'répartis par les clés de l’annexe explicative (décision 2012/21/UE, art. 5 §9).',
      ),
      paragraph(
        'Recettes et subventions communes (comptabilisées sans affectation) : elles sont ' +
          'réparties avec les mêmes clés que les charges communes ; une subvention affectée à ' +
          'une autre activité en reste exclue.',
      ),
    );
    if (sieg.rules.revenueAllocation.length > 0)
      blocks.push({ kind: 'bullets', items: [...sieg.rules.revenueAllocation] });
    blocks.push(
      paragraph(
        `Droits spéciaux ou exclusifs accordés avec le SIEG : ${sieg.rules.specialRights}.`,
      ),
    );
  }
  const funds = sieg.dedicatedFunds;
  if (funds) {
    blocks.push(heading(sub, 'Fonds dédiés'), {
      kind: 'table',
      id: 'sieg-fonds-dedies',
      title: 'Fonds dédiés du SIEG, hors de K et de R',
      columns: [
        { label: 'Année', align: 'left', weight: 3 },
        { label: 'Reports en fonds dédiés (689)', align: 'right', weight: 2 },
        { label: 'Utilisations (789)', align: 'right', weight: 2 },
        { label: 'Net (689 − 789)', align: 'right', weight: 2 },
      ],
      rows: [
        ...funds.years.map((year) => ({
          cells: [year.label, euros(year.provision), euros(year.use), signedEuros(year.net)],
        })),
        {
          cells: [
            'Total de la convention',
            euros(funds.provision),
            euros(funds.use),
            signedEuros(funds.net),
          ],
          emphasis: 'total' as const,
        },
      ],
      note:
        'Les fonds dédiés ne sont ni un coût (K) ni une recette (R) du service. ' +
        (funds.net > 0
          ? `À la fin de la convention, ${euros(funds.net)} mis en réserve n’ont pas été employés : ` +
            'ressource du SIEG non dépensée, déjà comprise dans le contrôle (la dotation n’est pas entrée dans K).'
          : funds.net < 0
            ? `Les utilisations dépassent les reports de ${euros(-funds.net)} : des fonds mis en ` +
              'réserve avant la convention ont été employés, hors de R.'
            : 'Sur la convention, les reports et les utilisations se compensent.'),
    });
  }
  return blocks;
}

function periodTable(periods: readonly SiegPeriodFigures[], blocked = false): TableBlock {
  const line = (
    label: string,
    pick: (period: SiegPeriodFigures) => string,
    emphasis?: TableRow['emphasis'],
  ): TableRow => ({ cells: [label, ...periods.map(pick)], ...(emphasis ? { emphasis } : {}) });
  return {
    kind: 'table',
    id: 'sieg-periodes',
    title: 'Contrôle par période',
    columns: [
      { label: 'Élément', align: 'left', weight: 3.6 },
      ...periods.map((period) => ({
        label: period.provisional ? `${period.label} — provisoire` : period.label,
        align: 'right' as const,
        weight: 2.4,
      })),
    ],
    rows: [
      line('Années de la période', (period) => period.yearLabels.join(' ; ')),
      line('Σ Compensation publique (C)', (period) => euros(period.c)),
      line('Σ Autres recettes (R)', (period) => euros(period.r)),
      line('Σ Coût du service (K)', (period) => euros(period.k)),
      line('Σ Bénéfice raisonnable (BR)', (period) => euros(period.rp)),
      line('Report de la période précédente', (period) => euros(period.carriedIn)),
      // The balance with its sign, named so that a negative one does not read as a negative
      // surcompensation: the conclusion below says « sous-compensation » in words.
      line(OC_LABEL, (period) => signedEuros(period.oc), 'subtotal'),
      line('Compensation annuelle moyenne', (period) => euros(period.cAvg)),
      line('Seuil de 10\u00a0%', (period) => euros(period.threshold)),
      line('Conclusion', (period) =>
        blocked
          ? 'Contrôle bloqué (voir ci-dessus)'
          : period.provisional
            ? `Provisoire (prévisions) : ${outcomeText(period).charAt(0).toLowerCase()}${outcomeText(period).slice(1)}`
            : outcomeText(period),
      ),
      // The final control is net of what the periods already required, repaid or carried:
      // each euro is due once, so this row adds up across the columns.
      ...(periods.some((period) => (period.disposedBefore ?? 0) > 0)
        ? [
            line('Déjà réglé par les périodes (reversé, dû ou reporté)', (period) =>
              euros(period.disposedBefore ?? 0),
            ),
          ]
        : []),
      line('Déjà reversé ou déduit', (period) => euros(period.repaid ?? 0)),
      line('Reporté', (period) => euros(period.carriedOut ?? 0)),
      line('Montant à reverser', (period) => euros(period.amountDue), 'total'),
    ],
  };
}

/** The row of the period control holding OC. */
const OC_LABEL = 'Solde C + R − K − BR + report (OC, surcompensation si positif)';

function periodConclusion(period: SiegPeriodFigures): string {
  if (!period.provisional) return firmConclusion(period);
  return (
    `Conclusion provisoire — ${firmConclusion(period)} Des années de la période n’ont pas ` +
    'encore leur FEC : leurs chiffres sont ceux du budget prévisionnel, la conclusion sera ' +
    'établie sur les comptes de ces années.'
  );
}

function firmConclusion(period: SiegPeriodFigures): string {
  switch (period.outcome) {
    case 'none':
      return period.oc < 0
        ? `${period.label} : pas de surcompensation ; sous-compensation de ${euros(-period.oc)} ` +
            '(le coût du service et le bénéfice raisonnable dépassent la compensation et les recettes).'
        : `${period.label} : pas de surcompensation (solde ${period.oc === 0 ? 'nul' : `de ${signedEuros(period.oc)}`}).`;
    case 'carry_forward':
      return (
        `${period.label} : surcompensation de ${euros(period.oc)}, inférieure ou égale au seuil de ` +
        `${euros(period.threshold)} ; ` +
        (period.carriedTo === 'next_convention'
          ? `elle est reportée sur la convention suivante, qui la déduira`
          : 'elle est reportée sur la période suivante') +
        settledText(period)
      );
    case 'repay':
      return (
        `${period.label} : surcompensation de ${euros(period.oc)}, supérieure au seuil de ` +
        `${euros(period.threshold)} ; elle est à reverser en totalité` +
        settledText(period) +
        ` Reste à reverser : ${euros(period.amountDue)}.`
      );
    case 'due_at_end':
      return (
        `${period.label} : surcompensation de ${euros(period.oc)}, inférieure ou égale au seuil de ` +
        `${euros(period.threshold)}, mais le mandat prend fin et aucune convention suivante ne ` +
        'prévoit de la déduire : elle est due' +
        settledText(period) +
        ` Reste à reverser : ${euros(period.amountDue)}.`
      );
  }
}

/** What was already settled, said once: repayments made, or what the periods disposed of. */
function settledText(period: SiegPeriodFigures): string {
  const parts: string[] = [];
  if ((period.disposedBefore ?? 0) > 0)
    parts.push(
      `${euros(period.disposedBefore ?? 0)} déjà réglés par les périodes (reversés, dus ou reportés) ne sont pas comptés une seconde fois`,
    );
  if ((period.repaid ?? 0) > 0 && (period.disposedBefore ?? 0) === 0)
    parts.push(`${euros(period.repaid ?? 0)} ont déjà été reversés ou déduits`);
  return parts.length > 0 ? ` (${parts.join(' ; ')}).` : '.';
}

/** Granted in force, received and repaid per year: what C and the repayments rest on. */
function paymentBlocks(payments: readonly SiegYearPayments[], sub: 2 | 3): Block[] {
  const total = (pick: (year: SiegYearPayments) => number) =>
    payments.reduce((sum, year) => sum + pick(year), 0);
  return [
    heading(sub, 'Contribution de l’État : accordée, reçue, reversée'),
    {
      kind: 'table',
      id: 'sieg-versements',
      title: 'Contribution de l’État : accordée, reçue, reversée',
      columns: [
        { label: 'Année', align: 'left', weight: 3 },
        { label: 'Accordée (en vigueur)', align: 'right', weight: 2 },
        { label: 'Reçue', align: 'right', weight: 2 },
        { label: 'Reversée ou déduite', align: 'right', weight: 2 },
      ],
      rows: [
        ...payments.map((year) => ({
          cells: [year.label, euros(year.granted), euros(year.received), euros(year.repaid)],
        })),
        {
          cells: [
            'Total de la convention',
            euros(total((year) => year.granted)),
            euros(total((year) => year.received)),
            euros(total((year) => year.repaid)),
          ],
          emphasis: 'total' as const,
        },
      ],
      note:
        'C retient la contribution accordée par la convention et ses avenants ; les reversements ' +
        'effectués et les déductions opérées sur un versement suivant règlent la surcompensation ' +
        'de l’année qu’ils concernent.',
    },
  ];
}

/** The end of the entrustment: what is due in all, and whether a following convention deducts. */
function endBlocks(sieg: Extract<SiegAnnex, { regime: 'sieg_decision' }>): Block[] {
  const blocks: Block[] = [];
  if (sieg.totalDue !== undefined)
    blocks.push(
      paragraph(
        `Montant total restant à reverser sur la convention : ${euros(sieg.totalDue)} ` +
          '(chaque contrôle compte une seule fois ; le contrôle final est net de ce que les ' +
          'périodes ont déjà reversé, exigé ou reporté).',
        'strong',
      ),
    );
  const end = sieg.endOfEntrustment;
  if (end)
    blocks.push(
      paragraph(
        `Fin du mandat le ${formatDate(end.endDate)} : il n’y a pas de période suivante dans la ` +
          'convention. ' +
          (end.followingConvention !== ''
            ? `Une convention suivante est enregistrée (${end.followingConvention}) : une ` +
              'surcompensation de 10\u00a0% au plus restant à la fin y est reportée et déduite.'
            : 'Aucune convention suivante ne prévoit de déduire une surcompensation restant à la ' +
              'fin : elle est due, même inférieure ou égale à 10\u00a0%.'),
      ),
    );
  return blocks;
}

/** The SIEG de minimis annex: counted at the grant dates, for the single undertaking. */
function deMinimisBlocks(
  sieg: Extract<SiegAnnex, { regime: 'sieg_de_minimis' }>,
  level: 1 | 2,
): Block[] {
  const blocks: Block[] = [
    heading(level, 'Annexe SIEG : régime de minimis'),
    paragraph(
      'La convention relève du règlement (UE) 2023/2832 relatif aux aides de minimis accordées ' +
        'aux entreprises fournissant des services d’intérêt économique général. Aucun contrôle ' +
        'de surcompensation n’est requis. Le plafond de 750\u00a0000\u00a0€ s’apprécie sur toute ' +
        'période de trois ans, pour l’entreprise unique (toutes ses conventions et ses autres ' +
        'aides de minimis), l’aide étant comptée à la date où le droit de la recevoir est accordé ' +
        '(signature de la convention ou de l’avenant), quelle que soit la date des versements.',
    ),
    keyValueTable(
      'sieg-de-minimis',
      'Plafond de minimis SIEG',
      [
        ['Plafond sur toute période de trois ans', euros(sieg.ceiling)],
        [
          'Aides de minimis accordées sur les trois dernières années',
          euros(sieg.grantedRolling3Years),
        ],
        ['Montant encore disponible', euros(sieg.remaining)],
        ...(sieg.peak && sieg.peak.date
          ? ([
              [
                `Cumul le plus élevé sur trois ans (au ${formatDate(sieg.peak.date)})`,
                euros(sieg.peak.total),
              ],
            ] as [string, string][])
          : []),
      ],
      { figures: true },
    ),
  ];
  if (sieg.undertaking && sieg.undertaking.length > 0)
    blocks.push(
      paragraph(`Conventions de l’entreprise unique comptées : ${sieg.undertaking.join(', ')}.`),
    );
  if (sieg.crossesOn)
    blocks.push(
      paragraph(
        `Le plafond est dépassé à compter du ${formatDate(sieg.crossesOn)} (date d’octroi).`,
        'strong',
      ),
    );
  if (sieg.retention) blocks.push(paragraph(sieg.retention));
  return blocks;
}

/** The totals of the « Comptes de l'organisme » column as the table prints them. */
function organisationTotals(entries: readonly RowFigures[]) {
  const total = (side: 'charges' | 'produits', inKind: boolean) =>
    entries
      .filter((entry) => entry.row.side === side && Boolean(entry.row.inKind) === inKind)
      .reduce((sum, entry) => sum + (entry.figures.siegActual ?? 0), 0);
  return {
    charges: total('charges', false),
    produits: total('produits', false),
    inKindCharges: total('charges', true),
    inKindProduits: total('produits', true),
  };
}

/** The reconciliation of the document's figures (shared/domain/reconciliation.ts). */
export function reconciliationOf(model: FinancialReportModel): Reconciliation {
  const entries = figuresByRow(model);
  const actualOf = (code: string) =>
    entries.find((entry) => entry.row.code === code)?.figures.actual ?? 0;
  const main = (side: 'charges' | 'produits') =>
    entries
      .filter((entry) => entry.row.side === side && !entry.row.inKind)
      .reduce((total, entry) => total + entry.figures.actual, 0);
  const sieg = model.reconciliation?.sieg ?? null;
  return reconcile({
    fec: model.reconciliation?.fec ?? null,
    organisation: organisationTotals(entries),
    action: {
      charges: main('charges'),
      produits: main('produits'),
      own: actualOf('own'),
      stateBooked: actualOf('74_state_o2r'),
      indirectPrinted: (model.allocatedInRows ?? 0) + actualOf('indirect'),
    },
    sieg,
  });
}

function differenceText(expected: number, found: number): string {
  return expected === found ? 'vérifié' : `écart de ${signedEuros(found - expected)}`;
}

function reconciliationBlocks(model: FinancialReportModel): Block[] {
  const result = reconciliationOf(model);
  const fec = model.reconciliation?.fec ?? null;
  const sieg = model.reconciliation?.sieg ?? null;
  const blocks: Block[] = [
    heading(1, 'Rapprochements'),
    paragraph(
      'Chaque total du compte rendu est rapproché de sa source : les comptes de l’organisme du ' +
        'FEC de l’exercice, et le contrôle de la compensation du SIEG (annexe SIEG).',
    ),
  ];
  if (fec) {
    const organisation = organisationTotals(figuresByRow(model));
    const line = (label: string, expected: number, found: number): TableRow => ({
      cells: [label, euros(expected), euros(found), differenceText(expected, found)],
    });
    blocks.push(heading(2, 'Comptes de l’organisme et FEC'), {
      kind: 'table',
      id: 'rapprochement-fec',
      title: 'Comptes de l’organisme et FEC',
      columns: [
        { label: 'Total', align: 'left', weight: 4 },
        { label: 'FEC de l’exercice', align: 'right', weight: 1.8 },
        { label: 'Colonne « Comptes de l’organisme »', align: 'right', weight: 2 },
        { label: 'Rapprochement', align: 'left', weight: 1.6 },
      ],
      rows: [
        line('Charges (classe 6)', fec.charges, organisation.charges),
        line('Produits (classe 7)', fec.produits, organisation.produits),
        line(
          'Emplois des contributions en nature (86)',
          fec.inKindCharges,
          organisation.inKindCharges,
        ),
        line('Contributions en nature (87)', fec.inKindProduits, organisation.inKindProduits),
      ],
    });
  } else {
    blocks.push(
      paragraph(
        'Aucun FEC pour l’exercice : les comptes de l’organisme ne peuvent être rapprochés.',
        'muted',
      ),
    );
  }
  if (sieg) {
    blocks.push(heading(2, 'Compensation publique C de l’année'), {
      kind: 'table',
      id: 'rapprochement-c',
      title: 'Composantes de la compensation publique C',
      columns: [
        { label: 'Composante', align: 'left', weight: 4 },
        { label: 'Montant', align: 'right', weight: 1.8 },
        { label: 'Où elle figure dans le compte rendu', align: 'left', weight: 4 },
      ],
      rows: [
        ...sieg.cParts.map((part) => ({ cells: [part.label, euros(part.amount), part.where] })),
        {
          cells: ['Compensation publique C (annexe SIEG)', euros(sieg.c), ''],
          emphasis: 'total' as const,
        },
      ],
      note:
        'C retient la contribution de l’État en vigueur (convention et avenants) ; les soutiens ' +
        'valorisés hors comptes n’ont pas de ligne dans le tableau financier.',
    });
    const stepsTotal = result.resultSteps.reduce((total, step) => total + step.amount, 0);
    blocks.push(heading(2, 'Du résultat de l’action au solde SIEG'), {
      kind: 'table',
      id: 'rapprochement-solde',
      title: 'Du résultat de l’action au solde SIEG de l’année',
      columns: [
        { label: 'Élément', align: 'left', weight: 6 },
        { label: 'Montant', align: 'right', weight: 2 },
      ],
      rows: [
        ...result.resultSteps.map((step, index) => ({
          cells: [step.label, index === 0 ? signedEuros(step.amount) : signedEuros(step.amount)],
        })),
        {
          cells: ['Solde SIEG de l’année C + R − K − BR (annexe SIEG)', signedEuros(stepsTotal)],
          emphasis: 'total' as const,
        },
      ],
    });
    const direct = sieg.direct;
    blocks.push(heading(2, 'Coût du service K'), {
      kind: 'table',
      id: 'rapprochement-k',
      title: 'Coût du service K',
      columns: [
        { label: 'Composante', align: 'left', weight: 4 },
        { label: 'Montant', align: 'right', weight: 1.8 },
        { label: 'Où elle figure dans le compte rendu', align: 'left', weight: 4 },
      ],
      rows: [
        {
          cells: [
            'Charges directes du SIEG',
            euros(direct),
            'Charges, lignes 60 à 68 (part directe)',
          ],
        },
        {
          cells: [
            'Charges communes réparties par les clés',
            euros(sieg.allocated),
            'Charges, lignes 60 à 68 ; total à la ligne « dont charges indirectes réparties »',
          ],
        },
        {
          cells: [
            'Frais de structure au forfait',
            euros(sieg.flat),
            'Charges, ligne « Charges indirectes au forfait »',
          ],
        },
        {
          cells: [
            'Soutiens en nature (locaux, personnel mis à disposition)',
            euros(sieg.inKindInK),
            'Hors comptes : la même valeur est dans C',
          ],
        },
        {
          cells: [
            'Coût du service K (annexe SIEG)',
            euros(sieg.k),
            'Total des charges de l’action, moins les dotations aux fonds dédiés, plus les soutiens en nature',
          ],
          emphasis: 'total' as const,
        },
      ],
      ...(sieg.dedicated.provision !== 0 || sieg.dedicated.use !== 0
        ? {
            note:
              `Fonds dédiés de l’année, hors de K et de R : dotations (689) ${euros(sieg.dedicated.provision)}, ` +
              `reprises (789) ${euros(sieg.dedicated.use)} ; ils restent sur les lignes 68 et 78 du tableau.`,
          }
        : {}),
    });
  } else {
    blocks.push(
      paragraph(
        'L’exercice n’a pas de FEC : la compensation de l’année repose sur la prévision et ne peut ' +
          'être rapprochée du tableau financier.',
        'muted',
      ),
    );
  }
  // Without a FEC there is nothing to check: said so, never « vérifié ».
  if (result.checks.length === 0) return blocks;
  blocks.push(heading(2, 'Contrôles'), {
    kind: 'table',
    id: 'rapprochement-controles',
    title: 'Contrôles de cohérence',
    columns: [
      { label: 'Contrôle', align: 'left', weight: 5 },
      { label: 'Source (FEC / calcul)', align: 'right', weight: 1.8 },
      { label: 'Dans ce document', align: 'right', weight: 1.8 },
      { label: 'Concordance', align: 'left', weight: 1.6 },
    ],
    rows: result.checks.map((entry) => ({
      cells: [
        entry.label,
        euros(entry.expected),
        euros(entry.found),
        differenceText(entry.expected, entry.found),
      ],
    })),
  });
  blocks.push(
    result.ok
      ? paragraph('Tous les rapprochements sont vérifiés.')
      : paragraph(
          'Des rapprochements ne sont pas vérifiés (voir le tableau) : vérifiez la correspondance ' +
            'des comptes, la répartition SIEG et les soutiens publics avant de signer.',
          'strong',
        ),
  );
  return blocks;
}

function paymentsBlocks(model: FinancialReportModel): Block[] {
  const payments = model.payments ?? [];
  const blocks: Block[] = [heading(2, 'Versements de la contribution de l’État')];
  if (payments.length === 0) {
    blocks.push(paragraph('Aucun versement n’est inscrit à l’échéancier pour l’année.', 'muted'));
    return blocks;
  }
  const received = payments.reduce((total, payment) => total + (payment.received ?? 0), 0);
  blocks.push({
    kind: 'table',
    id: 'versements',
    title: 'Versements de la contribution de l’État',
    columns: [
      { label: 'Versement', align: 'left', weight: 2.4 },
      { label: 'Prévu le', align: 'center', weight: 1.4 },
      { label: 'Montant prévu', align: 'right', weight: 1.8 },
      { label: 'Reçu le', align: 'center', weight: 1.4 },
      { label: 'Montant reçu', align: 'right', weight: 1.8 },
    ],
    rows: [
      ...payments.map((payment) => ({
        cells: [
          payment.label,
          formatDate(payment.expectedOn),
          euros(payment.expected),
          payment.receivedOn ? formatDate(payment.receivedOn) : 'non reçu',
          payment.received === null ? '—' : euros(payment.received),
        ],
      })),
      {
        cells: [
          'Total',
          '',
          euros(payments.reduce((total, payment) => total + payment.expected, 0)),
          '',
          euros(received),
        ],
        emphasis: 'total' as const,
      },
    ],
  });
  return blocks;
}

/** The public subsidies of the organisation's year (L612-4): its column, else the action's. */
function publicSubsidiesOf(entries: readonly RowFigures[]): number {
  return entries
    .filter((entry) => isPublicSubsidyRow(entry.row.code))
    .reduce((total, entry) => total + (entry.figures.siegActual ?? entry.figures.actual), 0);
}

function attachmentBlocks(model: FinancialReportModel, entries: readonly RowFigures[]): Block[] {
  const publicSubsidies = publicSubsidiesOf(entries);
  const auditor = auditorReportRequired(publicSubsidies);
  const threshold = formatEuros(AUDITOR_PUBLIC_SUBSIDY_THRESHOLD, { whole: true });
  return [
    heading(2, 'Pièces à joindre'),
    {
      kind: 'bullets',
      items: [
        `Comptes annuels de l’exercice clos le ${formatDate(model.year.endDate)} (bilan, compte de ` +
          'résultat et annexe), avec la date de leur approbation par l’organe délibérant.',
        auditor
          ? `Rapport du commissaire aux comptes : requis, les subventions publiques de l’exercice ` +
            `(${euros(publicSubsidies)}) ${
              publicSubsidies > AUDITOR_PUBLIC_SUBSIDY_THRESHOLD
                ? 'dépassant le seuil de'
                : 'atteignant le seuil de'
            } ${threshold} (art. L612-4 du code de commerce).`
          : `Rapport du commissaire aux comptes : non requis par l’article L612-4 du code de ` +
            `commerce, les subventions publiques de l’exercice (${euros(publicSubsidies)}) restant ` +
            `sous ${threshold} ; à joindre si l’organisme en a désigné un.`,
        `Rapport d’activité annuel de l’${model.year.label.charAt(0).toLowerCase()}${model.year.label.slice(1)} (bilan qualitatif de l’action).`,
      ],
    },
  ];
}

/**
 * The split between co-holders: who they are is in the identification; what the document
 * adds is how its figures are to be read (the convention's financial annex holds the split).
 */
function coHolderBlocks(model: FinancialReportModel): Block[] {
  const holders = model.convention.coHolders;
  if (holders.length === 0) return [];
  const lead = holders.find((holder) => holder.chefDeFile)?.name ?? model.operator.name;
  return [
    heading(2, 'Répartition entre co-porteurs'),
    paragraph(
      `L’action est portée par ${holders.length} structures (voir « Structures co-porteuses »). ` +
        `La contribution de l’État est versée au chef de file, ${lead} ; sa répartition entre ` +
        'co-porteurs suit l’annexe financière de la convention. Les montants du présent compte ' +
        'rendu sont ceux du chef de file, d’après son FEC.',
    ),
  ];
}

export function buildFinancialContent(model: FinancialReportModel): ReportContent {
  const entries = figuresByRow(model);
  const withSieg = model.rows.some((figures) => figures.siegActual != null);
  const period = `du ${formatDate(model.year.startDate)} au ${formatDate(model.year.endDate)}`;
  const charges = entries.filter((entry) => entry.row.side === 'charges' && !entry.row.inKind);
  const products = entries.filter((entry) => entry.row.side === 'produits' && !entry.row.inKind);
  const totalCharges = sum(charges, (figures) => figures.actual);
  const totalProducts = sum(products, (figures) => figures.actual);
  const stateO2r = entries.find((entry) => entry.row.code === '74_state_o2r')?.figures.actual ?? 0;
  const sieg = model.reconciliation?.sieg ?? null;
  const balance = forecastBalance(
    Object.fromEntries(entries.map((entry) => [entry.row.code, entry.figures.forecast])),
  );
  const balanceWarning = forecastBalanceWarning(balance);

  const threshold = model.gapThreshold;
  const gapOfEntry = (figures: CerfaFigures) =>
    gapOf(figures.forecast, figures.actual, model.gapThreshold);
  const significant = entries.filter(({ figures }) => gapOfEntry(figures).significant);
  // What the operator wrote about a gap under the threshold is printed too, never dropped.
  const explainedOthers = entries.filter(
    ({ figures }) => !gapOfEntry(figures).significant && Boolean(figures.explanation?.trim()),
  );

  const intro: Block[] = [
    ...conventionBlocks(model, 'Exercice', `${model.year.label}, ${period}`),
    heading(1, 'Synthèse de l’exercice'),
    keyValueTable(
      'synthese',
      'Chiffres clés',
      [
        ['Total des charges de l’action (réalisation)', euros(totalCharges)],
        ['Total des produits de l’action (réalisation)', euros(totalProducts)],
        ['Résultat de l’action (produits − charges)', signedEuros(totalProducts - totalCharges)],
        ...(sieg
          ? ([
              [
                'Solde SIEG de l’année C + R − K − BR (voir « Rapprochements »)',
                signedEuros(sieg.balance),
              ],
            ] as [string, string][])
          : []),
        ['Contribution O2R de l’État (DREETS) comptabilisée', euros(stateO2r)],
        ['Écarts significatifs à expliquer', formatNumber(significant.length)],
      ],
      { figures: true },
    ),
    paragraph(
      'Le tableau financier suit la présentation du compte rendu financier (CERFA n° 15059). ' +
        `Un écart est significatif à partir de ${formatPercent(threshold.basisPoints / 10_000)} ` +
        `de la prévision ou de ${formatEuros(threshold.cents, { whole: true })}, selon le premier ` +
        'seuil atteint ; chacun est expliqué dans l’annexe.',
    ),
    ...(balanceWarning ? [paragraph(balanceWarning, 'strong')] : []),
    heading(1, 'Bilan qualitatif de l’action'),
    paragraph(
      `Le bilan qualitatif de l’action (publics accompagnés, actions menées, résultats au regard des ` +
        `objectifs de la convention, partenariats) est présenté dans le rapport d’activité annuel de ` +
        `l’${model.year.label.charAt(0).toLowerCase()}${model.year.label.slice(1)}, joint au présent compte rendu.`,
    ),
  ];

  const table: Block[] = [
    heading(1, 'Tableau financier de l’action'),
    paragraph(
      'Prévision et réalisation de l’action (activité SIEG) ; « % » rapporte la réalisation à la ' +
        'prévision. La colonne « Comptes de l’organisme » reprend, pour comparaison, les comptes ' +
        'entiers de l’organisme (toutes activités) tels que le FEC les donne.',
    ),
    heading(2, 'Charges'),
    cerfaSideTable(model, entries, 'charges', withSieg),
    heading(2, 'Produits'),
    cerfaSideTable(model, entries, 'produits', withSieg),
  ];
  // The 74 detail by funder goes with the portrait pages: alone on a landscape page it would
  // leave it nearly empty.
  const funderBlocks: Block[] = [];
  if (model.funders.length > 0) {
    const fundersTotal = (pick: (funder: (typeof model.funders)[number]) => number) =>
      model.funders.reduce((total, funder) => total + pick(funder), 0);
    funderBlocks.push(heading(1, 'Subventions d’exploitation par financeur'), {
      kind: 'table',
      id: 'financeurs',
      title: 'Subventions d’exploitation par financeur',
      columns: [
        { label: 'Financeur', align: 'left', weight: 4.2 },
        { label: 'Rubrique', align: 'left', weight: 3 },
        { label: 'Prévision', align: 'right', weight: 1.7 },
        { label: 'Réalisation', align: 'right', weight: 1.7 },
        { label: 'Écart (€)', align: 'right', weight: 1.7 },
      ],
      rows: [
        ...model.funders.map((funder) => {
          const row = cerfaRow(funder.rowCode);
          return {
            cells: [
              funder.funder,
              row ? shortLabel(row) : funder.rowCode,
              euros(funder.forecast),
              euros(funder.actual),
              signedEuros(funder.actual - funder.forecast),
            ],
          };
        }),
        {
          cells: [
            'Total',
            '',
            euros(fundersTotal((funder) => funder.forecast)),
            euros(fundersTotal((funder) => funder.actual)),
            signedEuros(fundersTotal((funder) => funder.actual - funder.forecast)),
          ],
          emphasis: 'total' as const,
        },
      ],
    });
  }

  const gapRow = ({ row, figures }: RowFigures, placeholder: string) => {
    const gap = gapOfEntry(figures);
    const explanation = figures.explanation?.trim();
    return {
      cells: [
        printedLabel(row),
        signedEuros(gap.gapCents),
        signedPercent(gap.gapRatio),
        explanation ? explanation : placeholder,
      ],
    };
  };
  const gapColumns: TableColumn[] = [
    { label: 'Rubrique', align: 'left', weight: 3 },
    { label: 'Écart (€)', align: 'right', weight: 1.7 },
    { label: 'Écart (%)', align: 'right', weight: 1.1 },
    { label: 'Explication', align: 'left', weight: 5 },
  ];
  const annex: Block[] = [
    heading(1, 'Annexe explicative'),
    heading(2, 'Écarts significatifs entre prévision et réalisation'),
  ];
  if (significant.length === 0) {
    annex.push(paragraph('Aucun écart n’atteint le seuil de signification.'));
  } else {
    annex.push({
      kind: 'table',
      id: 'ecarts',
      title: 'Écarts significatifs',
      columns: gapColumns,
      rows: significant.map((entry) => gapRow(entry, 'Explication à fournir.')),
    });
  }
  if (explainedOthers.length > 0)
    annex.push(heading(2, 'Autres écarts commentés'), {
      kind: 'table',
      id: 'ecarts-commentes',
      title: 'Écarts sous le seuil, commentés par l’organisme',
      columns: gapColumns,
      rows: explainedOthers.map((entry) => gapRow(entry, '')),
    });
  annex.push(heading(2, 'Règles de répartition des charges indirectes'));
  if (model.allocationKeys.length === 0) {
    annex.push(paragraph('Aucune charge indirecte n’est répartie entre activités.'));
  } else {
    annex.push(
      paragraph(
        'Les charges communes à plusieurs activités sont réparties par des clés documentées ; ' +
          'la part affectée au SIEG entre dans le coût du service (K).',
      ),
      {
        kind: 'table',
        id: 'cles',
        title: 'Clés de répartition',
        columns: [
          { label: 'Charges réparties', align: 'left', weight: 3 },
          { label: 'Base de la clé', align: 'left', weight: 2.2 },
          { label: 'Part SIEG', align: 'right', weight: 2.1 },
          { label: 'Montant réparti', align: 'right', weight: 1.8 },
          { label: 'Affecté au SIEG', align: 'right', weight: 1.8 },
        ],
        rows: model.allocationKeys.map((key) => ({
          cells: [
            key.label,
            keyBasisLabels[key.basis],
            key.totalQuantity > 0
              ? `${formatNumber(key.siegQuantity, { decimals: true })} / ${formatNumber(
                  key.totalQuantity,
                  { decimals: true },
                )} (${formatPercent(key.siegQuantity / key.totalQuantity, 1)})`
              : '—',
            euros(key.sharedCents),
            euros(key.allocatedCents),
          ],
        })),
      },
      {
        kind: 'table',
        id: 'cles-justificatifs',
        title: 'Justificatifs des clés',
        columns: [
          { label: 'Charges réparties', align: 'left', weight: 3 },
          { label: 'Rubriques', align: 'left', weight: 2.5 },
          { label: 'Justificatif', align: 'left', weight: 5 },
        ],
        rows: model.allocationKeys.map((key) => ({
          cells: [
            key.label,
            key.rows.map((code) => cerfaRow(code)?.label.split(' — ')[0] ?? code).join(', '),
            key.evidence || 'Justificatif à préciser.',
          ],
        })),
      },
    );
  }

  annex.push(heading(2, 'Contributions volontaires en nature'));
  if (model.inKind.length === 0) {
    annex.push(paragraph('Aucune contribution volontaire en nature n’a été valorisée.'));
  } else {
    annex.push({
      kind: 'table',
      id: 'nature',
      title: 'Contributions volontaires en nature',
      columns: [
        { label: 'Nature', align: 'left', weight: 3 },
        { label: 'Compte', align: 'center', weight: 1.3 },
        { label: 'Montant', align: 'right', weight: 1.7 },
        { label: 'Mode de valorisation', align: 'left', weight: 4 },
      ],
      rows: model.inKind.map((entry) => ({
        cells: [
          entry.label,
          entry.side === 'charges' ? '86 (emplois)' : '87 (ressources)',
          euros(entry.actual),
          entry.valuation,
        ],
      })),
    });
  }
  if (sieg && sieg.supports.length > 0)
    annex.push(heading(2, 'Soutiens publics valorisés hors comptes'), {
      kind: 'table',
      id: 'soutiens-hors-comptes',
      title: 'Soutiens publics valorisés hors comptes',
      columns: [
        { label: 'Soutien', align: 'left', weight: 3.4 },
        { label: 'Montant', align: 'right', weight: 1.7 },
        { label: 'Mode de valorisation', align: 'left', weight: 4.6 },
      ],
      rows: [
        ...sieg.supports.map((support) => ({
          cells: [support.label, euros(support.amount), support.evidence],
        })),
        {
          cells: [
            'Total (compté dans la compensation publique C)',
            euros(sieg.supportsOutsideAccounts),
            '',
          ],
          emphasis: 'total' as const,
        },
      ],
      note:
        'Ces soutiens ne sont pas comptabilisés : ils ne figurent dans aucune ligne du tableau ' +
        'financier mais entrent dans la compensation publique C de l’annexe SIEG.',
    });
  annex.push(...paymentsBlocks(model));
  annex.push(...coHolderBlocks(model));
  annex.push(...attachmentBlocks(model, entries));
  // Empty observations print nothing: the completeness check already lists them as missing.
  if (model.observations.trim() !== '')
    annex.push(heading(2, 'Observations'), ...narrative(model.observations, ''));

  return {
    title: 'Compte rendu financier',
    subtitle: `${model.convention.title} — ${model.year.label}`,
    header: headerOf(model),
    cover: {
      lines: coverLines(model, [
        ['Exercice', model.year.label],
        ['Période', period],
      ]),
    },
    draft: draftOf(model),
    sections: [
      { orientation: 'portrait', blocks: intro },
      { orientation: 'landscape', blocks: table },
      {
        orientation: 'portrait',
        blocks: [
          ...funderBlocks,
          ...reconciliationBlocks(model),
          ...annex,
          ...siegBlocks(model.sieg),
          ...attestationBlocks(
            model,
            model.attestation,
            'certifie exactes les informations du présent compte rendu financier, établi ' +
              'conformément aux comptes annuels de l’organisme, et la régularité de l’emploi de la ' +
              'contribution de l’État au regard de l’objet de la convention.',
          ),
        ],
      },
    ],
  };
}
