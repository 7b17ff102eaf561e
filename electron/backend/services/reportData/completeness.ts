/**
 * What a document would print empty, blank or unchecked, before it is generated. Each item
 * says what is missing in French and where it is fixed (a tab of the convention, a year, a
 * section), so the « Rapports » tab can send the user there. Any item blocks a final
 * document: the service then refuses, unless a draft marked « PROJET » is asked for.
 *
 * The date of the check is a parameter (the caller passes its context clock): nothing here
 * reads the system clock, so a test at a fixed date sees the same items every time.
 */
import { and, eq, isNotNull, isNull, max } from 'drizzle-orm';
import { addMonths } from 'date-fns';
import { fromIso, toIso } from '../../../../shared/domain/conventionYears';
import { computedIndicatorCodes } from '../../../../shared/domain/indicators';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import {
  narrativeSections,
  type CheckItem,
  type CheckLink,
  type ConventionTab,
  type ReportKind,
} from '../../../../shared/contract/reports';
import { forecastBalance, forecastBalanceWarning } from '../../../../shared/domain/cerfa';
import type { QueryContext } from '../../context';
import type { Db } from '../../db/open';
import { fecImports, ledgerLines, pathways, persons } from '../../db/schema';
import { siegCostsOf } from '../allocation';
import { budgetHandlers } from '../budget';
import type { ActivityFigures } from './activityModel';
import { cerfaFigures, yearInfo } from './financialModel';

function link(tab: ConventionTab, year: number | null = null, section: string | null = null) {
  return { tab, year, section } satisfies CheckLink;
}

function item(code: string, message: string, where: CheckLink): CheckItem {
  return { code, message, link: where };
}

const plural = (count: number, one: string, many: string) => (count > 1 ? many : one);

/** One item per narrative section of the document left empty. */
export function narrativeItems(
  kind: ReportKind,
  narratives: Readonly<Record<string, string>>,
  yearIndex: number | null,
): CheckItem[] {
  return Object.entries(narrativeSections[kind] as Record<string, string>)
    .filter(([section]) => !narratives[section]?.trim())
    .map(([section, label]) =>
      item(
        'narrative_empty',
        `Partie rédigée vide : « ${label} ».`,
        link('rapports', yearIndex, section),
      ),
    );
}

/** The operator's address, printed on every cover. */
export function addressItems(convention: ConventionDetail): CheckItem[] {
  const { operator } = convention;
  const blank = [
    ['adresse', operator.address],
    ['code postal', operator.postalCode],
    ['commune', operator.city],
  ].filter(([, value]) => !value?.trim());
  if (blank.length === 0) return [];
  return [
    item(
      'operator_address_missing',
      `Adresse de l’organisme incomplète (${blank.map(([name]) => name).join(', ')}) : la couverture l’imprime (onglet Identité).`,
      link('identite', null, 'organisme'),
    ),
  ];
}

/** The attestation « Je soussigné(e) …, Fait à …, le … » of the legal representative. */
export function attestationItems(convention: ConventionDetail): CheckItem[] {
  const { operator } = convention;
  const items: CheckItem[] = [];
  if (!operator.representativeName.trim())
    items.push(
      item(
        'signatory_name_missing',
        'Nom du représentant légal manquant pour l’attestation (onglet Identité).',
        link('identite', null, 'representant'),
      ),
    );
  if (!operator.representativeRole.trim())
    items.push(
      item(
        'signatory_role_missing',
        'Qualité du représentant légal manquante pour l’attestation (onglet Identité).',
        link('identite', null, 'representant'),
      ),
    );
  if (!operator.city.trim())
    items.push(
      item(
        'attestation_place_missing',
        'Lieu de signature de l’attestation manquant : « Fait à … » reprend la commune de l’organisme (onglet Identité).',
        link('identite', null, 'organisme'),
      ),
    );
  return items;
}

/** Exits whose six-month follow-up fell in [from, to] (and on or before today), unrecorded. */
function followUpsDue(db: Db, conventionId: number, from: string, to: string): number {
  const exits = db
    .select({ exitDate: pathways.exitDate })
    .from(pathways)
    .innerJoin(persons, eq(persons.id, pathways.personId))
    .where(
      and(
        eq(persons.conventionId, conventionId),
        isNotNull(pathways.exitDate),
        isNull(pathways.followUpSituation),
      ),
    )
    .all();
  return exits.filter(({ exitDate }) => {
    const due = toIso(addMonths(fromIso(exitDate!), 6));
    return due >= from && due <= to;
  }).length;
}

