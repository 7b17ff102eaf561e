/**
 * What each call reads (a query) or changes (a mutation), in a few topics. After a change
 * the screens refetch only the queries that read a topic it touched, and only those on
 * screen: generating a document refetches the archive list and the history, not the
 * indicators, the budget and the people list.
 *
 * One table for every call, checked by the type checker: a new call must say here what
 * it reads or touches. When unsure, list more topics — a refetch too many costs a few
 * milliseconds, a figure left stale on screen costs trust. Every mutation also touches
 * `audit` (each one is logged), without saying so below.
 */
import type { Channel } from './index';

export const topics = [
  /** The convention itself: identity, terms, volets, avenants, retention, small-cell threshold. */
  'conventions',
  /** Indicator definitions, targets, manual values. */
  'objectives',
  /** People, pathways, barriers, actions. */
  'people',
  'outreach',
  /** Coordination events and partners. */
  'coordination',
  /** FEC, budget, account mapping, analytic codes and rules, allocation keys, gap notes. */
  'finance',
  /** SIEG scope and parameters, payments, supports, de minimis aids. */
  'compensation',
  /** The texts typed for the documents. */
  'narratives',
  /** The archive of generated documents. */
  'reports',
  /** Who is using the app. */
  'session',
  'backups',
  /** The history: every mutation writes to it. */
  'audit',
] as const;
export type Topic = (typeof topics)[number];

/** Everything a user can see change: for summaries (dashboard, documents) and wholesale changes. */
const everything: readonly Topic[] = topics.filter(
  (topic) => topic !== 'backups' && topic !== 'audit',
);
/** What the figures of a convention are computed from. */
const figures: readonly Topic[] = [
  'conventions',
  'objectives',
  'people',
  'outreach',
  'coordination',
];
const money: readonly Topic[] = ['conventions', 'finance', 'compensation'];
/**
 * The dashboard's timeline: the years and the CPO's end (conventions), the documents made
 * (reports), the payments and the SIEG control (money). No person in it.
 */
const deadlines: readonly Topic[] = [...money, 'reports'];

