/** The bilan final of the CPO: the years side by side and cumulated, and the final SIEG control. */
import { cerfaRow, cerfaRows, gapOf } from '../../../shared/domain/cerfa';
import { formatDate, formatPercent } from '../../../shared/format';
import type { Block, ReportContent, TableColumn, TableRow } from './content';
import { heading, narrative, paragraph } from './content';
import {
  attestationBlocks,
  conventionBlocks,
  coverLines,
  draftOf,
  headerOf,
} from './commonContent';
import { siegBlocks, signedPercent } from './financialContent';
import type { CellLedger } from '../../../shared/domain/smallCells';
import { ledgerOf, withMasks, type CellBook } from './cellBook';
import {
  MASK_NOTE,
  NOT_RECORDED,
  achievement,
  euros,
  eurosOrDash,
  thresholdOf,
  unitValue,
  yearKey,
  yearState,
} from './figures';
import type { FinalReportModel } from './model';

export function buildFinalContent(model: FinalReportModel): ReportContent {
  return withMasks(thresholdOf(model), model.suppressed, (book) => finalContent(model, book));
}

/** What the bilan prints of people, and the sums linking it, by key. */
export function finalLedger(model: FinalReportModel): CellLedger {
  return ledgerOf(thresholdOf(model), (book) => finalContent(model, book));
}

type FinalIndicator = FinalReportModel['indicators'][number];

/** A realised figure of the bilan: masked through the book, « non renseigné », or « — ». */
function realisedCell(
  book: CellBook,
  key: string,
  indicator: FinalIndicator,
  figure: { realised: number | null; base?: { numerator: number; denominator: number } },
  notRecorded = false,
): string {
  if (notRecorded) return NOT_RECORDED;
  if (figure.realised === null) return '—';
  if (indicator.unit === 'percent' && figure.base)
    return book.share(`${key}|num`, figure.base.numerator, `${key}|den`, figure.base.denominator);
  if (indicator.countsPeople) return book.count(key, figure.realised);
  return unitValue(figure.realised, indicator.unit, book.threshold);
}

function hidden(text: string): boolean {
  return text === '—' || text === NOT_RECORDED || /^(s|< |effectif)/.test(text);
}

