/** The annual activity report (bilan annuel d'activités) as report content. */
import { DAYS_PER_MONTH } from '../../../shared/domain/indicators';
import { maskCount } from '../../../shared/domain/smallCells';
import { formatDate, formatNumber, formatPercent } from '../../../shared/format';
import type { Block, ChartBlock, ReportContent, TableBlock } from './content';
import { heading, narrative, paragraph } from './content';
import { conventionBlocks, coverLines, draftOf, headerOf } from './commonContent';
import {
  MASK_NOTE,
  achievement,
  indicatorCells,
  maskedCategories,
  people,
  share,
  thresholdOf,
} from './figures';
import type { ActivityReportModel, CategoryCount } from './model';

/** A category table with its total, masked with secondary masking. */
export function categoryTable(
  id: string,
  title: string,
  categoryLabel: string,
  counts: readonly CategoryCount[],
  threshold: number,
  totalLabel = 'Total',
): TableBlock {
  const rows = maskedCategories(counts, threshold);
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const masked = rows.some((row) => row.masked);
  return {
    kind: 'table',
    id,
    title,
    ...(masked ? { note: MASK_NOTE(threshold) } : {}),
    columns: [
      { label: categoryLabel, align: 'left', weight: 4 },
      { label: 'Effectif', align: 'right', weight: 1.4 },
      { label: 'Part', align: 'right', weight: 1.4 },
    ],
    rows: [
      ...rows.map((row) => ({
        cells: [row.label, row.text, row.masked ? '—' : share(row.count, total, threshold)],
      })),
      {
        cells: [totalLabel, people(total, threshold), total > 0 ? formatPercent(1) : '—'],
        emphasis: 'total',
      },
    ],
  };
}

function barsChart(
  id: string,
  title: string,
  valueTitle: string,
  entries: readonly CategoryCount[],
  threshold: number,
  altIntro: string,
): ChartBlock {
  const bars = entries.map((entry) => {
    const cell = maskCount(entry.count, threshold);
    return { label: entry.label, value: cell.masked ? null : entry.count, text: cell.text };
  });
  return {
    kind: 'chart',
    id,
    title,
    altText: `${altIntro} ${bars.map((bar) => `${bar.label} : ${bar.text}`).join(' ; ')}.`,
    spec: { type: 'bars', valueTitle, bars },
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
      `${chart.title} : graphique non présenté, la plupart des effectifs sont sous le seuil du secret statistique.`,
      'muted',
    ),
  ];
}

