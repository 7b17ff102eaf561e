/**
 * The compte rendu financier (finance.md §2): the CERFA 15059 table (forecast, actual, gap),
 * the explanatory annex (significant gaps, allocation keys, contributions in kind), the SIEG
 * overcompensation annex (finance.md §1) and the attestation of the legal representative.
 */
import { keyBasisLabels } from '../../../shared/domain/allocation';
import { cerfaRow, cerfaRows, gapOf, type CerfaRow } from '../../../shared/domain/cerfa';
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
} from './model';

/** A gap with its sign: "+6 234,56 €". */
export function signedEuros(cents: number): string {
  return cents > 0 ? `+${formatEuros(cents)}` : formatEuros(cents);
}

export function signedPercent(ratio: number | null): string {
  if (ratio === null) return '—';
  const text = formatPercent(ratio, 1);
  return ratio > 0 ? `+${text}` : text;
}

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

/** The 74 rows by funder are listed only when they hold something; the others always. */
function shown({ row, figures }: RowFigures): boolean {
  if (!row.code.startsWith('74_')) return true;
  return figures.forecast !== 0 || figures.actual !== 0;
}

function sum(entries: readonly RowFigures[], pick: (figures: CerfaFigures) => number): number {
  return entries.reduce((total, entry) => total + pick(entry.figures), 0);
}

function cerfaColumns(withSieg: boolean, secondLabel: string): TableColumn[] {
  return [
    { label: 'Rubrique', align: 'left', weight: 5.2 },
    { label: 'Prévision', align: 'right', weight: 1.7 },
    { label: 'Réalisation', align: 'right', weight: 1.7 },
    { label: 'Écart (€)', align: 'right', weight: 1.7 },
    { label: 'Écart (%)', align: 'right', weight: 1.1 },
    ...(withSieg ? [{ label: secondLabel, align: 'right' as const, weight: 1.7 }] : []),
    { label: 'Écart à expliquer', align: 'center', weight: 1.1 },
  ];
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
      signedEuros(gap.gapCents),
      signedPercent(gap.gapRatio),
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
  const totalLabel = side === 'charges' ? 'Total des charges' : 'Total des produits';
  const rows: TableRow[] = [
    ...main.map(({ row, figures }) =>
      cerfaLine(row.label, figures.forecast, figures.actual, figures.siegActual, model, withSieg),
    ),
    cerfaLine(
      totalLabel,
      sum(main, (figures) => figures.forecast),
      sum(main, (figures) => figures.actual),
      siegSum(main),
      model,
      withSieg,
      'subtotal',
    ),
    ...inKind.map(({ row, figures }) =>
      cerfaLine(row.label, figures.forecast, figures.actual, figures.siegActual, model, withSieg),
    ),
    cerfaLine(
      'TOTAL',
      sum([...main, ...inKind], (figures) => figures.forecast),
      sum([...main, ...inKind], (figures) => figures.actual),
      siegSum([...main, ...inKind]),
      model,
      withSieg,
      'total',
    ),
  ];
  return {
    kind: 'table',
    id: side === 'charges' ? 'cerfa-charges' : 'cerfa-produits',
    title: side === 'charges' ? 'Charges' : 'Produits',
    columns: cerfaColumns(withSieg, model.secondActualLabel ?? 'dont SIEG (réalisation)'),
    rows,
  };
}

const outcomeLabels: Record<SiegOutcome, string> = {
  none: 'Pas de surcompensation',
  carry_forward: 'Surcompensation inférieure ou égale à 10\u00a0% : report sur la période suivante',
  repay: 'Surcompensation supérieure à 10\u00a0% : reversement intégral',
};

/** The SIEG annex, shared with the bilan final. */
export function siegBlocks(
  sieg: SiegAnnex,
  level: 1 | 2 = 1,
  title = 'Annexe SIEG : contrôle de la surcompensation',
): Block[] {
  const sub = (level + 1) as 2 | 3;
  if (sieg.regime === 'sieg_de_minimis') {
    return [
      heading(level, 'Annexe SIEG : régime de minimis'),
      paragraph(
        'La convention relève du règlement (UE) 2023/2832 relatif aux aides de minimis accordées ' +
          'aux entreprises fournissant des services d’intérêt économique général. Aucun contrôle ' +
          'de surcompensation n’est requis ; le plafond s’apprécie sur trois exercices glissants.',
      ),
      keyValueTable(
        'sieg-de-minimis',
        'Plafond de minimis SIEG',
        [
          ['Plafond sur trois exercices glissants', euros(sieg.ceiling)],
          ['Aides de minimis SIEG reçues sur la période', euros(sieg.receivedRolling3Years)],
          ['Montant encore disponible', euros(sieg.remaining)],
        ],
        { figures: true },
      ),
    ];
  }
  const yearColumns: TableColumn[] = [
    { label: 'Élément', align: 'left', weight: 3.6 },
    ...sieg.years.map((year) => ({ label: year.label, align: 'right' as const, weight: 1.6 })),
    { label: 'Total', align: 'right', weight: 1.7 },
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
        'BR : bénéfice raisonnable prévu par la convention',
        `Années d’une période compensées entre elles : ${sieg.readings.netting ? 'oui' : 'non'} ; ` +
          `compensation annuelle moyenne calculée sur ${
            sieg.readings.averageOver === 'period' ? 'la période contrôlée' : 'toute la convention'
          }`,
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
      note: 'Le solde annuel est indicatif : le contrôle porte sur la période.',
    },
  ];
  if (sieg.periods.length > 0) {
    blocks.push(heading(sub, 'Contrôle par période'), periodTable(sieg.periods));
    for (const period of sieg.periods) blocks.push(paragraph(periodConclusion(period), 'strong'));
  }
  return blocks;
}

