/**
 * The dashboard's gatherings: the deadline timeline and « À regarder ». Nothing here
 * computes a figure of its own: each warning is read from the very call the screen that
 * raises it uses (budget.vsActual for the gaps, mapping.get for the accounts, people.list
 * for the pathway warnings, privacy.purgePreview, backups.list, fec.history,
 * payments.list, compensation.get, dashboard.get for the targets), so a warning fixed on
 * its screen is gone here at the next read, and the two can never disagree.
 */
import type { CallOutput } from '../../../shared/contract';
import { readsOf, type Topic } from '../../../shared/contract/topics';
import type { WatchItem, WatchLink } from '../../../shared/contract/dashboard';
import { conventionYears, daysBetween } from '../../../shared/domain/conventionYears';
import { deadlines, type DeadlineItem } from '../../../shared/domain/deadlines';
import { paymentKindLabels } from '../../../shared/domain/payments';
import { isProvisional } from '../../../shared/domain/reconciliation';
import { formatDate, formatEuros, formatNumber } from '../../../shared/format';
import type { QueryContext } from '../context';
import type { HandlerGroup } from '../handlerTypes';
import { actualsHandlers } from './actuals';
import { backupHandlers } from './backups';
import { budgetHandlers } from './budget';
import { compensationHandlers, yearLabel } from './compensation';
import { conventionRow } from './lookup';
import { objectiveHandlers } from './objectives';
import { peopleHandlers } from './people';
import { privacyHandlers } from './privacy';
import { cachedQuery, cachedRead } from './readCache';
import { reportHandlers } from './reports';

/**
 * A week: automatic copies are daily (backups.ts rotation keeps 7 daily ones), so a newest
 * copy older than that means copies have stopped being made where they should. Our reading;
 * no text fixes it.
 */
export const BACKUP_MAX_AGE_DAYS = 7;

function plural(count: number, one: string, many: string) {
  return `${formatNumber(count)} ${count > 1 ? many : one}`;
}

const to = (section: string, extra: Partial<WatchLink> = {}): WatchLink => ({
  section,
  budgetPart: null,
  yearIndex: null,
  page: null,
  ...extra,
});

function timeline(
  conventionId: number,
  today: string,
  ctx: QueryContext,
  payments: CallOutput<'payments.list'>,
  compensation: CallOutput<'compensation.get'>,
): DeadlineItem[] {
  const convention = conventionRow(ctx.db, conventionId);
  const years = conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
  const documents = reportHandlers['reports.list']({ conventionId }, ctx);
  const label = (yearIndex: number) => years.find((y) => y.index === yearIndex)?.label ?? '';
  const controls = [...compensation.periods, ...(compensation.final ? [compensation.final] : [])];
  return deadlines({
    today,
    endDate: convention.endDate,
    years,
    documents,
    payments: payments.payments.map((payment) => ({
      id: payment.id,
      yearIndex: payment.yearIndex,
      label: `${paymentKindLabels[payment.kind]} ${label(payment.yearIndex)} — ${formatEuros(payment.expectedCents)}`,
      expectedOn: payment.expectedOn,
      status: payment.status,
      note:
        payment.status === 'partial' && payment.receivedCents !== null
          ? `reçu ${formatEuros(payment.receivedCents)}`
          : null,
    })),
    // A single control over the whole CPO is listed once (periods and final then coincide).
    controls: controls
      .filter(
        (control, index) =>
          controls.findIndex((other) => other.yearIndexes.join() === control.yearIndexes.join()) ===
          index,
      )
      .map((control) => ({
        label: control.label,
        yearIndexes: control.yearIndexes,
        provisional: isProvisional(control.yearIndexes, compensation.years),
      })),
  });
}

/**
 * Three parts, each kept while what its calls read is unchanged (readsOf: the calls' own
 * topics, not the dashboard's « everything »): a person's action recomputes the people's
 * warnings, not the money's; a support saved, the money's, not 10 000 people's. The
 * backups come last and are read each time (copies are files, made without a change to
 * the database).
 */
function watchList(conventionId: number, today: string, ctx: QueryContext): WatchItem[] {
  const part = (name: string, reads: readonly Topic[], build: () => WatchItem[]) =>
    cachedRead(ctx.db, `dashboard.watchList:${name}:${conventionId}:${today}`, build, reads);
  const items = [
    ...part('money', MONEY_READS, () => moneyItems(conventionId, today, ctx)),
    ...part('targets', readsOf('dashboard.get'), () => targetItems(conventionId, today, ctx)),
    ...part('people', readsOf('people.list', 'privacy.purgePreview'), () =>
      peopleItems(conventionId, today, ctx),
    ),
  ];
  const backup = backupItem(today, ctx);
  // The backup item comes last in the order the items are raised: last of its level.
  return byLevel(backup ? [...items, backup] : items);
}