export function buildActivityContent(model: ActivityReportModel): ReportContent {
  const threshold = thresholdOf(model);
  const p = (value: number) => people(value, threshold);
  const { outreach, accompaniment, exits } = model;
  const period = `du ${formatDate(model.year.startDate)} au ${formatDate(model.year.endDate)}`;
  const exitTotal = exits.byType.reduce((sum, entry) => sum + entry.count, 0);
  const positiveExits = exits.byType
    .filter((entry) => entry.positive)
    .reduce((sum, entry) => sum + entry.count, 0);

  const indicatorTable: TableBlock = {
    kind: 'table',
    id: 'indicateurs',
    title: 'Indicateurs : réalisé et cible de l’année',
    columns: [
      { label: 'Indicateur', align: 'left', weight: 5 },
      { label: 'Réalisé', align: 'right', weight: 1.6 },
      { label: 'Cible', align: 'right', weight: 1.6 },
      { label: 'Taux de réalisation', align: 'right', weight: 1.6 },
    ],
    rows: model.indicators.map((indicator) => ({ cells: indicatorCells(indicator, threshold) })),
  };

  // Only indicators with a target and a figure that can be shown go in the chart.
  const targetItems = model.indicators.flatMap((indicator) => {
    const cells = indicatorCells(indicator, threshold);
    const ratio = cells[3] === '—' ? null : achievement(indicator.realised, indicator.target);
    return ratio === null ? [] : [{ label: indicator.label, realisedPercent: ratio * 100 }];
  });

  const funnel = barsChart(
    'entonnoir',
    'Du repérage à la sortie',
    'Nombre',
    [
      { label: 'Contacts de repérage', count: outreach.totalContacts },
      { label: 'Personnes repérées', count: outreach.personsIdentified },
      { label: 'Personnes remobilisées', count: model.remobilisation.persons },
      { label: 'Entrées en accompagnement', count: accompaniment.entries },
      { label: 'Sorties', count: exitTotal },
      { label: 'Sorties positives', count: positiveExits },
    ],
    threshold,
    'Graphique en barres du parcours sur l’année :',
  );

  const blocks: Block[] = [
    ...conventionBlocks(model, 'Année du rapport', `${model.year.label}, ${period}`),
    heading(1, 'Faits marquants de l’année'),
    ...narrative(model.narratives.highlights, 'Aucun fait marquant n’a été saisi.'),

    heading(1, 'Objectifs et indicateurs'),
    paragraph(
      'Les cibles sont celles de la convention et de ses avenants en vigueur pour l’année. ' +
        'Le taux de réalisation rapporte le réalisé à la cible.',
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
      note: 'La ligne rouge pointillée marque la cible (100\u00a0%).',
    });
  }

  blocks.push(
    heading(1, 'Volet 1 — Repérage'),
    paragraph(
      `${formatNumber(outreach.totalContacts)} contacts ont été établis en démarche d’aller vers ` +
        `(contacts anonymes compris) ; ${p(outreach.personsIdentified)} personnes ont été repérées.`,
    ),
    funnel,
    heading(2, 'Contacts par canal'),
    categoryTable('contacts-canal', 'Contacts par canal', 'Canal', outreach.byChannel, threshold),
    heading(2, 'Contacts par lieu'),
    categoryTable('contacts-lieu', 'Contacts par lieu', 'Lieu', outreach.byPlace, threshold),

    heading(1, 'Volet 2 — Remobilisation'),
    {
      kind: 'table',
      id: 'remobilisation',
      title: 'Remobilisation',
      columns: [
        { label: 'Remobilisation', align: 'left', weight: 5 },
        { label: 'Nombre', align: 'right', weight: 1.6 },
      ],
      rows: [
        { cells: ['Personnes en remobilisation', p(model.remobilisation.persons)] },
        {
          cells: ['Séances collectives', formatNumber(model.remobilisation.collectiveSessions)],
        },
        {
          cells: ['Entretiens individuels', formatNumber(model.remobilisation.individualSessions)],
        },
      ],
    },

    heading(1, 'Volet 3 — Accompagnement socio-professionnel'),
    {
      kind: 'table',
      id: 'accompagnement',
      title: 'Accompagnement',
      columns: [
        { label: 'Accompagnement', align: 'left', weight: 5 },
        { label: 'Valeur', align: 'right', weight: 1.6 },
      ],
      rows: [
        { cells: ['Entrées en accompagnement', p(accompaniment.entries)] },
        {
          cells: [
            `Personnes accompagnées au ${formatDate(model.year.endDate)}`,
            p(accompaniment.activeAtYearEnd),
          ],
        },
        {
          cells: [
            'Durée moyenne d’accompagnement',
            accompaniment.averageLengthDays === null
              ? '—'
              : `${formatNumber(accompaniment.averageLengthDays)} jours (${formatNumber(
                  Math.round((accompaniment.averageLengthDays / DAYS_PER_MONTH) * 10) / 10,
                  { decimals: true },
                )} mois)`,
          ],
        },
        { cells: ['Accompagnements de plus de 9 mois', p(accompaniment.over9Months)] },
        { cells: ['Prolongations accordées', p(accompaniment.extensions)] },
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
      rows: model.barriers.map((barrier) => ({
        cells: [
          barrier.label,
          p(barrier.identified),
          p(barrier.lifted),
          share(barrier.lifted, barrier.identified, threshold),
        ],
      })),
    },

    heading(1, 'Sorties et suivi'),
    paragraph(
      `Taux de sorties positives : ${share(positiveExits, exitTotal, threshold)} ` +
        `(${p(positiveExits)} sorties positives sur ${p(exitTotal)} sorties).`,
      'strong',
    ),
    categoryTable(
      'sorties',
      'Sorties par type',
      'Type de sortie',
      exits.byType.map((entry) => ({
        label: entry.positive ? `${entry.label} (positive)` : entry.label,
        count: entry.count,
      })),
      threshold,
    ),
    ...readableChart(
      barsChart(
        'sorties-graphique',
        'Sorties par type',
        'Nombre de sorties',
        exits.byType,
        threshold,
        'Graphique en barres des sorties par type :',
      ),
    ),
    heading(2, 'Situation six mois après la sortie'),
    ...(exits.followUp6m.some((entry) => entry.count > 0)
      ? [
          categoryTable(
            'suivi-6-mois',
            'Situation à six mois',
            'Situation',
            exits.followUp6m,
            threshold,
          ),
        ]
      : [
          paragraph(
            'Aucune situation à six mois n’est encore connue pour les personnes sorties dans l’année.',
          ),
        ]),

    heading(1, 'Volet 4 — Coordination et partenariats'),
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
        { label: 'Participations', align: 'right', weight: 1.6 },
      ],
      rows: model.coordination.committees.map((committee) => ({
        cells: [committee.label, formatNumber(committee.held), formatNumber(committee.attended)],
      })),
    },
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
      `${p(model.profile.persons)} personnes accompagnées sur l’année ; ` +
        `${share(model.profile.qpv, model.profile.persons, threshold)} résident en QPV, ` +
        `${share(model.profile.zrr, model.profile.persons, threshold)} en ZRR.`,
    ),
    heading(2, 'Sexe'),
    categoryTable('profil-sexe', 'Public par sexe', 'Sexe', model.profile.sex, threshold),
    heading(2, 'Âge'),
    categoryTable(
      'profil-age',
      'Public par tranche d’âge',
      'Tranche d’âge',
      model.profile.ageBands,
      threshold,
    ),
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
            p(model.profile.qpv),
            share(model.profile.qpv, model.profile.persons, threshold),
          ],
        },
        {
          cells: [
            'Zone de revitalisation rurale (ZRR)',
            p(model.profile.zrr),
            share(model.profile.zrr, model.profile.persons, threshold),
          ],
        },
      ],
    },
    heading(2, 'Motif d’éligibilité'),
    categoryTable(
      'profil-eligibilite',
      'Public par motif d’éligibilité',
      'Motif d’éligibilité',
      model.profile.eligibility,
      threshold,
    ),

    heading(1, 'Difficultés rencontrées'),
    ...narrative(model.narratives.difficulties, 'Aucune difficulté n’a été saisie.'),
    heading(1, 'Perspectives'),
    ...narrative(model.narratives.outlook, 'Aucune perspective n’a été saisie.'),
    heading(1, 'Note méthodologique'),
    paragraph(
      'Les chiffres sont des agrégats calculés à partir des dossiers tenus par l’organisme ; ' +
        'aucune donnée nominative ne figure dans ce rapport.',
    ),
    paragraph(MASK_NOTE(threshold), 'muted'),
  );

  return {
    title: 'Rapport d’activité annuel',
    subtitle: `${model.convention.title} — ${model.year.label}`,
    header: headerOf(model),
    cover: {
      lines: coverLines(model, [
        ['Année', model.year.label],
        ['Période', period],
      ]),
    },
    draft: draftOf(model),
    sections: [{ orientation: 'portrait', blocks }],
  };
}