function periodTable(periods: readonly SiegPeriodFigures[]): TableBlock {
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
      ...periods.map((period) => ({ label: period.label, align: 'right' as const, weight: 2.4 })),
    ],
    rows: [
      line('Années de la période', (period) => period.yearLabels.join(', ')),
      line('Σ Compensation publique (C)', (period) => euros(period.c)),
      line('Σ Autres recettes (R)', (period) => euros(period.r)),
      line('Σ Coût du service (K)', (period) => euros(period.k)),
      line('Σ Bénéfice raisonnable (BR)', (period) => euros(period.rp)),
      line('Report de la période précédente', (period) => euros(period.carriedIn)),
      line('Surcompensation (OC)', (period) => signedEuros(period.oc), 'subtotal'),
      line('Compensation annuelle moyenne', (period) => euros(period.cAvg)),
      line('Seuil de 10\u00a0%', (period) => euros(period.threshold)),
      line('Conclusion', (period) => outcomeLabels[period.outcome]),
      line('Montant à reverser', (period) => euros(period.amountDue), 'total'),
    ],
  };
}

function periodConclusion(period: SiegPeriodFigures): string {
  switch (period.outcome) {
    case 'none':
      return `${period.label} : pas de surcompensation (solde de ${signedEuros(period.oc)}).`;
    case 'carry_forward':
      return (
        `${period.label} : surcompensation de ${euros(period.oc)}, inférieure ou égale au seuil de ` +
        `${euros(period.threshold)} ; elle est reportée sur la période suivante.`
      );
    case 'repay':
      return (
        `${period.label} : surcompensation de ${euros(period.oc)}, supérieure au seuil de ` +
        `${euros(period.threshold)} ; ${euros(period.amountDue)} sont à reverser.`
      );
  }
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

  const significant = entries.filter(
    ({ figures }) => gapOf(figures.forecast, figures.actual, model.gapThreshold).significant,
  );
  const threshold = model.gapThreshold;

  const intro: Block[] = [
    ...conventionBlocks(model, 'Exercice', `${model.year.label}, ${period}`),
    heading(1, 'Synthèse de l’exercice'),
    keyValueTable(
      'synthese',
      'Chiffres clés',
      [
        ['Total des charges (réalisation)', euros(totalCharges)],
        ['Total des produits (réalisation)', euros(totalProducts)],
        ['Résultat de l’action (produits − charges)', signedEuros(totalProducts - totalCharges)],
        ['Contribution O2R de l’État (DREETS)', euros(stateO2r)],
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
  ];

  const table: Block[] = [
    heading(1, 'Tableau financier de l’action'),
    heading(2, 'Charges'),
    cerfaSideTable(model, entries, 'charges', withSieg),
    heading(2, 'Produits'),
    cerfaSideTable(model, entries, 'produits', withSieg),
  ];
  if (model.funders.length > 0) {
    table.push(heading(2, 'Subventions d’exploitation par financeur'), {
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
      rows: model.funders.map((funder) => {
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
    });
  }

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
      columns: [
        { label: 'Rubrique', align: 'left', weight: 3 },
        { label: 'Écart (€)', align: 'right', weight: 1.7 },
        { label: 'Écart (%)', align: 'right', weight: 1.1 },
        { label: 'Explication', align: 'left', weight: 5 },
      ],
      rows: significant.map(({ row, figures }) => {
        const gap = gapOf(figures.forecast, figures.actual, model.gapThreshold);
        const explanation = figures.explanation?.trim();
        return {
          cells: [
            row.label,
            signedEuros(gap.gapCents),
            signedPercent(gap.gapRatio),
            explanation ? explanation : 'Explication à fournir.',
          ],
        };
      }),
    });
  }

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
  annex.push(heading(2, 'Observations'), ...narrative(model.observations, 'Aucune observation.'));

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