/** What the money part reads: the calls below, and the convention's years. */
const MONEY_READS = readsOf(
  'conventions.get',
  'payments.list',
  'compensation.get',
  'reports.list',
  'fec.history',
  'mapping.get',
  'budget.vsActual',
);

/** Red first; inside a level, the order raised (deadlines, money, people, housekeeping). */
function byLevel(items: readonly WatchItem[]): WatchItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) =>
      a.item.level === b.item.level ? a.index - b.index : a.item.level === 'red' ? -1 : 1,
    )
    .map(({ item }) => item);
}

/** Deadlines passed, payments, the FEC, mapping, gaps and the SIEG control. */
function moneyItems(conventionId: number, today: string, ctx: QueryContext): WatchItem[] {
  const items: WatchItem[] = [];
  const convention = conventionRow(ctx.db, conventionId);
  const years = conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
  const payments = compensationHandlers['payments.list']({ conventionId, today }, ctx);
  const compensation = compensationHandlers['compensation.get']({ conventionId }, ctx);

  // Reports overdue: the timeline's own verdict.
  for (const item of timeline(conventionId, today, ctx, payments, compensation)) {
    if (item.kind !== 'report' || item.state !== 'overdue') continue;
    items.push({
      key: item.key,
      category: 'reports',
      level: 'red',
      text: `${item.label} : échéance du ${formatDate(item.due)} dépassée (${item.note ?? 'aucun document définitif généré'}).`,
      action: 'Préparer le document',
      link: to('rapports'),
    });
  }

  // Payments the State owes: the alerts payments.list writes for the dashboard.
  payments.alerts.forEach((alert, index) =>
    items.push({
      key: `payments-${alert.level}-${index}`,
      category: 'payments',
      level: alert.level === 'late' ? 'red' : 'orange',
      text: alert.text,
      action: 'Voir les versements',
      link: to('compensation'),
    }),
  );

  // Money, year by year: FEC still provisional, unmapped accounts, unexplained gaps.
  const fecImports = actualsHandlers['fec.history']({ conventionId }, ctx);
  for (const year of years) {
    const name = yearLabel(year);
    const active = fecImports.find(
      (row) => row.fiscalYearEnd === year.fiscalYearEnd && row.replacedBy === null,
    );
    if (active?.provisional && year.fiscalYearEnd < today)
      items.push({
        key: `fec-provisional-${year.index}`,
        category: 'fec',
        level: 'orange',
        text: `${name} : le FEC importé date d'avant la clôture du ${formatDate(year.fiscalYearEnd)} ; importez celui de l'exercice clos.`,
        action: 'Importer le FEC définitif',
        link: to('realisations', { yearIndex: year.index }),
      });
    if (!active) continue;
    const toAssign = budgetHandlers['mapping.get'](
      { conventionId, yearIndex: year.index },
      ctx,
    ).accounts.filter((account) => account.toAssign);
    if (toAssign.length > 0)
      items.push({
        key: `mapping-${year.index}`,
        category: 'mapping',
        level: 'red',
        text: `${name} : ${plural(toAssign.length, 'compte sans ligne', 'comptes sans ligne')} du compte rendu financier (${toAssign
          .slice(0, 3)
          .map((account) => account.account)
          .join(', ')}${toAssign.length > 3 ? '…' : ''}).`,
        action: 'Affecter les comptes',
        link: to('budget', { budgetPart: 'correspondance', yearIndex: year.index }),
      });
    const gaps = budgetHandlers['budget.vsActual'](
      { conventionId, yearIndex: year.index, scope: 'sieg' },
      ctx,
    );
    if (gaps.hasActuals && gaps.unexplained > 0)
      items.push({
        key: `gaps-${year.index}`,
        category: 'gaps',
        level: 'orange',
        text: `${name} : ${plural(gaps.unexplained, 'écart significatif non expliqué', 'écarts significatifs non expliqués')} entre prévu et réalisé.`,
        action: 'Expliquer les écarts',
        link: to('budget', { budgetPart: 'prevu-realise', yearIndex: year.index }),
      });
  }

  // The SIEG control: keys and a flat rate the same year block it (unmapped accounts are above).
  for (const yearIndex of compensation.blocked?.keyConflictYears ?? []) {
    const year = years.find((y) => y.index === yearIndex);
    items.push({
      key: `sieg-keys-${yearIndex}`,
      category: 'sieg',
      level: 'red',
      text: `${year ? yearLabel(year) : `Année ${yearIndex}`} : clés de répartition et taux forfaitaire la même année, le contrôle SIEG est bloqué.`,
      action: 'Choisir la répartition',
      link: to('budget', { budgetPart: 'sieg', yearIndex }),
    });
  }
  if (compensation.totalDue > 0)
    items.push({
      key: 'sieg-due',
      category: 'sieg',
      level: 'red',
      text: `Surcompensation à reverser : ${formatEuros(compensation.totalDue)}.`,
      action: 'Voir le contrôle',
      link: to('compensation'),
    });

  return items;
}