/** Volets with their activity in the year, as the activity report prints it. */
const voletTabs: Record<number, ConventionTab> = {
  1: 'reperage',
  2: 'personnes',
  3: 'personnes',
  4: 'coordination',
};

function voletActivity(figures: ActivityFigures, volet: number): number {
  const sum = (list: readonly { count: number }[]) => list.reduce((s, c) => s + c.count, 0);
  switch (volet) {
    case 1:
      return figures.outreach.totalContacts + figures.outreach.personsIdentified;
    case 2:
      return (
        figures.remobilisation.persons +
        figures.remobilisation.collectiveSessions +
        figures.remobilisation.individualSessions
      );
    case 3:
      return figures.accompaniment.entries + figures.accompaniment.activeAtYearEnd;
    case 4:
      return (
        figures.coordination.activePartners +
        figures.coordination.committees.reduce((s, c) => s + c.held, 0) +
        sum(figures.coordination.actions)
      );
    default:
      return 0;
  }
}

/** What the rapport d'activité of `yearIndex` would print incomplete. */
export function activityCompleteness(input: {
  db: Db;
  convention: ConventionDetail;
  yearIndex: number;
  today: string;
  figures: ActivityFigures;
  narratives: Readonly<Record<string, string>>;
}): CheckItem[] {
  const { db, convention, yearIndex, today, figures, narratives } = input;
  const year = convention.years.find((y) => y.index === yearIndex);
  const items: CheckItem[] = [...narrativeItems('activity', narratives, yearIndex)];

  const noTarget = figures.indicators.filter((indicator) => indicator.target === null);
  if (noTarget.length > 0)
    items.push(
      item(
        'targets_missing',
        noTarget.length === figures.indicators.length
          ? `Aucune cible saisie pour l’année ${yearIndex} (${noTarget.length} ${plural(noTarget.length, 'indicateur', 'indicateurs')}) : la colonne « Cible » serait vide.`
          : `${noTarget.length} ${plural(noTarget.length, 'indicateur', 'indicateurs')} sans cible pour l’année ${yearIndex} : ${noTarget.map((i) => `« ${i.label} »`).join(', ')}.`,
        link('objectifs', yearIndex),
      ),
    );
  // A value no record gives (a cost per person…) must be typed before the report. A
  // computed share with nobody to count (no person yet) is « — », not a gap to fill.
  const computed = new Set<string>(computedIndicatorCodes);
  for (const indicator of figures.indicators.filter(
    (i) => i.realised === null && !computed.has(i.code),
  ))
    items.push(
      item(
        'indicator_value_missing',
        `Indicateur sans valeur pour l’année (à saisir dans « Objectifs par année ») : « ${indicator.label} ».`,
        link('objectifs', yearIndex),
      ),
    );

  // A covered volet with nothing recorded is either a gap in the records or a fact the
  // report must explain: one of the two is needed.
  for (const volet of convention.volets.filter((v) => v.covered)) {
    const explained = Boolean(narratives[`volet${volet.number}`]?.trim());
    if (voletActivity(figures, volet.number) === 0 && !explained)
      items.push(
        item(
          'volet_without_activity',
          `Volet ${volet.number} (${volet.label}) couvert par la convention : aucune activité enregistrée pour l’année et aucun commentaire.`,
          link(voletTabs[volet.number] ?? 'personnes', yearIndex),
        ),
      );
  }

  if (year) {
    const due = followUpsDue(db, convention.id, year.start, year.end < today ? year.end : today);
    if (due > 0)
      items.push(
        item(
          'follow_ups_due',
          `${due} ${plural(due, 'suivi', 'suivis')} à 6 mois ${plural(due, 'échu', 'échus')} et non ${plural(due, 'renseigné', 'renseignés')} (sortie + 6 mois passée).`,
          link('personnes', yearIndex, 'suivi'),
        ),
      );
  }
  items.push(...addressItems(convention));
  return items;
}

