/**
 * Who may make each call in the team mode. Every call of the contract names here, once, the
 * roles allowed to make it; the backend refuses any other (a French 403, whatever the page
 * shows) and the page uses `allowed` to hide what the role cannot do. The type checker makes
 * a new call say who may make it: `callRoles` is a record over every channel.
 *
 * The local mode (one person on one computer) has no role: the backend is called without an
 * actor and everything is allowed, as before.
 *
 * A person's identity (names, phone, e-mail: `identityInput` in people.ts) is seen only by
 * direction and accompagnement. The pseudonymous file number, sex, birth year and commune
 * are not identity: every role reads them (lists, indicators, documents).
 */
import type { CallParsedInput, Channel } from './index';
import { narrativeSections, type ReportKind } from './reports';

export const roles = ['direction', 'finance', 'accompagnement', 'lecture'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: { readonly [R in Role]: string } = {
  direction: 'Direction',
  finance: 'Finances',
  accompagnement: 'Accompagnement',
  lecture: 'Lecture seule',
};

/** What each role is for, in French, as the accounts page and the README say it. */
export const roleDescriptions: { readonly [R in Role]: string } = {
  direction:
    'Tout : la convention et ses avenants, les objectifs, les réglages, les sauvegardes, le bilan final, les comptes.',
  finance:
    'Le budget, le FEC, la correspondance des comptes, les clés de répartition, la compensation, les versements, le compte rendu financier ; lit le reste sans identité.',
  accompagnement:
    'Les personnes et leur identité, les parcours, les freins, les actions, les suivis, le repérage, la coordination, le rapport d’activité ; lit le reste.',
  lecture: 'Lit tout sauf l’identité des personnes ; ne modifie rien.',
};

/** The account making a call in the team mode, as the team server authenticated it. */
export interface Actor {
  account: string;
  role: Role;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

// The groups the table is built from.
const everyone: readonly Role[] = roles;
const directionOnly: readonly Role[] = ['direction'];
const money: readonly Role[] = ['direction', 'finance'];
const care: readonly Role[] = ['direction', 'accompagnement'];
/** Refused to every actor: only the local mode may make the call. */
const localOnly: readonly Role[] = [];

/** The roles that may see a person's identity. */
export const identityRoles: readonly Role[] = ['direction', 'accompagnement'];

export const callRoles: { readonly [C in Channel]: readonly Role[] } = {
  // Reading, for everyone: nothing here returns a person's identity.
  'app.info': everyone,
  'audit.list': everyone,
  'conventions.list': everyone,
  'conventions.get': everyone,
  'avenants.list': everyone,
  'terms.inForce': everyone,
  'indicators.list': everyone,
  'indicators.realised': everyone,
  'indicators.drilldown': everyone,
  'dashboard.get': everyone,
  'dashboard.deadlines': everyone,
  'dashboard.watchList': everyone,
  'dora.export': everyone,
  'people.list': everyone,
  'people.page': everyone,
  'outreach.list': everyone,
  'partners.list': everyone,
  'coordination.list': everyone,
  'fec.history': everyone,
  'fec.accountLines': everyone,
  'budget.get': everyone,
  'budget.vsActual': everyone,
  'mapping.get': everyone,
  'analytic.get': everyone,
  'keys.list': everyone,
  'siegCosts.get': everyone,
  'siegScope.get': everyone,
  'compensation.get': everyone,
  'payments.list': everyone,
  'deMinimis.get': everyone,
  'narratives.get': everyone,
  'reports.check': everyone,
  'reports.list': everyone,
  'reports.file': everyone,
  'reports.tables': everyone,
  'backups.status': everyone,

  // The local name chooser: in the team mode the account signs every change.
  'session.setUser': localOnly,

  // Direction: the convention, its avenants and objectives, settings, whole-convention moves,
  // the demo, the retention purge, the copies.
  'conventions.create': directionOnly,
  'conventions.update': directionOnly,
  'conventions.delete': directionOnly,
  'conventions.exportFile': directionOnly,
  'conventions.previewImport': directionOnly,
  'conventions.importFile': directionOnly,
  'demo.remove': directionOnly,
  'demo.restore': directionOnly,
  'avenants.create': directionOnly,
  'indicators.save': directionOnly,
  'targets.set': directionOnly,
  'privacy.updateSettings': directionOnly,
  'privacy.purgePreview': directionOnly,
  'privacy.purge': directionOnly,
  // An erasure cannot be undone: the data controller decides it.
  'privacy.erasePerson': directionOnly,
  'backups.list': directionOnly,
  'backups.create': directionOnly,
  'backups.setFolder': directionOnly,
  'backups.setPassphrase': directionOnly,
  'backups.restore': directionOnly,
  // The team server's accounts (shared/contract/accounts.ts): the administrator's.
  'accounts.list': directionOnly,
  'accounts.create': directionOnly,
  'accounts.resetPassword': directionOnly,
  'accounts.disable': directionOnly,

  // Finance: the FEC, the mapping, analytic codes and keys, the budget, the compensation.
  'fec.preview': money,
  'fec.import': money,
  'mapping.set': money,
  'mapping.setMany': money,
  'budget.set': money,
  'budget.copyYear': money,
  'budget.explainGap': money,
  'budget.setThreshold': money,
  'analytic.applyRules': money,
  'analytic.setCode': money,
  'analytic.saveRule': money,
  'analytic.deleteRule': money,
  'keys.save': money,
  'keys.delete': money,
  'keys.copyPrevious': money,
  'siegScope.set': money,
  'compensation.amendParameters': money,
  'payments.save': money,
  'payments.delete': money,
  'supports.save': money,
  'supports.delete': money,
  'deMinimis.saveAid': money,
  'deMinimis.deleteAid': money,

  // Accompagnement: people and their identity, pathways, barriers, actions, follow-ups,
  // outreach, coordination, the indicators typed by hand, a person's access request.
  'people.get': care,
  'people.create': care,
  'people.update': care,
  'people.importPreview': care,
  'people.importCommit': care,
  'pathways.update': care,
  'barriers.add': care,
  'barriers.update': care,
  'barriers.delete': care,
  'barriers.importPreview': care,
  'barriers.importCommit': care,
  'actions.add': care,
  'actions.delete': care,
  'followUps.importPreview': care,
  'followUps.importCommit': care,
  'outreach.add': care,
  'outreach.delete': care,
  'outreach.toPerson': care,
  'outreach.importPreview': care,
  'outreach.importCommit': care,
  'partners.save': care,
  'partners.delete': care,
  'coordination.add': care,
  'coordination.update': care,
  'coordination.delete': care,
  'coordination.importPreview': care,
  'coordination.importCommit': care,
  'indicators.setManual': care,
  'privacy.exportPerson': care,
  'privacy.register': care,

  // The documents: each role writes and generates its own (see `callLimits`).
  'narratives.set': [...money, 'accompagnement'],
  'reports.generate': [...money, 'accompagnement'],
};

/**
 * The calls whose output holds a person's identity (names, phone, e-mail), or may: a
 * person's file, the access-request export, a people file's preview (its sample rows), the
 * whole-convention export with identities. Only `identityRoles` may make them (checked by
 * the unit test on this table and again by the backend).
 */
export const identityCalls: readonly Channel[] = [
  'people.get',
  'people.importPreview',
  'privacy.exportPerson',
  'conventions.exportFile',
];

/** What a document is called, in the refusals. */
const documentLabels: { readonly [K in ReportKind]: string } = {
  activity: 'le rapport d’activité annuel',
  financial: 'le compte rendu financier',
  final: 'le bilan final de la CPO',
};
/** The document each role writes: direction writes every one, and it alone the bilan final. */
const ownDocument: { readonly [R in Role]: ReportKind | 'all' | null } = {
  direction: 'all',
  finance: 'financial',
  accompagnement: 'activity',
  lecture: null,
};

/** The document a narrative section belongs to: the bilan final's are stored under year 0. */
export function narrativeDocument(yearIndex: number, section: string): ReportKind {
  if (yearIndex === 0) return 'final';
  return Object.prototype.hasOwnProperty.call(narrativeSections.financial, section)
    ? 'financial'
    : 'activity';
}

function documentLimit(kind: ReportKind, role: Role, verb: string): string | null {
  const own = ownDocument[role];
  if (own === 'all' || own === kind) return null;
  return `${verb} ${documentLabels[kind]} est réservé ${
    kind === 'final'
      ? 'à la direction'
      : `à la direction et au rôle ${roleLabels[kind === 'financial' ? 'finance' : 'accompagnement']}`
  }.`;
}

type Limit<C extends Channel> = (input: CallParsedInput<C>, role: Role) => string | null;

/**
 * Calls allowed to a role for part of their inputs only: the reason in French when this
 * input is not, null when it is. Checked by the backend once the input is valid.
 */
export const callLimits: { readonly [C in Channel]?: Limit<C> } = {
  'reports.generate': (input, role) => documentLimit(input.kind, role, 'Générer'),
  'narratives.set': (input, role) =>
    documentLimit(narrativeDocument(input.yearIndex, input.section), role, 'Rédiger'),
};

/** Whether `role` may make `channel` at all (the page hides the rest). */
export function allowed(channel: Channel, role: Role): boolean {
  return callRoles[channel].includes(role);
}

/** Whether `role` may write or generate a document of this kind (narratives, generation). */
export function allowedDocument(kind: ReportKind, role: Role): boolean {
  const own = ownDocument[role];
  return own === 'all' || own === kind;
}

/**
 * Why `actor` may not make `channel` with `input`, in French; null when it may. `input` is
 * the validated input (only the calls of `callLimits` read it).
 */
export function refusal(channel: Channel, actor: Actor, input?: unknown): string | null {
  const label = roleLabels[actor.role];
  const allowedRoles = callRoles[channel];
  if (allowedRoles.length === 0) {
    return 'Le choix du nom n’existe que sur un ordinateur seul : en équipe, chaque modification est enregistrée au nom de votre compte.';
  }
  if (!allowedRoles.includes(actor.role)) {
    const names = allowedRoles.map((role) => roleLabels[role]);
    const list =
      names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} et ${names.at(-1)}`;
    return `Votre rôle (${label}) ne permet pas cette action : elle est réservée ${
      names.length === 1 ? 'au rôle' : 'aux rôles'
    } ${list}.`;
  }
  if (identityCalls.includes(channel) && !identityRoles.includes(actor.role)) {
    return `Votre rôle (${label}) ne permet pas de voir l’identité des personnes.`;
  }
  const limit = callLimits[channel] as Limit<Channel> | undefined;
  const reason = input === undefined || !limit ? null : limit(input as never, actor.role);
  return reason ? `Votre rôle (${label}) ne permet pas cette action : ${lowerFirst(reason)}` : null;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