export const callTopics: { readonly [C in Channel]: readonly Topic[] } = {
  // Queries: what they read.
  'app.info': ['session'],
  'audit.list': ['audit'],
  'avenants.list': ['conventions'],
  'terms.inForce': ['conventions', 'objectives'],
  'conventions.list': ['conventions'],
  'conventions.get': ['conventions'],
  'conventions.previewImport': ['conventions'],
  // The year cards: years, targets and contributions in force (the terms read the budget too).
  'dashboard.get': ['conventions', 'objectives', 'finance'],
  'dashboard.deadlines': deadlines,
  'dashboard.watchList': everything,
  'dora.export': everything,
  'indicators.list': ['objectives'],
  'indicators.realised': figures,
  'indicators.drilldown': figures,
  'people.list': ['people'],
  'people.page': ['people'],
  'people.get': ['people', 'conventions'],
  'people.importPreview': ['people'],
  'followUps.importPreview': ['people'],
  'barriers.importPreview': ['people'],
  'outreach.list': ['outreach'],
  'outreach.importPreview': ['outreach'],
  'partners.list': ['coordination'],
  'coordination.list': ['coordination'],
  'coordination.importPreview': ['coordination'],
  'privacy.purgePreview': ['people', 'conventions'],
  'privacy.register': ['people', 'conventions'],
  'fec.preview': ['finance'],
  'fec.history': ['finance'],
  'fec.accountLines': ['finance'],
  'budget.get': ['conventions', 'finance'],
  'budget.vsActual': money,
  'mapping.get': ['finance'],
  'analytic.get': ['finance'],
  'keys.list': ['finance'],
  'siegCosts.get': money,
  'siegScope.get': ['compensation'],
  // Costs, revenue, supports, keys, parameters, payments made: no person is counted in it.
  'compensation.get': money,
  'payments.list': ['conventions', 'compensation'],
  'deMinimis.get': ['conventions', 'compensation'],
  'narratives.get': ['narratives'],
  // What a document would say: everything but the archive of documents already made.
  'reports.check': everything.filter((topic) => topic !== 'reports'),
  'reports.list': ['reports'],
  'reports.file': ['reports'],
  'reports.tables': ['reports'],
  'backups.status': ['backups'],
  'backups.list': ['backups'],
  // Backups run as queries (outside a transaction) but are called as actions.
  'backups.create': ['backups'],
  'backups.setFolder': ['backups'],
  'backups.setPassphrase': ['backups'],
  'backups.restore': [...everything, 'backups', 'audit'],

  // Mutations: what they change.
  'session.setUser': ['session'],
  'accounts.list': ['session'],
  'accounts.create': ['session'],
  'accounts.resetPassword': ['session'],
  'accounts.disable': ['session'],
  'conventions.create': everything,
  'conventions.update': ['conventions', 'objectives'],
  'conventions.delete': everything,
  'conventions.exportFile': [],
  'conventions.importFile': everything,
  'demo.remove': everything,
  'demo.restore': everything,
  'avenants.create': ['conventions', 'objectives'],
  'indicators.save': ['objectives'],
  'indicators.setManual': ['objectives'],
  'targets.set': ['objectives'],
  'people.create': ['people'],
  'people.update': ['people'],
  'people.importCommit': ['people'],
  'followUps.importCommit': ['people'],
  'barriers.importCommit': ['people'],
  'pathways.update': ['people'],
  'barriers.add': ['people'],
  'barriers.update': ['people'],
  'barriers.delete': ['people'],
  'actions.add': ['people'],
  'actions.delete': ['people'],
  'outreach.add': ['outreach'],
  'outreach.delete': ['outreach'],
  'outreach.importCommit': ['outreach'],
  'outreach.toPerson': ['outreach', 'people'],
  'partners.save': ['coordination'],
  'partners.delete': ['coordination'],
  'coordination.add': ['coordination'],
  'coordination.update': ['coordination'],
  'coordination.delete': ['coordination'],
  'coordination.importCommit': ['coordination'],
  'privacy.updateSettings': ['conventions'],
  'privacy.purge': ['people'],
  'privacy.erasePerson': ['people'],
  // An export is logged, nothing else changes.
  'privacy.exportPerson': [],
  'fec.import': ['finance'],
  'budget.set': ['finance'],
  'budget.copyYear': ['finance'],
  'budget.explainGap': ['finance'],
  'budget.setThreshold': ['finance'],
  'mapping.set': ['finance'],
  'mapping.setMany': ['finance'],
  'analytic.applyRules': ['finance'],
  'analytic.setCode': ['finance'],
  'analytic.saveRule': ['finance'],
  'analytic.deleteRule': ['finance'],
  'keys.save': ['finance'],
  'keys.delete': ['finance'],
  'keys.copyPrevious': ['finance'],
  'siegScope.set': ['compensation'],
  'compensation.amendParameters': ['compensation', 'conventions'],
  'payments.save': ['compensation'],
  'payments.delete': ['compensation'],
  'supports.save': ['compensation'],
  'supports.delete': ['compensation'],
  'deMinimis.saveAid': ['compensation'],
  'deMinimis.deleteAid': ['compensation'],
  'narratives.set': ['narratives'],
  'reports.generate': ['reports'],
};

/**
 * The topics a change touches, from the channel that made it. A name that is no call of
 * the contract (the backend restarted, a future server's own change) touches everything.
 */
export function touchedBy(channel: string): readonly Topic[] {
  const own = Object.prototype.hasOwnProperty.call(callTopics, channel)
    ? callTopics[channel as Channel]
    : null;
  return own ? [...own, 'audit'] : topics;
}

/**
 * What a value gathered from several calls reads: every topic one of them reads (but who is
 * using the app: no kept value depends on it).
 */
export function readsOf(...channels: readonly Channel[]): readonly Topic[] {
  return topics.filter(
    (topic) =>
      topic !== 'session' && channels.some((channel) => callTopics[channel].includes(topic)),
  );
}

/** Whether a query of `channel` must be refetched after a change touching `touched`. */
export function readsAny(channel: string, touched: readonly Topic[]): boolean {
  const reads = Object.prototype.hasOwnProperty.call(callTopics, channel)
    ? callTopics[channel as Channel]
    : topics;
  return reads.some((topic) => touched.includes(topic));
}