/** The year's FEC: missing, dated past today, or of a year not closed yet (provisional). */
function fecItems(db: Db, convention: ConventionDetail, yearIndex: number, today: string) {
  const year = convention.years.find((y) => y.index === yearIndex);
  if (!year) return [];
  const label = yearInfo(convention, yearIndex).label;
  const active = db
    .select({ id: fecImports.id, fiscalYearEnd: fecImports.fiscalYearEnd })
    .from(fecImports)
    .where(
      and(
        eq(fecImports.conventionId, convention.id),
        eq(fecImports.fiscalYearEnd, year.fiscalYearEnd),
        isNull(fecImports.replacedBy),
      ),
    )
    .get();
  const where = link('realisations', yearIndex);
  if (!active)
    return [
      item(
        'fec_missing',
        `Aucun FEC importé pour l’exercice de l’${label.toLowerCase()} : pas de réalisé.`,
        where,
      ),
    ];
  const items: CheckItem[] = [];
  const latest = db
    .select({ date: max(ledgerLines.date) })
    .from(ledgerLines)
    .where(eq(ledgerLines.importId, active.id))
    .get()?.date;
  if (latest && latest > today)
    items.push(
      item(
        'fec_future_entries',
        `Le FEC de l’exercice contient des écritures datées après aujourd’hui (jusqu’au ${latest.split('-').reverse().join('/')}) : vérifiez le fichier importé.`,
        where,
      ),
    );
  if (active.fiscalYearEnd >= today)
    items.push(
      item(
        'fiscal_year_open',
        `L’exercice clos le ${active.fiscalYearEnd.split('-').reverse().join('/')} n’est pas terminé : le réalisé est provisoire.`,
        where,
      ),
    );
  return items;
}

/** What the compte rendu financier of a year would print incomplete. */
export function financialCompleteness(
  ctx: QueryContext,
  convention: ConventionDetail,
  yearIndex: number,
  today: string,
): CheckItem[] {
  const conventionId = convention.id;
  const items: CheckItem[] = [...fecItems(ctx.db, convention, yearIndex, today)];
  const { operator, sieg } = cerfaFigures(ctx, conventionId, yearIndex);
  const toAssign = budgetHandlers['mapping.get']({ conventionId, yearIndex }, ctx).accounts.filter(
    (account) => account.toAssign,
  ).length;
  if (toAssign > 0)
    items.push(
      item(
        'accounts_unmapped',
        `${toAssign} ${plural(toAssign, 'compte', 'comptes')} du FEC sans ligne du compte rendu (correspondance des comptes).`,
        link('budget', yearIndex, 'correspondance'),
      ),
    );
  if (sieg.unexplained > 0)
    items.push(
      item(
        'gaps_unexplained',
        `${sieg.unexplained} ${plural(sieg.unexplained, 'écart significatif', 'écarts significatifs')} de l’action sans explication (Prévu / réalisé, activité SIEG seule).`,
        link('budget', yearIndex, 'ecarts'),
      ),
    );
  const balance = forecastBalance(
    Object.fromEntries(operator.rows.map((row) => [row.row, row.forecastCents])),
  );
  if (balance.empty)
    items.push(
      item(
        'budget_missing',
        'Aucun budget prévisionnel pour l’année.',
        link('budget', yearIndex, 'previsionnel'),
      ),
    );
  else {
    // The CERFA forecast is presented in balance (the budget screen's rule, engineer-shared).
    const warning = forecastBalanceWarning(balance);
    if (warning)
      items.push(item('forecast_unbalanced', warning, link('budget', yearIndex, 'previsionnel')));
  }
  if (siegCostsOf(ctx.db, conventionId, yearIndex).unallocatedGeneral > 0)
    items.push(
      item(
        'general_costs_without_key',
        'Des frais généraux n’ont pas de clé de répartition (Répartition SIEG).',
        link('budget', yearIndex, 'repartition'),
      ),
    );
  return items;
}

/** Whether the items make the document's figures provisional (not only incomplete). */
export function isProvisional(items: readonly CheckItem[]): boolean {
  return items.some(
    (entry) => entry.code === 'fiscal_year_open' || entry.code === 'fec_future_entries',
  );
}
