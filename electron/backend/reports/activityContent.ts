/** The annual activity report (bilan annuel d'activités) as report content. */
import { DAYS_PER_MONTH } from '../../../shared/domain/indicators';
import {
  AGE_NOT_GIVEN,
  ageBands,
  ceilingIndicatorCodes,
} from '../../../shared/domain/activityFigures';
import { eligibilityGrounds, sexes } from '../../../shared/domain/peopleLists';
import type { CellLedger } from '../../../shared/domain/smallCells';
import { formatDate, formatNumber, formatPercent } from '../../../shared/format';
import type { Block, ChartBlock, ReportContent, TableBlock, TableRow } from './content';
import { heading, narrative, paragraph } from './content';
import { conventionBlocks, coverLines, draftOf, headerOf } from './commonContent';
import { ledgerOf, withMasks, type CellBook } from './cellBook';
import {
  CEILING_NOTE,
  MASK_NOTE,
  NOT_RECORDED,
  achievementCell,
  followUpNotRecorded,
  isHiddenText,
  thresholdOf,
  unitValue,
  yearKey,
  yearState,
  type YearState,
} from './figures';
import type { ActivityReportModel, CategoryCount, IndicatorFigure } from './model';

/** A whole percent as printed by `formatPercent` (« 31 % » → 31). */
function readPercent(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}

/** Under every table with a « Part » column: how its shares are rounded. */
export const SHARE_NOTE =
  'Parts arrondies à l’unité (méthode du plus fort reste) : leur somme fait le total affiché.';

function shareNote(exact: boolean, maskNote: string | null): string {
  return [
    SHARE_NOTE +
      (exact
        ? ''
        : ' Des effectifs égaux ayant des parts égales, ce total n’est pas exactement 100\u00a0%.'),
    ...(maskNote ? [maskNote] : []),
  ].join(' ');
}

/** Whether some indicator of the table is a ceiling (read « plafond respecté / dépassé »). */
function indicatorCeilings(indicators: readonly IndicatorFigure[]): boolean {
  return indicators.some((indicator) => ceilingIndicatorCodes.has(indicator.code));
}

/** A printed count is a number only when it is not masked, « — » or « non renseigné ». */
function isFigure(text: string): boolean {
  return /^[\d\u00a0\u202f ]+$/.test(text);
}

/**
 * A category table with its total: every count through the book (masked with the
 * convention's masks), shares by largest remainder so they add up to the printed 100 %.
 */
export function categoryTable(
  book: CellBook,
  id: string,
  title: string,
  categoryLabel: string,
  keyPrefix: string,
  counts: readonly CategoryCount[],
  totalKey: string,
  totalLabel = 'Total',
): TableBlock {
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const rows = counts.map((entry) => ({ key: `${keyPrefix}|${entry.label}`, value: entry.count }));
  const texts = rows.map((row) => book.count(row.key, row.value));
  const totalText = book.count(totalKey, total);
  book.sum(
    totalKey,
    rows.map((row) => row.key),
  );
  const shares = book.shares({ key: totalKey, value: total }, rows);
  const masked = rows.some((row) => book.masked(row.key)) || book.masked(totalKey);
  const withheld = rows.some((row) => book.withheld(row.key)) || book.withheld(totalKey);
  return {
    kind: 'table',
    id,
    title,
    note: shareNote(shares.exact, masked ? MASK_NOTE(book.threshold, withheld) : null),
    columns: [
      { label: categoryLabel, align: 'left', weight: 4 },
      { label: 'Effectif', align: 'right', weight: 1.4 },
      { label: 'Part', align: 'right', weight: 1.4 },
    ],
    rows: [
      ...counts.map((entry, index) => ({
        cells: [entry.label, texts[index]!, shares.cells[index]!],
      })),
      {
        cells: [totalLabel, totalText, shares.total],
        emphasis: 'total',
      },
    ],
  };
}

function barsChart(
  id: string,
  title: string,
  valueTitle: string,
  bars: readonly { label: string; count: number; text: string }[],
  altIntro: string,
): ChartBlock {
  return {
    kind: 'chart',
    id,
    title,
    altText: `${altIntro} ${bars.map((bar) => `${bar.label} : ${bar.text}`).join(' ; ')}.`,
    spec: {
      type: 'bars',
      valueTitle,
      bars: bars.map((bar) => ({
        label: bar.label,
        value: isFigure(bar.text) ? bar.count : null,
        text: bar.text,
      })),
    },
  };
}