function finalContent(model: FinalReportModel, book: CellBook): ReportContent {
  const threshold = book.threshold;
  const today = model.generatedOn;
  const first = model.years[0];
  const last = model.years[model.years.length - 1];
  const period =
    first && last ? `du ${formatDate(first.startDate)} au ${formatDate(last.endDate)}` : '—';
  const states = model.years.map((year) => yearState(year, today));
  const begun = model.years.filter((_, index) => states[index] !== 'future');
  const running = model.years.filter((_, index) => states[index] === 'running');

  const indicatorColumns: TableColumn[] = [
    { label: 'Indicateur', align: 'left', weight: 4 },
    ...model.years.flatMap((year, index) => [
      {
        label:
          states[index] === 'running'
            ? `${year.label} réalisé au ${formatDate(today)} (en cours)`
            : `${year.label} réalisé`,
        align: 'right' as const,
        weight: 1.3,
      },
      { label: `${year.label} cible`, align: 'right' as const, weight: 1.3 },
    ]),
    { label: 'Total réalisé', align: 'right', weight: 1.3 },
    { label: 'Total cible (années commencées)', align: 'right', weight: 1.6 },
    { label: 'Taux de réalisation', align: 'right', weight: 1.3 },
  ];
  const indicatorRows: TableRow[] = model.indicators.map((indicator) => {
    const yearTexts = indicator.byYear.map((year, index) => {
      const info = model.years[index];
      // A year not begun has nothing realised: « — », whatever the figures say.
      if (!info || states[index] === 'future') return '—';
      return realisedCell(
        book,
        `${yearKey(info)}|ind|${indicator.code}`,
        indicator,
        year,
        year.notRecorded ?? false,
      );
    });
    const allNotRecorded =
      indicator.byYear.length > 0 &&
      indicator.byYear.every((year, index) => year.notRecorded || states[index] === 'future');
    const cpoKey = `cpo|ind|${indicator.code}`;
    const realisedTotal = realisedCell(book, cpoKey, indicator, indicator.total, allNotRecorded);
    // The CPO total is the sum of the years begun: a reader can add them up.
    if (indicator.countsPeople)
      book.sum(
        cpoKey,
        model.years
          .filter((_, index) => states[index] !== 'future')
          .map((year) => `${yearKey(year)}|ind|${indicator.code}`),
      );
    if (indicator.unit === 'percent')
      for (const term of ['num', 'den'])
        book.sum(
          `${cpoKey}|${term}`,
          begun.map((year) => `${yearKey(year)}|ind|${indicator.code}|${term}`),
        );
    const ratio = hidden(realisedTotal)
      ? null
      : achievement(indicator.total.realised, indicator.total.target);
    return {
      cells: [
        indicator.label,
        ...indicator.byYear.flatMap((year, index) => [
          yearTexts[index]!,
          unitValue(year.target, indicator.unit, threshold),
        ]),
        realisedTotal,
        unitValue(indicator.total.target, indicator.unit, threshold),
        ratio === null ? '—' : formatPercent(ratio),
      ],
    };
  });
  const begunLabels = begun.map((year) => year.label).join(', ');
  const indicatorNote = [
    `Totaux sur les années commencées (${begunLabels || 'aucune'}) : les cibles des années non ` +
      'commencées ne sont pas comptées, pour comparer le réalisé à la cible des mêmes années.',
    ...(running.length > 0
      ? [
          `${running.map((year) => year.label).join(', ')} : année en cours, réalisé arrêté au ` +
            `${formatDate(today)} et comparé à la cible de l’année entière.`,
        ]
      : []),
    'Une seule règle de total : un effectif d’évènements (entrées, sorties…) est la somme ' +
      'des années ; une part ou une moyenne est recalculée sur toute la période (chaque ' +
      'personne comptée une fois), sa cible étant la moyenne des cibles annuelles pondérée ' +
      'par l’effectif de chaque année ; un stock en fin d’année ou un montant n’a pas de ' +
      'total (« — »). Taux de réalisation = total réalisé / total cible.',
    `« ${NOT_RECORDED} » : aucune donnée saisie (différent de 0).`,
    MASK_NOTE(threshold),
  ].join(' ');

  const financeColumns: TableColumn[] = [
    { label: 'Rubrique', align: 'left', weight: 4 },
    ...model.years.flatMap((year) => [
      { label: `${year.label} prévision`, align: 'right' as const, weight: 1.45 },
      { label: `${year.label} réalisation`, align: 'right' as const, weight: 1.45 },
    ]),
    { label: 'Total prévision', align: 'right', weight: 1.55 },
    { label: 'Total réalisation', align: 'right', weight: 1.55 },
    { label: 'Écart (%) des années réalisées', align: 'right', weight: 1.2 },
  ];
  const order = new Map(cerfaRows.map((row, index) => [row.code, index]));
  // As in the compte rendu: the funder rows of 74 print only when a year uses them.
  const finances = [...model.finances]
    .filter(
      (entry) =>
        !entry.code.startsWith('74_') ||
        entry.byYear.some((year) => year.forecast !== 0 || (year.actual ?? 0) !== 0),
    )
    .sort((a, b) => (order.get(a.code) ?? 999) - (order.get(b.code) ?? 999));
  // A year without its FEC yet has no actual: it prints "—", and the gap compares the
  // actual with the forecast of the years that have one.
  const financeLine = (
    label: string,
    byYear: readonly { forecast: number; actual: number | null }[],
    emphasis?: TableRow['emphasis'],
  ): TableRow => {
    const forecast = byYear.reduce((total, year) => total + year.forecast, 0);
    const realised = byYear.filter((year) => year.actual !== null);
    const actual = realised.reduce((total, year) => total + (year.actual ?? 0), 0);
    const realisedForecast = realised.reduce((total, year) => total + year.forecast, 0);
    return {
      cells: [
        label,
        ...byYear.flatMap((year) => [euros(year.forecast), eurosOrDash(year.actual)]),
        euros(forecast),
        realised.length > 0 ? euros(actual) : '—',
        realised.length > 0 ? signedPercent(gapOf(realisedForecast, actual).gapRatio) : '—',
      ],
      ...(emphasis ? { emphasis } : {}),
    };
  };
  const financeRows: TableRow[] = [];
  for (const side of ['charges', 'produits'] as const) {
    const all = finances.filter((entry) => cerfaRow(entry.code)?.side === side);
    if (all.length === 0) continue;
    // As in the CERFA: contributions in kind come after the total, not in it.
    const rows = all.filter((entry) => !cerfaRow(entry.code)?.inKind);
    for (const entry of rows)
      financeRows.push(financeLine(cerfaRow(entry.code)!.label, entry.byYear));
    const totals = model.years.map((_, index) => {
      const actuals = rows.map((entry) => entry.byYear[index]?.actual ?? null);
      return {
        forecast: rows.reduce((total, entry) => total + (entry.byYear[index]?.forecast ?? 0), 0),
        actual: actuals.every((value) => value === null)
          ? null
          : actuals.reduce<number>((total, value) => total + (value ?? 0), 0),
      };
    });
    financeRows.push(
      financeLine(side === 'charges' ? 'Total des charges' : 'Total des produits', totals, 'total'),
    );
    for (const entry of all.filter((candidate) => cerfaRow(candidate.code)?.inKind))
      financeRows.push(financeLine(cerfaRow(entry.code)!.label, entry.byYear));
  }

  const intro: Block[] = [
    ...conventionBlocks(model, 'Période couverte', period),
    heading(1, 'Bilan qualitatif de la convention'),
    ...narrative(model.narratives.assessment, 'Le bilan qualitatif n’a pas été saisi.'),
    heading(1, 'Enseignements'),
    ...narrative(model.narratives.lessons, 'Aucun enseignement n’a été saisi.'),
  ];
  const wide: Block[] = [
    heading(1, 'Objectifs et indicateurs sur la durée de la convention'),
    {
      kind: 'table',
      id: 'bilan-indicateurs',
      title: 'Indicateurs par année et cumulés',
      columns: indicatorColumns,
      rows: indicatorRows,
      note: indicatorNote,
    },
    heading(1, 'Réalisation financière sur la durée de la convention'),
    paragraph('Montants en euros, par rubrique du compte rendu financier (CERFA n° 15059).'),
    {
      kind: 'table',
      id: 'bilan-finances',
      title: 'Prévision et réalisation par année et cumulées',
      columns: financeColumns,
      rows: financeRows,
    },
  ];
  const closing: Block[] = [
    ...siegBlocks(model.sieg, 1, 'Contrôle final de la surcompensation (SIEG)'),
    heading(1, 'Perspectives'),
    ...narrative(model.narratives.outlook, 'Aucune perspective n’a été saisie.'),
    ...attestationBlocks(
      model,
      model.attestation,
      'certifie exactes les informations du présent bilan final de la convention.',
    ),
  ];

  return {
    title: 'Bilan final de la convention',
    subtitle: model.convention.title,
    header: headerOf(model),
    cover: { lines: coverLines(model, [['Période couverte', period]]) },
    draft: draftOf(model),
    sections: [
      { orientation: 'portrait', blocks: intro },
      { orientation: 'landscape', blocks: wide },
      { orientation: 'portrait', blocks: closing },
    ],
  };
}