/** Targets: the counts the year cards showed (dashboard.get), for years not yet closed. */
function targetItems(conventionId: number, today: string, ctx: QueryContext): WatchItem[] {
  const items: WatchItem[] = [];
  const dashboard = objectiveHandlers['dashboard.get']({ conventionId, today }, ctx);
  for (const year of dashboard.years) {
    if (year.status === 'closed' || year.targetsSet >= year.indicatorsActive) continue;
    items.push({
      key: `targets-${year.index}`,
      category: 'targets',
      level: 'orange',
      text: `Année ${year.index} (${year.label}) : ${plural(year.indicatorsActive - year.targetsSet, 'indicateur sans cible', 'indicateurs sans cible')}.`,
      action: 'Fixer les cibles',
      link: to('objectifs'),
    });
  }

  return items;
}

/** People: the warnings the people list shows, counted per kind; records to purge. */
function peopleItems(conventionId: number, today: string, ctx: QueryContext): WatchItem[] {
  const items: WatchItem[] = [];
  const counts = new Map<string, number>();
  for (const person of peopleHandlers['people.list']({ conventionId, today }, ctx))
    for (const code of person.warnings) counts.set(code, (counts.get(code) ?? 0) + 1);
  const people = [
    [
      'eligibility_not_shown',
      'eligibility',
      'personne dont l’éligibilité n’est pas démontrée',
      'personnes dont l’éligibilité n’est pas démontrée',
      'Compléter l’éligibilité',
    ],
    [
      'over_12_months',
      'pathways',
      'accompagnement de plus de 12 mois',
      'accompagnements de plus de 12 mois',
      'Clore ou expliquer',
    ],
    [
      'over_9_months',
      'pathways',
      'accompagnement de plus de 9 mois sans extension',
      'accompagnements de plus de 9 mois sans extension',
      'Enregistrer l’extension',
    ],
    [
      'followup_missing',
      'followUps',
      'suivi à 6 mois à faire',
      'suivis à 6 mois à faire',
      'Saisir les suivis',
    ],
  ] as const;
  for (const [code, category, one, many, action] of people) {
    const count = counts.get(code) ?? 0;
    if (count === 0) continue;
    items.push({
      key: `people-${code}`,
      category,
      level: code === 'over_12_months' ? 'red' : 'orange',
      text: `${plural(count, one, many)}.`,
      action,
      link: to('personnes'),
    });
  }

  // Privacy: records past their retention period.
  const purge = privacyHandlers['privacy.purgePreview']({ conventionId, today }, ctx);
  if (purge.count > 0)
    items.push({
      key: 'purge',
      category: 'purge',
      level: 'orange',
      text: `${plural(purge.count, 'dossier a dépassé', 'dossiers ont dépassé')} la durée de conservation (sorties jusqu’au ${formatDate(purge.cutoff)}) : à anonymiser.`,
      action: 'Lancer la purge',
      link: to('donnees-personnelles'),
    });

  return items;
}

/** Backups: the newest copy the backup page lists, read afresh (files, not the database). */
function backupItem(today: string, ctx: QueryContext): WatchItem | null {
  const newest = backupHandlers['backups.list']({}, ctx).copies[0];
  const age = newest ? daysBetween(newest.createdAt.slice(0, 10), today) : null;
  if (age === null || age > BACKUP_MAX_AGE_DAYS)
    return {
      key: 'backup',
      category: 'backup',
      level: 'orange',
      text:
        age === null
          ? 'Aucune copie de sauvegarde.'
          : `Dernière sauvegarde le ${formatDate(newest!.createdAt.slice(0, 10))}, il y a ${plural(age, 'jour', 'jours')}.`,
      action: 'Faire une sauvegarde',
      link: to('', { page: 'sauvegardes' }),
    };
  return null;
}

export const watchListHandlers = {
  'dashboard.deadlines'({ conventionId, today }, ctx) {
    return cachedQuery(ctx.db, 'dashboard.deadlines', `${conventionId}:${today}`, () => {
      const payments = compensationHandlers['payments.list']({ conventionId, today }, ctx);
      const compensation = compensationHandlers['compensation.get']({ conventionId }, ctx);
      return timeline(conventionId, today, ctx, payments, compensation);
    });
  },
  'dashboard.watchList'({ conventionId, today }, ctx) {
    return watchList(conventionId, today, ctx);
  },
} satisfies HandlerGroup<'dashboard.deadlines' | 'dashboard.watchList'>;