/**
 * A bar chart whose bars are mostly masked shows nothing but an empty axis: print a line
 * saying why instead.
 */
function readableChart(chart: ChartBlock): Block[] {
  const spec = chart.spec;
  const visible = spec.type === 'bars' ? spec.bars.filter((bar) => bar.value !== null).length : 2;
  if (visible >= 2) return [chart];
  return [
    paragraph(
      `${chart.title} : pas de graphique, les effectifs sont trop petits pour être représentés ` +
        'sans révéler de petits nombres (secret statistique).',
      'muted',
    ),
  ];
}

/**
 * The name of a meeting, once: its title when it already says the kind (« Comité territorial
 * pour l’emploi — bassin de Rennes » under the kind « Comité territorial pour l’emploi »),
 * otherwise « kind — title ».
 */
export function meetingName(kind: string, title: string | null | undefined): string {
  const name = title?.trim();
  if (!name) return kind;
  const base = (text: string) =>
    text
      .replace(/\(.*?\)/g, '')
      .replace(/[’']/g, "'")
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  const kindBase = base(kind);
  const nameBase = base(name);
  if (nameBase.startsWith(kindBase) || kindBase.startsWith(nameBase)) return name;
  return `${kind} — ${name}`;
}

/** The exit groups of the report, in order; types of another positive group go with theirs. */
const exitGroups = [
  { group: 'employment', label: 'Emploi (durable ou de transition)', positive: true },
  { group: 'training', label: 'Formation qualifiante', positive: true },
  { group: 'droit_commun', label: 'Orientation vers le droit commun', positive: true },
  { group: 'drop_out', label: 'Abandons, pertes de contact, déménagements', positive: false },
  { group: 'other', label: 'Autres motifs de sortie', positive: false },
] as const;

/** Indicators that are one of the exit groups. */
const exitGroupIndicators: Record<string, string> = {
  EXIT_EMPLOYMENT: 'employment',
  EXIT_TRAINING: 'training',
  EXIT_DROIT_COMMUN: 'droit_commun',
  DROP_OUT: 'drop_out',
};

interface ExitsFigures {
  table: TableBlock;
  total: number;
  positive: number;
  totalKey: string;
  positiveKey: string;
  chartBars: { label: string; count: number; text: string }[];
}

/**
 * Exits by group (what survives the mask when every type is small), with the detail of each
 * group where it says something: sorties positives (emploi, formation, droit commun) and
 * autres sorties, each a sum the reader can check.
 */
function exitsTable(
  book: CellBook,
  Y: string,
  byType: ActivityReportModel['exits']['byType'],
): ExitsFigures {
  const known = new Set<string>(exitGroups.map((group) => group.group));
  const types = byType.map((type) => ({
    ...type,
    group:
      type.group && known.has(type.group) ? type.group : type.positive ? 'droit_commun' : 'other',
    key: `${Y}|exit|${type.label}`,
  }));
  const totalKey = `${Y}|exits`;
  const positiveKey = `${Y}|exits|positive`;
  const otherKey = `${Y}|exits|other`;
  const groups = exitGroups
    .map((group) => {
      const members = types.filter((type) => type.group === group.group);
      return {
        ...group,
        key: `${Y}|exitgroup|${group.group}`,
        members,
        count: members.reduce((sum, type) => sum + type.count, 0),
      };
    })
    .filter((group) => group.count > 0);
  const total = types.reduce((sum, type) => sum + type.count, 0);
  const positive = types.filter((type) => type.positive).reduce((sum, t) => sum + t.count, 0);
  const other = total - positive;

  const typeText = new Map(types.map((type) => [type.key, book.count(type.key, type.count)]));
  const groupText = new Map(groups.map((group) => [group.key, book.count(group.key, group.count)]));
  const positiveText = book.count(positiveKey, positive);
  const otherText = book.count(otherKey, other);
  const totalText = book.count(totalKey, total);
  for (const group of groups)
    book.sum(
      group.key,
      group.members.map((type) => type.key),
    );
  const positiveGroups = groups.filter((group) => group.positive);
  const otherGroups = groups.filter((group) => !group.positive);
  book.sum(
    positiveKey,
    positiveGroups.map((group) => group.key),
  );
  book.sum(
    otherKey,
    otherGroups.map((group) => group.key),
  );
  book.sum(totalKey, [positiveKey, otherKey]);
  book.sum(
    totalKey,
    types.map((type) => type.key),
  );
  book.sum(
    positiveKey,
    types.filter((type) => type.positive).map((type) => type.key),
  );

  const shares = book.shares(
    { key: totalKey, value: total },
    groups.map((group) => ({ key: group.key, value: group.count })),
  );
  const shareOf = new Map(groups.map((group, index) => [group.key, shares.cells[index]!]));
  // Positive and other exits: their own shares, adding up to 100 % between them (two
  // counts: equal ones are each exactly half).
  const pair = book.shares({ key: totalKey, value: total }, [
    { key: positiveKey, value: positive },
    { key: otherKey, value: other },
  ]).cells;
  // When equal groups keep the groups' shares off 100 % (no group masked then), each
  // subtotal prints the sum of its groups' shares: the rows add up to what is printed.
  const groupSum = (members: typeof groups) =>
    formatPercent(
      members.reduce((sum, group) => sum + readPercent(shareOf.get(group.key)!), 0) / 100,
    );
  const [positiveShare, otherShare] = shares.exact
    ? pair
    : [
        groupSum(groups.filter((group) => group.positive)),
        groupSum(groups.filter((group) => !group.positive)),
      ];

  const rows: TableRow[] = [];
  const section = (
    label: string,
    text: string,
    share: string,
    members: typeof groups,
    count: number,
  ) => {
    if (count === 0) return;
    rows.push({ cells: [label, text, share], emphasis: 'subtotal' });
    for (const group of members) {
      rows.push({ cells: [group.label, groupText.get(group.key)!, shareOf.get(group.key)!] });
      // The detail of a group says something only when it has more than one type and one
      // of them is printed.
      const detail = group.members.filter((type) => !book.masked(type.key));
      if (group.members.length > 1 && detail.length > 0)
        for (const type of group.members)
          rows.push({ cells: [`dont ${type.label}`, typeText.get(type.key)!, ''] });
    }
  };
  section('Sorties positives', positiveText, positiveShare!, positiveGroups, positive);
  section('Autres sorties', otherText, otherShare!, otherGroups, other);
  rows.push({
    cells: ['Total', totalText, shares.total],
    emphasis: 'total',
  });
  const keys = [...typeText.keys(), ...groupText.keys(), positiveKey, otherKey, totalKey];
  const masked = keys.some((key) => book.masked(key));
  const withheld = keys.some((key) => book.withheld(key));
  return {
    table: {
      kind: 'table',
      id: 'sorties',
      title: 'Sorties par groupe et par type',
      note: shareNote(shares.exact, masked ? MASK_NOTE(book.threshold, withheld) : null),
      columns: [
        { label: 'Type de sortie', align: 'left', weight: 4 },
        { label: 'Effectif', align: 'right', weight: 1.4 },
        { label: 'Part', align: 'right', weight: 1.4 },
      ],
      rows,
    },
    total,
    positive,
    totalKey,
    positiveKey,
    chartBars: groups.map((group) => ({
      label: group.label,
      count: group.count,
      text: groupText.get(group.key)!,
    })),
  };
}

/** The realised cell of an indicator: masked through the book, « non renseigné », or « — ». */
function realisedText(
  book: CellBook,
  Y: string,
  indicator: IndicatorFigure,
  state: YearState,
  followUpsDue: { due: number } | undefined,
): string {
  if (state === 'future') return '—';
  if (indicator.notRecorded) {
    if (indicator.code !== 'FOLLOWUP_6M' || !followUpsDue) return NOT_RECORDED;
    return followUpNotRecorded(book.count(`${Y}|fu|due`, followUpsDue.due), followUpsDue.due);
  }
  const key = `${Y}|ind|${indicator.code}`;
  if (indicator.unit === 'percent' && indicator.base)
    return book.share(
      `${key}|num`,
      indicator.base.numerator,
      `${key}|den`,
      indicator.base.denominator,
    );
  if (indicator.countsPeople && indicator.realised !== null)
    return book.count(key, indicator.realised);
  return unitValue(indicator.realised, indicator.unit, book.threshold);
}

function indicatorRow(
  book: CellBook,
  Y: string,
  indicator: IndicatorFigure,
  state: YearState,
  followUpsDue: { due: number } | undefined,
) {
  const realised = realisedText(book, Y, indicator, state, followUpsDue);
  // A hidden figure has no achievement rate: it would give the figure back.
  const rate = isHiddenText(realised)
    ? { text: '—', ratio: null }
    : achievementCell(indicator.code, indicator.realised, indicator.target, indicator.unit);
  return {
    cells: [
      indicator.label,
      indicator.manualOverride ? `${realised} (saisi)` : realised,
      unitValue(indicator.target, indicator.unit, book.threshold),
      rate.text,
    ],
    ratio: rate.ratio,
    ceiling: rate.ratio === null && rate.text !== '—',
  };
}

export function buildActivityContent(model: ActivityReportModel): ReportContent {
  return withMasks(thresholdOf(model), model.suppressed, (book) => activityContent(model, book));
}

/** What the activity report prints of people, and the sums linking it, by key. */
export function activityLedger(model: ActivityReportModel): CellLedger {
  return ledgerOf(thresholdOf(model), (book) => activityContent(model, book));
}

function activityContent(model: ActivityReportModel, book: CellBook): ReportContent {
  const threshold = book.threshold;
  const Y = yearKey(model.year);
  const state = yearState(model.year, model.generatedOn);
  const future = state === 'future';
  const p = (key: string, value: number) => (future ? '—' : book.count(key, value));
  const { outreach, accompaniment, exits } = model;
  const period = `du ${formatDate(model.year.startDate)} au ${formatDate(model.year.endDate)}`;
  const stateLine =
    state === 'running'
      ? `Année en cours : chiffres arrêtés au ${formatDate(model.generatedOn)}.`
      : state === 'future'
        ? 'Année non commencée : aucun chiffre réalisé.'
        : null;
  const ind = (code: string) => `${Y}|ind|${code}`;
  // The staff's comment on a volet the convention covers, under its heading, when written.
  const covered = new Set(model.convention.volets.map((volet) => volet.number));
  const voletNarrative = (volet: number): Block[] => {
    const text = model.narratives.volets?.[volet] ?? '';
    return covered.has(volet) && text.trim() ? narrative(text, '') : [];
  };

  // Under the table: what « non renseigné » means, and how a computed figure is made (and,
  // when one was typed by hand, that the typed value overrides it).
  const indicatorNotes = [
    ...(model.indicators.some((indicator) => indicator.notRecorded)
      ? [`« ${NOT_RECORDED} » : aucune donnée saisie pour cet indicateur (différent de 0).`]
      : []),
    ...(indicatorCeilings(model.indicators) ? [CEILING_NOTE] : []),
    ...model.indicators.flatMap((indicator) =>
      indicator.computed
        ? [
            indicator.computed.formula +
              (indicator.manualOverride
                ? ` « (saisi) » : valeur saisie à la main, qui remplace le calcul (${unitValue(indicator.computed.value, indicator.unit, threshold)}).`
                : indicator.computed.value === null
                  ? ' Non calculable avant l’import des comptes de l’année.'
                  : ''),
          ]
        : [],
    ),
  ];
  const indicatorRows = model.indicators.map((indicator) => ({
    indicator,
    ...indicatorRow(book, Y, indicator, state, exits.followUpsDue),
  }));
  const indicatorTable: TableBlock = {
    kind: 'table',
    id: 'indicateurs',
    title:
      state === 'running'
        ? `Indicateurs : réalisé au ${formatDate(model.generatedOn)} (année en cours) et cible de l’année`
        : 'Indicateurs : réalisé et cible de l’année',
    columns: [
      { label: 'Indicateur', align: 'left', weight: 5 },
      { label: 'Réalisé', align: 'right', weight: 1.6 },
      { label: 'Cible', align: 'right', weight: 1.6 },
      { label: 'Taux de réalisation', align: 'right', weight: 1.6 },
    ],
    rows: indicatorRows.map((row) => ({ cells: row.cells })),
    ...(indicatorNotes.length > 0 ? { note: indicatorNotes.join(' ') } : {}),
  };

  // Only indicators with a target and a figure that can be shown go in the chart.
  const targetItems = indicatorRows.flatMap((row) =>
    row.ratio === null ? [] : [{ label: row.indicator.label, realisedPercent: row.ratio * 100 }],
  );

  const exitFigures = exitsTable(book, Y, exits.byType);
  const funnelBars = [
    { label: 'Contacts de repérage', key: ind('REP_CONTACTS'), count: outreach.totalContacts },
    { label: 'Personnes repérées', key: ind('REP_PERSONS'), count: outreach.personsIdentified },
    {
      label: 'Personnes remobilisées',
      key: ind('REMOB_PERSONS'),
      count: model.remobilisation.persons,
    },
    { label: 'Entrées en accompagnement', key: ind('ACC_ENTRIES'), count: accompaniment.entries },
    { label: 'Sorties', key: exitFigures.totalKey, count: exitFigures.total },
    { label: 'Sorties positives', key: exitFigures.positiveKey, count: exitFigures.positive },
  ].map((bar) => ({ label: bar.label, count: bar.count, text: p(bar.key, bar.count) }));
  const funnel = barsChart(
    'entonnoir',
    'Du repérage à la sortie',
    'Nombre',
    funnelBars,
    'Graphique en barres du parcours sur l’année :',
  );

  // Links between the indicators and the tables that detail them (the same figure twice).
  const linkIndicators = () => {
    for (const [code, group] of Object.entries(exitGroupIndicators))
      book.same(ind(code), `${Y}|exitgroup|${group}`);
    book.same(`${ind('EXIT_POSITIVE_RATE')}|num`, exitFigures.positiveKey);
    book.same(`${ind('EXIT_POSITIVE_RATE')}|den`, exitFigures.totalKey);
    const women = sexes.find((sex) => sex.code === 'F')?.label;
    if (women) book.same(`${ind('WOMEN_SHARE')}|num`, `${Y}|sex|${women}`);
    const invisible = eligibilityGrounds.find((g) => g.code === 'not_registered')?.label;
    if (invisible) book.same(`${ind('INVISIBLE_SHARE')}|num`, `${Y}|eligibility|${invisible}`);
    book.same(`${ind('QPV_SHARE')}|num`, `${Y}|qpv`);
    book.same(`${ind('ZRR_SHARE')}|num`, `${Y}|zrr`);
    for (const code of ['WOMEN_SHARE', 'INVISIBLE_SHARE', 'QPV_SHARE', 'ZRR_SHARE'])
      book.same(`${ind(code)}|den`, `${Y}|persons`);
    book.same(`${ind('YOUTH_SHARE')}|num`, `${Y}|age|${ageBands[0].label}`);
    book.same(`${ind('YOUTH_SHARE')}|den`, `${Y}|age|known`);
    book.same(`${ind('FOLLOWUP_6M')}`, `${Y}|fu|positive`);
  };

  const barriersNotRecorded = model.indicators.some(
    (indicator) => indicator.code === 'BARRIERS_LIFTED' && indicator.notRecorded,
  );
  const barrierRows = model.barriers.map((barrier) => {
    const key = `${Y}|barrier|${barrier.label}`;
    return {
      cells: [
        barrier.label,
        p(`${key}|identified`, barrier.identified),
        barriersNotRecorded || future ? NOT_RECORDED : p(`${key}|lifted`, barrier.lifted),
        barriersNotRecorded || future
          ? NOT_RECORDED
          : book.share(`${key}|lifted`, barrier.lifted, `${key}|identified`, barrier.identified),
      ],
    };
  });
  if (!barriersNotRecorded) {
    book.sum(
      `${ind('BARRIERS_LIFTED')}|num`,
      model.barriers.map((barrier) => `${Y}|barrier|${barrier.label}|lifted`),
    );
  }
  book.sum(
    `${ind('BARRIERS_LIFTED')}|den`,
    model.barriers.map((barrier) => `${Y}|barrier|${barrier.label}|identified`),
  );

  const followUpBlocks: Block[] = [];
  const due = exits.followUpsDue;
  if (due && !future) {
    followUpBlocks.push(
      paragraph(
        `Suivis à six mois dus dans l’année (six mois après une sortie, au plus tard le ` +
          `${formatDate(state === 'running' ? model.generatedOn : model.year.endDate)}) : ` +
          `${p(`${Y}|fu|due`, due.due)} ; réalisés (situation saisie) : ${p(`${Y}|fu|done`, due.done)}.`,
      ),
    );
  }
  if (exits.followUp6m.some((entry) => entry.count > 0)) {
    followUpBlocks.push(
      categoryTable(
        book,
        'suivi-6-mois',
        'Situation à six mois',
        'Situation',
        `${Y}|fu`,
        exits.followUp6m,
        `${Y}|fu|total`,
      ),
    );
    const positives = exits.followUp6m.filter((entry) =>
      ['En emploi', 'En formation'].includes(entry.label),
    );
    p(
      `${Y}|fu|positive`,
      positives.reduce((sum, entry) => sum + entry.count, 0),
    );
    book.sum(
      `${Y}|fu|positive`,
      positives.map((entry) => `${Y}|fu|${entry.label}`),
    );
  } else {
    followUpBlocks.push(
      paragraph(
        due && due.due > 0
          ? `Situation à six mois : ${NOT_RECORDED} — aucun suivi n’a été saisi pour les personnes sorties.`
          : 'Aucun suivi à six mois n’était encore dû pour les personnes sorties.',
      ),
    );
  }

  const profile = model.profile;
  const profileText = {
    persons: p(`${Y}|persons`, profile.persons),
    qpvShare: future ? '—' : book.share(`${Y}|qpv`, profile.qpv, `${Y}|persons`, profile.persons),
    zrrShare: future ? '—' : book.share(`${Y}|zrr`, profile.zrr, `${Y}|persons`, profile.persons),
  };
  const knownAges = profile.ageBands.filter((band) => band.label !== AGE_NOT_GIVEN);
  p(
    `${Y}|age|known`,
    knownAges.reduce((sum, band) => sum + band.count, 0),
  );
  const profileTables = {
    sex: categoryTable(
      book,
      'profil-sexe',
      'Public par sexe',
      'Sexe',
      `${Y}|sex`,
      profile.sex,
      `${Y}|persons`,
    ),
    age: categoryTable(
      book,
      'profil-age',
      'Public par tranche d’âge',
      'Tranche d’âge',
      `${Y}|age`,
      profile.ageBands,
      `${Y}|persons`,
    ),
    eligibility: categoryTable(
      book,
      'profil-eligibilite',
      'Public par motif d’éligibilité',
      'Motif d’éligibilité',
      `${Y}|eligibility`,
      profile.eligibility,
      `${Y}|persons`,
    ),
  };
  book.sum(
    `${Y}|age|known`,
    knownAges.map((band) => `${Y}|age|${band.label}`),
  );
  linkIndicators();

  const blocks: Block[] = [
    ...conventionBlocks(
      model,
      'Année du rapport',
      `${model.year.label}, ${period}${state === 'running' ? ` (en cours au ${formatDate(model.generatedOn)})` : ''}`,
    ),
    ...(stateLine ? [paragraph(stateLine, 'strong')] : []),
    heading(1, 'Faits marquants de l’année'),
    ...narrative(model.narratives.highlights, 'Aucun fait marquant n’a été saisi.'),

    heading(1, 'Objectifs et indicateurs'),
    paragraph(
      'Les cibles sont celles de la convention et de ses avenants en vigueur pour l’année. ' +
        'Le taux de réalisation rapporte le réalisé imprimé à la cible imprimée.',
    ),
    indicatorTable,
  ];
  if (targetItems.length > 0) {
    blocks.push({
      kind: 'chart',
      id: 'realise-cible',
      title: 'Taux de réalisation des objectifs',
      altText:
        'Graphique en barres du taux de réalisation de chaque objectif : ' +
        targetItems
          .map((item) => `${item.label} : ${formatPercent(item.realisedPercent / 100)}`)
          .join(' ; ') +
        '.',
      spec: { type: 'realisedVsTarget', items: targetItems },
      note:
        'La ligne rouge pointillée marque la cible (100\u00a0%).' +
        (indicatorRows.some((row) => row.ceiling)
          ? ' Les plafonds (abandons, coût par personne) n’y figurent pas : pour eux, moins est ' +
            'mieux, et le tableau dit si le plafond est respecté.'
          : ''),
    });
  }

  blocks.push(
    heading(1, 'Volet 1 — Repérage'),
    ...voletNarrative(1),
    paragraph(
      `${p(ind('REP_CONTACTS'), outreach.totalContacts)} contacts ont été établis en démarche d’aller vers ` +
        `(contacts anonymes compris) ; ${p(ind('REP_PERSONS'), outreach.personsIdentified)} personnes ont été repérées.`,
    ),
    funnel,
    heading(2, 'Contacts par canal'),
    categoryTable(
      book,
      'contacts-canal',
      'Contacts par canal',
      'Canal',
      `${Y}|channel`,
      outreach.byChannel,
      ind('REP_CONTACTS'),
    ),
    heading(2, 'Contacts par lieu'),
    categoryTable(
      book,
      'contacts-lieu',
      'Contacts par lieu',
      'Lieu',
      `${Y}|place`,
      outreach.byPlace,
      ind('REP_CONTACTS'),
    ),

    heading(1, 'Volet 2 — Remobilisation'),
    ...voletNarrative(2),
    {
      kind: 'table',
      id: 'remobilisation',
      title: 'Remobilisation',
      columns: [
        { label: 'Remobilisation', align: 'left', weight: 5 },
        { label: 'Nombre', align: 'right', weight: 1.6 },
      ],
      rows: [
        {
          cells: [
            'Personnes en remobilisation',
            p(ind('REMOB_PERSONS'), model.remobilisation.persons),
          ],
        },
        {
          cells: ['Séances collectives', formatNumber(model.remobilisation.collectiveSessions)],
        },
        {
          cells: ['Entretiens individuels', formatNumber(model.remobilisation.individualSessions)],
        },
      ],
    },

    heading(1, 'Volet 3 — Accompagnement socio-professionnel'),
    ...voletNarrative(3),
    {
      kind: 'table',
      id: 'accompagnement',
      title: 'Accompagnement',
      columns: [
        { label: 'Accompagnement', align: 'left', weight: 5 },
        { label: 'Valeur', align: 'right', weight: 1.6 },
      ],
      rows: [
        { cells: ['Entrées en accompagnement', p(ind('ACC_ENTRIES'), accompaniment.entries)] },
        {
          cells: [
            `Personnes accompagnées au ${formatDate(state === 'running' ? model.generatedOn : model.year.endDate)}`,
            p(ind('ACC_ACTIVE'), accompaniment.activeAtYearEnd),
          ],
        },
        {
          cells: [
            'Durée moyenne d’accompagnement',
            accompaniment.averageLengthDays === null || future
              ? '—'
              : // The indicator's figure, printed as in the indicator table (months, one decimal).
                unitValue(accompaniment.averageLengthDays / DAYS_PER_MONTH, 'months', threshold),
          ],
        },
        {
          cells: ['Accompagnements de plus de 9 mois', p(`${Y}|over9`, accompaniment.over9Months)],
        },
        { cells: ['Prolongations accordées', p(`${Y}|ext`, accompaniment.extensions)] },
      ],
    },
    heading(2, 'Freins identifiés et levés'),
    {
      kind: 'table',
      id: 'freins',
      title: 'Freins identifiés et levés',
      columns: [
        { label: 'Type de frein', align: 'left', weight: 4 },
        { label: 'Identifiés', align: 'right', weight: 1.4 },
        { label: 'Levés', align: 'right', weight: 1.4 },
        { label: 'Taux de levée', align: 'right', weight: 1.4 },
      ],
      rows: barrierRows,
      ...(barriersNotRecorded
        ? {
            note: `Aucune levée de frein n’a été saisie sur la convention : « ${NOT_RECORDED} », et non 0 %.`,
          }
        : {}),
    },

    heading(1, 'Sorties et suivi'),
    paragraph(
      future
        ? 'Taux de sorties positives : —.'
        : `Taux de sorties positives : ${book.share(exitFigures.positiveKey, exitFigures.positive, exitFigures.totalKey, exitFigures.total)} ` +
            `(${p(exitFigures.positiveKey, exitFigures.positive)} sorties positives sur ${p(exitFigures.totalKey, exitFigures.total)} sorties).`,
      'strong',
    ),
    exitFigures.table,
    ...readableChart(
      barsChart(
        'sorties-graphique',
        'Sorties par groupe',
        'Nombre de sorties',
        exitFigures.chartBars,
        'Graphique en barres des sorties par groupe :',
      ),
    ),
    heading(2, 'Situation six mois après la sortie'),
    ...followUpBlocks,

    heading(1, 'Volet 4 — Coordination et partenariats'),
    ...voletNarrative(4),
    paragraph(`${formatNumber(model.coordination.activePartners)} partenaires actifs sur l’année.`),
    {
      kind: 'table',
      id: 'partenaires',
      title: 'Partenaires par type',
      columns: [
        { label: 'Type de partenaire', align: 'left', weight: 5 },
        { label: 'Nombre', align: 'right', weight: 1.6 },
      ],
      rows: model.coordination.partnersByType.map((entry) => ({
        cells: [entry.label, formatNumber(entry.count)],
      })),
    },
    heading(2, 'Instances de coordination'),
    {
      kind: 'table',
      id: 'instances',
      title: 'Instances de coordination',
      columns: [
        { label: 'Instance', align: 'left', weight: 4 },
        { label: 'Réunions tenues', align: 'right', weight: 1.6 },
      ],
      // The log records the meetings the operator attended: a « participations » column
      // would only repeat the meetings held.
      ...(model.coordination.committees.length > 0
        ? { note: 'Réunions tenues dans l’année auxquelles l’organisme a participé.' }
        : {}),
      rows: model.coordination.committees.map((committee) => ({
        cells: [committee.label, formatNumber(committee.held)],
      })),
    },
    ...(model.coordination.meetings && model.coordination.meetings.length > 0
      ? [
          heading(2, 'Réunions, partenaires et décisions'),
          {
            kind: 'table' as const,
            id: 'reunions-coordination',
            title: 'Réunions et actions de coordination de l’année',
            columns: [
              { label: 'Date', align: 'left' as const, weight: 1.3 },
              { label: 'Instance ou action', align: 'left' as const, weight: 2.6 },
              { label: 'Partenaires', align: 'left' as const, weight: 2.6 },
              { label: 'Décisions', align: 'left' as const, weight: 3.5 },
            ],
            rows: model.coordination.meetings.map((meeting) => ({
              cells: [
                formatDate(meeting.date),
                meetingName(meeting.kind, meeting.title),
                meeting.partners.length > 0 ? meeting.partners.join(', ') : '—',
                meeting.decisions.trim() || '—',
              ],
            })),
          },
        ]
      : []),
    heading(2, 'Actions de coordination'),
    {
      kind: 'table',
      id: 'actions-coordination',
      title: 'Actions de coordination',
      columns: [
        { label: 'Action', align: 'left', weight: 5 },
        { label: 'Nombre', align: 'right', weight: 1.6 },
      ],
      rows: model.coordination.actions.map((entry) => ({
        cells: [entry.label, formatNumber(entry.count)],
      })),
    },

    heading(1, 'Profil du public accompagné'),
    paragraph(
      `${profileText.persons} personnes accompagnées sur l’année ; ` +
        `${profileText.qpvShare} résident en QPV, ${profileText.zrrShare} en ZRR.`,
    ),
    heading(2, 'Sexe'),
    profileTables.sex,
    heading(2, 'Âge'),
    profileTables.age,
    heading(2, 'Territoire de résidence'),
    {
      kind: 'table',
      id: 'profil-territoire',
      title: 'Public par territoire de résidence',
      columns: [
        { label: 'Territoire de résidence', align: 'left', weight: 4 },
        { label: 'Effectif', align: 'right', weight: 1.4 },
        { label: 'Part', align: 'right', weight: 1.4 },
      ],
      rows: [
        {
          cells: [
            'Quartier prioritaire de la politique de la ville (QPV)',
            p(`${Y}|qpv`, profile.qpv),
            profileText.qpvShare,
          ],
        },
        {
          cells: [
            'Zone de revitalisation rurale (ZRR)',
            p(`${Y}|zrr`, profile.zrr),
            profileText.zrrShare,
          ],
        },
      ],
    },
    heading(2, 'Motif d’éligibilité'),
    profileTables.eligibility,

    heading(1, 'Difficultés rencontrées'),
    ...narrative(model.narratives.difficulties, 'Aucune difficulté n’a été saisie.'),
    heading(1, 'Perspectives'),
    ...narrative(model.narratives.outlook, 'Aucune perspective n’a été saisie.'),
    heading(1, 'Note méthodologique'),
    paragraph(
      'Les chiffres sont des agrégats calculés à partir des dossiers tenus par l’organisme ; ' +
        'aucune donnée nominative ne figure dans ce rapport. Les parts d’un tableau sont ' +
        'arrondies au pourcent de sorte que leur somme égale le total imprimé (méthode du plus ' +
        'fort reste). Les masques sont décidés ensemble pour tous les documents de la ' +
        'convention (rapports d’activité et bilan final) : un même chiffre est masqué partout.',
    ),
    paragraph(MASK_NOTE(threshold, book.anyWithheld()), 'muted'),
  );

  return {
    title: 'Rapport d’activité annuel',
    subtitle: `${model.convention.title} — ${model.year.label}`,
    header: headerOf(model),
    cover: {
      lines: coverLines(model, [
        ['Année', model.year.label],
        [
          'Période',
          state === 'running' ? `${period} (en cours au ${formatDate(model.generatedOn)})` : period,
        ],
      ]),
    },
    draft: draftOf(model),
    sections: [{ orientation: 'portrait', blocks }],
  };
}
