/** The bilan final of the CPO: the years side by side and cumulated, and the final SIEG control. */
import { cerfaRows, gapOf } from '../../../shared/domain/cerfa';
import { formatDate } from '../../../shared/format';
import type { Block, ReportContent, TableBlock, TableColumn, TableRow } from './content';
import { heading, narrative, paragraph } from './content';
import {
  attestationBlocks,
  conventionBlocks,
  coverLines,
  draftOf,
  headerOf,
} from './commonContent';
import {
  INDIRECT_DETAIL_LABEL,
  printedLabel,
  rowPrinted,
  siegBlocks,
  signedPercent,
} from './financialContent';

/** A year begun whose FEC is not imported yet has no réalisation. */
const FEC_NOT_IMPORTED = 'FEC non importé';
import type { CellLedger } from '../../../shared/domain/smallCells';
import { ledgerOf, withMasks, type CellBook } from './cellBook';
import {
  CEILING_NOTE,
  MASK_NOTE,
  NOT_RECORDED,
  achievementCell,
  euros,
  thresholdOf,
  followUpNotRecorded,
  isHiddenText,
  unitValue,
  yearKey,
  yearState,
} from './figures';
import { ceilingIndicatorCodes } from '../../../shared/domain/activityFigures';
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
  return isHiddenText(text);
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
      // Six-month follow-ups: « aucun suivi dû » or « non renseigné (N dus) », as in the
      // activity report (same key for N, so the same mask).
      if (indicator.code === 'FOLLOWUP_6M' && year.notRecorded && year.followUpsDue !== undefined)
        return followUpNotRecorded(
          book.count(`${yearKey(info)}|fu|due`, year.followUpsDue),
          year.followUpsDue,
        );
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
    const rate = hidden(realisedTotal)
      ? { text: '—' }
      : achievementCell(
          indicator.code,
          indicator.total.realised,
          indicator.total.target,
          indicator.unit,
        );
    return {
      cells: [
        indicator.label,
        ...indicator.byYear.flatMap((year, index) => [
          yearTexts[index]!,
          unitValue(year.target, indicator.unit, threshold),
        ]),
        realisedTotal,
        unitValue(indicator.total.target, indicator.unit, threshold),
        rate.text,
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
      'total (« — »). Taux de réalisation = total réalisé / total cible, tels qu’imprimés.',
    ...(model.indicators.some((indicator) => ceilingIndicatorCodes.has(indicator.code))
      ? [CEILING_NOTE]
      : []),
    `« ${NOT_RECORDED} » : aucune donnée saisie (différent de 0).`,
    MASK_NOTE(threshold, book.anyWithheld()),
  ].join(' ');

  // The finances, laid out as each year's compte rendu: the same rows and labels, the charges
  // with their total and the « dont charges indirectes réparties » line, the produits with the
  // 74 subtotal and their total, then 86 / 87 and the TOTAL.
  const financeColumns: TableColumn[] = [
    { label: 'Rubrique', align: 'left', weight: 2.55 },
    ...model.years.flatMap((year) => [
      { label: `${year.label} prévision`, align: 'right' as const, weight: 1.6 },
      { label: `${year.label} réalisation`, align: 'right' as const, weight: 1.6 },
    ]),
    { label: 'Total prévision', align: 'right', weight: 1.6 },
    { label: 'Prévision des années réalisées', align: 'right', weight: 1.6 },
    { label: 'Total réalisation', align: 'right', weight: 1.6 },
    { label: 'Écart (%)', align: 'right', weight: 1.2 },
  ];
  // A year has a réalisation once its FEC is imported; a year begun without it says so, a
  // year not begun prints « — ».
  const realisedYear = model.years.map((_, index) =>
    model.finances.some((entry) => entry.byYear[index]?.actual != null),
  );
  const missingActual = (index: number) => (states[index] === 'future' ? '—' : FEC_NOT_IMPORTED);
  type YearFigures = { forecast: number; actual: number | null };
  const yearsOf = (entry: { byYear: readonly YearFigures[] }): YearFigures[] =>
    model.years.map((_, index) => ({
      forecast: entry.byYear[index]?.forecast ?? 0,
      actual: realisedYear[index] ? (entry.byYear[index]?.actual ?? 0) : null,
    }));
  const sumYears = (entries: readonly YearFigures[][]): YearFigures[] =>
    model.years.map((_, index) => ({
      forecast: entries.reduce((total, years) => total + (years[index]?.forecast ?? 0), 0),
      actual: realisedYear[index]
        ? entries.reduce((total, years) => total + (years[index]?.actual ?? 0), 0)
        : null,
    }));
  const financeLine = (
    label: string,
    byYear: readonly YearFigures[],
    emphasis?: TableRow['emphasis'],
  ): TableRow => {
    const forecast = byYear.reduce((total, year) => total + year.forecast, 0);
    const realised = byYear.filter((_, index) => realisedYear[index]);
    const actual = realised.reduce((total, year) => total + (year.actual ?? 0), 0);
    const realisedForecast = realised.reduce((total, year) => total + year.forecast, 0);
    const any = realised.length > 0;
    return {
      cells: [
        label,
        ...byYear.flatMap((year, index) => [
          euros(year.forecast),
          year.actual === null ? missingActual(index) : euros(year.actual),
        ]),
        euros(forecast),
        any ? euros(realisedForecast) : '—',
        any ? euros(actual) : '—',
        any ? signedPercent(gapOf(realisedForecast, actual).gapRatio) : '—',
      ],
      ...(emphasis ? { emphasis } : {}),
    };
  };
  const financeEntries = cerfaRows.map((row) => {
    const entry = model.finances.find((candidate) => candidate.code === row.code);
    return { row, years: yearsOf(entry ?? { byYear: [] }) };
  });
  const financeTable = (side: 'charges' | 'produits'): TableBlock => {
    const sideEntries = financeEntries.filter((entry) => entry.row.side === side);
    const main = sideEntries.filter(
      (entry) =>
        !entry.row.inKind &&
        rowPrinted(
          entry.row,
          entry.years.flatMap((year) => [year.forecast, year.actual ?? 0]),
        ),
    );
    const inKind = sideEntries.filter((entry) => entry.row.inKind);
    const subsidies = main.filter((entry) => entry.row.code.startsWith('74_'));
    const rows: TableRow[] = [];
    for (const entry of main) {
      rows.push(financeLine(printedLabel(entry.row), entry.years));
      if (subsidies.length > 0 && entry === subsidies.at(-1))
        rows.push(
          financeLine(
            '74 — Total des subventions d’exploitation',
            sumYears(subsidies.map((subsidy) => subsidy.years)),
            'subtotal',
          ),
        );
    }
    rows.push(
      financeLine(
        side === 'charges' ? 'Total des charges' : 'Total des produits',
        sumYears(main.map((entry) => entry.years)),
        'subtotal',
      ),
    );
    if (side === 'charges') {
      // The keys' share spread over rows 60 to 68 plus the flat rate: the CRF's « dont » line,
      // a detail of the total above, added into nothing.
      const flat = financeEntries.find((entry) => entry.row.code === 'indirect')?.years ?? [];
      const indirect = model.years.map((_, index) =>
        realisedYear[index]
          ? (model.allocatedInRows?.[index] ?? 0) + (flat[index]?.actual ?? 0)
          : null,
      );
      const realisedIndirect = indirect.filter((value): value is number => value !== null);
      rows.push({
        cells: [
          INDIRECT_DETAIL_LABEL,
          ...indirect.flatMap((value, index) => [
            '',
            value === null ? missingActual(index) : euros(value),
          ]),
          '',
          '',
          realisedIndirect.length > 0
            ? euros(realisedIndirect.reduce((total, value) => total + value, 0))
            : '—',
          '',
        ],
      });
    }
    for (const entry of inKind) rows.push(financeLine(entry.row.label, entry.years));
    rows.push(
      financeLine('TOTAL', sumYears([...main, ...inKind].map((entry) => entry.years)), 'total'),
    );
    return {
      kind: 'table',
      id: side === 'charges' ? 'bilan-finances-charges' : 'bilan-finances-produits',
      title: side === 'charges' ? 'Charges par année et cumulées' : 'Produits par année et cumulés',
      columns: financeColumns,
      rows,
      ...(side === 'produits'
        ? {
            note:
              '« Prévision des années réalisées » : prévision des seules années dont le FEC est ' +
              'importé, à laquelle se comparent le total réalisé et l’écart (%). ' +
              `« ${FEC_NOT_IMPORTED} » : année commencée dont le FEC n’est pas encore importé ; ` +
              '« — » : année non commencée.',
          }
        : {}),
    };
  };

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
    paragraph(
      'Montants en euros de l’action, par rubrique du compte rendu financier (CERFA n° 15059), ' +
        'présentés comme dans le compte rendu de chaque année.',
    ),
    heading(2, 'Charges'),
    financeTable('charges'),
    heading(2, 'Produits'),
    financeTable('produits'),
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
