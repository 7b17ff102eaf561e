/** Calls about the indicator catalogue, the targets per year and the avenants. */
import { z } from 'zod';
import { cerfaRowCodes } from '../domain/cerfa';
import { indicatorUnits } from '../domain/referenceLists';
import { empty, id, mutation, ok, query } from './define';
import { amountCents, isoDate, optionalText, quantity, requiredText, yearIndex } from './fields';
import { roles } from './roles';

const unit = z.enum(Object.keys(indicatorUnits) as [keyof typeof indicatorUnits], {
  error: 'Unité : choisissez dans la liste.',
});

export const indicatorDefinition = z.object({
  id,
  code: z.string(),
  label: z.string(),
  unit,
  source: z.string(),
  /** True for indicators computed from records (issue: people and pathways). */
  computed: z.boolean(),
  active: z.boolean(),
  position: z.number(),
});
export type IndicatorDefinition = z.output<typeof indicatorDefinition>;

export const indicatorDefinitionInput = z.object({
  id: id.optional(),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/, {
      message: 'Code : lettres majuscules, chiffres et _ (par ex. ACC_ENTRIES).',
    }),
  label: requiredText("Intitulé de l'indicateur"),
  unit,
  source: optionalText('Source', 200),
  active: z.boolean(),
});

const targetValue = quantity('Cible');

export const targetInput = z.object({
  indicatorId: id,
  yearIndex,
  /** null clears the target. For a € indicator the value is in cents. */
  value: targetValue.nullable(),
});

export const avenantChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('target'), indicatorId: id, yearIndex, value: targetValue }),
  z.object({
    kind: z.literal('stateContribution'),
    yearIndex,
    amountCents: amountCents("Contribution de l'État"),
  }),
  z.object({
    kind: z.literal('budgetLine'),
    yearIndex,
    row: z.enum(cerfaRowCodes as [string, ...string[]], {
      error: 'Ligne du budget : choisissez dans la liste.',
    }),
    amountCents: amountCents('Montant prévu'),
  }),
]);

export const avenantInput = z.object({
  conventionId: id,
  signedOn: isoDate,
  effectiveFrom: isoDate,
  object: requiredText("Objet de l'avenant", 500),
  changes: z
    .array(avenantChangeSchema)
    .min(1, { message: 'Un avenant modifie au moins une cible ou un montant.' })
    .max(500),
});

export const avenantSchema = z.object({
  id,
  number: z.number(),
  signedOn: z.string(),
  effectiveFrom: z.string(),
  object: z.string(),
  changes: z.array(avenantChangeSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type Avenant = z.output<typeof avenantSchema>;

const sourced = { source: z.number().nullable() };
export const termsInForceSchema = z.object({
  date: z.string(),
  targets: z.array(
    z.object({
      indicatorId: id,
      yearIndex: z.number(),
      value: z.number(),
      original: z.number().nullable(),
      ...sourced,
    }),
  ),
  contributions: z.array(
    z.object({
      yearIndex: z.number(),
      amountCents: z.number(),
      original: z.number().nullable(),
      ...sourced,
    }),
  ),
  budget: z.array(
    z.object({
      yearIndex: z.number(),
      row: z.string(),
      amountCents: z.number(),
      original: z.number().nullable(),
      ...sourced,
    }),
  ),
  applied: z.array(z.number()),
});
export type TermsInForceData = z.output<typeof termsInForceSchema>;

export const dashboardYear = z.object({
  index: z.number(),
  label: z.string(),
  start: z.string(),
  end: z.string(),
  partial: z.boolean(),
  indicatorsActive: z.number(),
  targetsSet: z.number(),
  stateContributionCents: z.number().nullable(),
  reportDue: z.string(),
  daysToReport: z.number(),
  status: z.enum(['upcoming', 'current', 'closed']),
});

export const objectiveCalls = {
  'indicators.list': query(
    z.object({ conventionId: id }),
    z.object({
      definitions: z.array(indicatorDefinition),
      targets: z.array(z.object({ indicatorId: id, yearIndex: z.number(), value: z.number() })),
    }),
  ),
  'indicators.save': mutation(
    z.object({ conventionId: id, definitions: z.array(indicatorDefinitionInput).max(200) }),
    ok,
  ),
  'targets.set': mutation(
    z.object({
      conventionId: id,
      /**
       * A form sends only the cells the user changed, each with `was`: the value it showed
       * when loaded (null for an empty cell). A cell stored differently since is refused
       * (CONFLICT). Without `was` (imports, scripts) the value is written unchecked.
       */
      targets: z.array(targetInput.extend({ was: targetValue.nullable().optional() })).max(2000),
    }),
    z.object({ changed: z.number() }),
  ),
  'terms.inForce': query(z.object({ conventionId: id, date: isoDate }), termsInForceSchema),
  'avenants.list': query(z.object({ conventionId: id }), z.array(avenantSchema)),
  'avenants.create': mutation(avenantInput, z.object({ id, number: z.number() })),
  'dashboard.get': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({
      years: z.array(dashboardYear),
      nextDeadline: z
        .object({ yearIndex: z.number(), label: z.string(), due: z.string(), daysLeft: z.number() })
        .nullable(),
    }),
  ),
};

export const auditRow = z.object({
  id,
  at: z.string(),
  user: z.string(),
  entity: z.string(),
  entityId: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
});
export type AuditRow = z.output<typeof auditRow>;

export const auditCalls = {
  /**
   * The log of one convention (null: changes outside any convention), newest first, with
   * optional filters; `users` and `entities` list what the convention's log holds, for the
   * filter lists. `since`/`until` are instants (ISO 8601, UTC): the page turns the user's
   * local days into them, and a document's archive row gives its generation instant.
   */
  'audit.list': query(
    z.object({
      conventionId: id.nullable(),
      user: z.string().max(200).nullable().default(null),
      entities: z.array(z.string().max(80)).max(40).default([]),
      action: z.enum(['create', 'update', 'delete']).nullable().default(null),
      since: z.iso.datetime({ offset: true }).nullable().default(null),
      until: z.iso.datetime({ offset: true }).nullable().default(null),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }),
    z.object({
      rows: z.array(auditRow),
      total: z.number(),
      users: z.array(z.string()),
      entities: z.array(z.string()),
    }),
  ),
};

export const sessionCalls = {
  'app.info': query(
    empty,
    z.object({
      version: z.string(),
      mode: z.enum(['electron', 'web', 'test', 'team']),
      dataDir: z.string(),
      databasePath: z.string(),
      userName: z.string().nullable(),
      /** The backend's day (AAAA-MM-JJ): the page decides "today" from it, not its own clock. */
      today: isoDate,
      /**
       * The team mode's signed-in account and its role (the page hides what the role cannot
       * do, with `allowed` of roles.ts); absent in the local mode.
       */
      actor: z
        .object({ account: z.string(), role: z.enum(roles), roleLabel: z.string() })
        .optional(),
    }),
  ),
  'session.setUser': mutation(
    z.object({ name: requiredText('Votre nom', 80) }),
    z.object({ userName: z.string() }),
  ),
};
