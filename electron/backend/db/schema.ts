/**
 * The database schema. drizzle-kit generates the migrations from this file
 * (`npm run db:generate`); none is written by hand. Money columns end in `_cents` and
 * hold integers; dates are `YYYY-MM-DD` text; timestamps are ISO text in UTC.
 */
import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * Optimistic locking: a record edited in place by an update call carries the version its
 * form was loaded from; saving over a newer one is refused (services/versions.ts).
 */
const versioned = {
  version: integer('version').notNull().default(1),
};

const timestamps = {
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const operators = sqliteTable(
  'operators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    legalForm: text('legal_form').notNull(),
    siret: text('siret').notNull(),
    rna: text('rna').notNull().default(''),
    address: text('address').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    city: text('city').notNull().default(''),
    representativeName: text('representative_name').notNull(),
    representativeRole: text('representative_role').notNull(),
    ...timestamps,
  },
  (table) => [uniqueIndex('operators_siret_unique').on(table.siret)],
);

export const conventions = sqliteTable(
  'conventions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    operatorId: integer('operator_id')
      .notNull()
      .references(() => operators.id),
    reference: text('reference').notNull(),
    title: text('title').notNull().default(''),
    dreetsRegion: text('dreets_region').notNull(),
    signedOn: text('signed_on'),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    /** `MM-DD` of the operator's financial-year close. */
    fiscalYearEnd: text('fiscal_year_end').notNull(),
    regime: text('regime').notNull(),
    reasonableProfitBp: integer('reasonable_profit_bp').notNull().default(0),
    /** Identity is purged this many months after a person's exit (GDPR retention). */
    retentionMonths: integer('retention_months').notNull().default(24),
    /** Aggregates below this count are masked in everything that leaves the app. */
    smallCellThreshold: integer('small_cell_threshold').notNull().default(5),
    /** A budget gap needs an explanation from ±gapThresholdBp (1500 = 15 %)… */
    gapThresholdBp: integer('gap_threshold_bp').notNull().default(1500),
    /** …or from this many cents, whichever is reached. */
    gapThresholdCents: integer('gap_threshold_cents').notNull().default(500000),
    /** SIEG control readings (finance.md §1, unsure): years netted inside a period… */
    ocNetting: integer('oc_netting', { mode: 'boolean' }).notNull().default(true),
    /** …the average annual compensation over the period or the whole CPO… */
    ocAverageOver: text('oc_average_over', { enum: ['period', 'cpo'] })
      .notNull()
      .default('period'),
    /** …and control periods of this many convention years (at most 3). */
    controlPeriodYears: integer('control_period_years').notNull().default(3),
    /** Where the convention fixes the compensation parameters (« article 6 de la convention »). */
    compensationClause: text('compensation_clause').notNull().default(''),
    /**
     * The following convention that will deduct an overcompensation carried at the end
     * (its reference, free text; a convention of the same operator when it is recorded).
     */
    followingConvention: text('following_convention').notNull().default(''),
    /**
     * The operator has no activity besides the SIEG (« l'organisme n'a pas d'autre
     * activité »): a line without analytic code or rule is the SIEG's, not a common one.
     */
    siegOnly: integer('sieg_only', { mode: 'boolean' }).notNull().default(false),
    /** Special or exclusive rights granted with the SIEG, as the SIEG annex states them. */
    specialRights: text('special_rights').notNull().default('aucun droit spécial ou exclusif'),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    ...versioned,
    ...timestamps,
  },
  (table) => [
    uniqueIndex('conventions_reference_unique').on(table.reference),
    index('conventions_operator_idx').on(table.operatorId),
  ],
);

export const volets = sqliteTable(
  'convention_volets',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    label: text('label').notNull(),
    covered: integer('covered', { mode: 'boolean' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.number] })],
);

export const territories = sqliteTable(
  'territories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    inseeCode: text('insee_code').notNull(),
    commune: text('commune').notNull(),
    qpv: integer('qpv', { mode: 'boolean' }).notNull().default(false),
    zrr: integer('zrr', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [uniqueIndex('territories_unique').on(table.conventionId, table.inseeCode)],
);

export const coHolders = sqliteTable('co_holders', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conventionId: integer('convention_id')
    .notNull()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  siret: text('siret').notNull().default(''),
  isLead: integer('is_lead', { mode: 'boolean' }).notNull().default(false),
  position: integer('position').notNull().default(0),
});

/** The State contribution per convention year as signed (avenants layer on top). */
export const stateContributions = sqliteTable(
  'state_contributions',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    amountCents: integer('amount_cents').notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.yearIndex] })],
);

export const indicatorDefinitions = sqliteTable(
  'indicator_definitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    label: text('label').notNull(),
    unit: text('unit').notNull(),
    source: text('source').notNull().default(''),
    computed: integer('computed', { mode: 'boolean' }).notNull().default(false),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    position: integer('position').notNull().default(0),
  },
  (table) => [uniqueIndex('indicator_code_unique').on(table.conventionId, table.code)],
);

/** Targets as signed. A € indicator's value is in cents. */
export const indicatorTargets = sqliteTable(
  'indicator_targets',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicatorDefinitions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    value: real('value').notNull(),
  },
  (table) => [primaryKey({ columns: [table.indicatorId, table.yearIndex] })],
);

export const avenants = sqliteTable(
  'avenants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    signedOn: text('signed_on').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    object: text('object').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamps.createdAt,
  },
  (table) => [uniqueIndex('avenant_number_unique').on(table.conventionId, table.number)],
);

export const avenantChanges = sqliteTable(
  'avenant_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    avenantId: integer('avenant_id')
      .notNull()
      .references(() => avenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['target', 'stateContribution', 'budgetLine'] }).notNull(),
    indicatorId: integer('indicator_id').references(() => indicatorDefinitions.id, {
      onDelete: 'cascade',
    }),
    yearIndex: integer('year_index').notNull(),
    /** New target (kind = target). */
    value: real('value'),
    /** New State contribution or budget line (kind = stateContribution, budgetLine). */
    amountCents: integer('amount_cents'),
    /** The CERFA row of a budget line (kind = budgetLine). */
    budgetRow: text('budget_row'),
  },
  (table) => [index('avenant_changes_avenant_idx').on(table.avenantId)],
);

/** Every change made through the app: who, when, what, old → new. Never updated. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    user: text('user').notNull(),
    conventionId: integer('convention_id'),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    field: text('field'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
  },
  (table) => [index('audit_convention_idx').on(table.conventionId, table.id)],
);

// ——— People, pathways and coordination (volets 1 to 4) ———

/** Volet 1 outreach: dated contacts, most of them anonymous. */
export const outreachContacts = sqliteTable(
  'outreach_contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    channel: text('channel').notNull(),
    commune: text('commune').notNull().default(''),
    inseeCode: text('insee_code').notNull().default(''),
    qpv: integer('qpv', { mode: 'boolean' }).notNull().default(false),
    zrr: integer('zrr', { mode: 'boolean' }).notNull().default(false),
    count: integer('count').notNull().default(1),
    volet: integer('volet').notNull().default(1),
    staff: text('staff').notNull().default(''),
    /** Set when the contact became a person (pseudonymous file). */
    personId: integer('person_id').references(() => persons.id, { onDelete: 'set null' }),
  },
  (table) => [index('outreach_convention_date_idx').on(table.conventionId, table.date)],
);

/** A person, pseudonymous: no name here (see person_identities). */
export const persons = sqliteTable(
  'persons',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    fileNumber: text('file_number').notNull(),
    sex: text('sex'),
    birthYear: integer('birth_year'),
    commune: text('commune').notNull().default(''),
    inseeCode: text('insee_code').notNull().default(''),
    qpv: integer('qpv', { mode: 'boolean' }).notNull().default(false),
    qpvName: text('qpv_name').notNull().default(''),
    zrr: integer('zrr', { mode: 'boolean' }).notNull().default(false),
    eligibilityGround: text('eligibility_ground'),
    /** Last contact with the organisme référent (evidence of the 5-month rule). */
    lastReferentContact: text('last_referent_contact'),
    /** JSON array of situation flag codes. */
    situationFlags: text('situation_flags').notNull().default('[]'),
    /** Set when identity was purged or erased: the pathway stays, anonymous. */
    anonymisedAt: text('anonymised_at'),
    ...versioned,
    ...timestamps,
  },
  (table) => [uniqueIndex('persons_file_number_unique').on(table.conventionId, table.fileNumber)],
);

/** Identity, kept apart and shown only on the person's own page. */
export const personIdentities = sqliteTable('person_identities', {
  personId: integer('person_id')
    .primaryKey()
    .references(() => persons.id, { onDelete: 'cascade' }),
  lastName: text('last_name').notNull().default(''),
  firstName: text('first_name').notNull().default(''),
  phone: text('phone').notNull().default(''),
  email: text('email').notNull().default(''),
});

export const pathways = sqliteTable(
  'pathways',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    identifiedOn: text('identified_on'),
    identificationChannel: text('identification_channel'),
    remobilisationStart: text('remobilisation_start'),
    accompanimentStart: text('accompaniment_start'),
    plannedEnd: text('planned_end'),
    extendedUntil: text('extended_until'),
    extensionReason: text('extension_reason').notNull().default(''),
    exitDate: text('exit_date'),
    exitType: text('exit_type'),
    exitPartner: text('exit_partner').notNull().default(''),
    followUpDate: text('follow_up_date'),
    followUpSituation: text('follow_up_situation'),
    referent: text('referent').notNull().default(''),
    ...versioned,
  },
  (table) => [uniqueIndex('pathways_person_unique').on(table.personId)],
);

export const barriers = sqliteTable(
  'barriers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    category: text('category').notNull(),
    identifiedOn: text('identified_on').notNull(),
    liftedOn: text('lifted_on'),
    ...versioned,
  },
  (table) => [index('barriers_person_idx').on(table.personId)],
);

export const personActions = sqliteTable(
  'person_actions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: integer('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    date: text('date').notNull(),
    /** Duration in minutes (integer, like money in cents). */
    minutes: integer('minutes').notNull().default(0),
    volet: integer('volet').notNull(),
    staff: text('staff').notNull().default(''),
  },
  (table) => [index('actions_person_date_idx').on(table.personId, table.date)],
);

export const partners = sqliteTable('partners', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conventionId: integer('convention_id')
    .notNull()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  type: text('type').notNull(),
  commune: text('commune').notNull().default(''),
  ...versioned, // migration 0013
});

/** Volet 4: coordination actions and committees attended. */
export const coordinationEvents = sqliteTable(
  'coordination_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    decisions: text('decisions').notNull().default(''),
    /** JSON array of partner ids involved. */
    partnerIds: text('partner_ids').notNull().default('[]'),
    ...versioned,
  },
  (table) => [index('coordination_convention_date_idx').on(table.conventionId, table.date)],
);

/** A value typed by hand for an indicator that cannot be computed, with its comment. */
export const manualIndicatorValues = sqliteTable(
  'manual_indicator_values',
  {
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicatorDefinitions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    value: real('value').notNull(),
    comment: text('comment').notNull().default(''),
  },
  (table) => [primaryKey({ columns: [table.indicatorId, table.yearIndex] })],
);

/** The column mapping last used to import a spreadsheet, remembered per convention. */
export const importMappings = sqliteTable(
  'import_mappings',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    mapping: text('mapping').notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.kind] })],
);

/** GDPR register: access requests, erasures and purges (no identity stored here). */
export const privacyRegister = sqliteTable('privacy_register', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conventionId: integer('convention_id').references(() => conventions.id, { onDelete: 'set null' }),
  at: text('at').notNull(),
  user: text('user').notNull(),
  kind: text('kind', { enum: ['access', 'erasure', 'purge'] }).notNull(),
  fileNumber: text('file_number').notNull().default(''),
  details: text('details').notNull().default(''),
});

// ——— Actuals from the FEC ———

/** One imported FEC file. A newer file of the same financial year replaces it (kept). */
export const fecImports = sqliteTable(
  'fec_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    /** Close of the financial year the file covers. */
    fiscalYearEnd: text('fiscal_year_end').notNull(),
    encoding: text('encoding').notNull(),
    separator: text('separator').notNull(),
    lines: integer('lines').notNull(),
    entries: integer('entries').notNull(),
    keptLines: integer('kept_lines').notNull(),
    totalDebitCents: integer('total_debit_cents').notNull(),
    totalCreditCents: integer('total_credit_cents').notNull(),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
    /** Set when a newer file of the same year took its place. */
    replacedBy: integer('replaced_by'),
  },
  (table) => [index('fec_imports_convention_idx').on(table.conventionId, table.fiscalYearEnd)],
);

/** The lines of classes 6, 7, 86 and 87 (what budget vs actual needs), amounts in cents. */
export const ledgerLines = sqliteTable(
  'ledger_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: integer('import_id')
      .notNull()
      .references(() => fecImports.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    journalCode: text('journal_code').notNull(),
    ecritureNum: text('ecriture_num').notNull(),
    date: text('date').notNull(),
    compteNum: text('compte_num').notNull(),
    compteLib: text('compte_lib').notNull(),
    compAuxNum: text('comp_aux_num').notNull(),
    /** The auxiliary account's label: it names a subsidy's funder ("Conseil départemental"). */
    compAuxLib: text('comp_aux_lib').notNull().default(''),
    pieceRef: text('piece_ref').notNull(),
    ecritureLib: text('ecriture_lib').notNull(),
    debitCents: integer('debit_cents').notNull(),
    creditCents: integer('credit_cents').notNull(),
    analytic: text('analytic').notNull(),
    /** Extra columns of the file, JSON, as given. */
    extras: text('extras'),
  },
  (table) => [index('ledger_lines_import_account_idx').on(table.importId, table.compteNum)],
);

// ——— Budget (forecast), account mapping, gap explanations ———

/** The user's account → CERFA row rules, over the seeded ones, per chart version. */
export const accountMappings = sqliteTable(
  'account_mappings',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    chartVersion: text('chart_version').notNull(),
    prefix: text('prefix').notNull(),
    /** A CompAuxNum the rule is limited to ('' = any): it names the funder of a 74x line. */
    auxiliary: text('auxiliary').notNull().default(''),
    row: text('row').notNull(),
  },
  (table) => [
    primaryKey({
      columns: [table.conventionId, table.chartVersion, table.prefix, table.auxiliary],
    }),
  ],
);

/** The forecast per convention year and CERFA row, in cents. */
export const budgetLines = sqliteTable(
  'budget_lines',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    row: text('row').notNull(),
    amountCents: integer('amount_cents').notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.yearIndex, table.row] })],
);

/** Why a significant gap happened: printed in the explanatory annex. */
export const gapExplanations = sqliteTable(
  'gap_explanations',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    row: text('row').notNull(),
    text: text('text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.yearIndex, table.row] })],
);

// ——— Analytic axis and allocation keys ———

/** What an analytic code of the FEC means: the SIEG, other activities, general costs. */
export const analyticCodes = sqliteTable(
  'analytic_codes',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    axis: text('axis', { enum: ['sieg', 'other', 'general'] }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.code] })],
);

/** For lines without an analytic code: the axis by account, account prefix or journal. */
export const analyticRules = sqliteTable('analytic_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conventionId: integer('convention_id')
    .notNull()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['account', 'prefix', 'journal', 'auxiliary'] }).notNull(),
  value: text('value').notNull(),
  axis: text('axis', { enum: ['sieg', 'other', 'general'] }).notNull(),
});

/** How general running costs are shared with the SIEG in a year, with the evidence. */
export const allocationKeys = sqliteTable('allocation_keys', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conventionId: integer('convention_id')
    .notNull()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  yearIndex: integer('year_index').notNull(),
  label: text('label').notNull(),
  basis: text('basis', {
    enum: ['time', 'fte', 'floor_area', 'persons', 'flat_percent'],
  }).notNull(),
  /** The SIEG's part and the whole (hours, m², persons…); for a flat % : basis points. */
  siegQuantity: real('sieg_quantity').notNull(),
  totalQuantity: real('total_quantity').notNull(),
  evidence: text('evidence').notNull(),
  /** JSON array of CERFA rows the key shares (e.g. ["61","62"] for premises). */
  rows: text('rows').notNull(),
});

// ——— SIEG compensation: the State contribution's payments, other public support ———

/** One expected payment of the State contribution (or a repayment), and what came in. */
export const contributionPayments = sqliteTable(
  'contribution_payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    kind: text('kind', { enum: ['advance', 'instalment', 'balance', 'repayment'] }).notNull(),
    expectedOn: text('expected_on').notNull(),
    expectedCents: integer('expected_cents').notNull(),
    receivedOn: text('received_on'),
    receivedCents: integer('received_cents'),
    note: text('note').notNull().default(''),
    ...versioned, // migration 0013
  },
  (table) => [index('contribution_payments_convention_idx').on(table.conventionId)],
);

/**
 * Other public support of the same service the FEC does not show as a SIEG subsidy:
 * free premises or staff made available (valued), or a subsidy entered by hand.
 */
export const publicSupports = sqliteTable(
  'public_supports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    kind: text('kind', { enum: ['subsidy', 'premises', 'staff', 'other'] }).notNull(),
    funder: text('funder').notNull(),
    amountCents: integer('amount_cents').notNull(),
    evidence: text('evidence').notNull().default(''),
    ...versioned, // migration 0013
  },
  (table) => [index('public_supports_convention_idx').on(table.conventionId)],
);

/**
 * An avenant that changes the compensation parameters fixed by the convention (finance.md
 * §1: fixed in advance, changed only by an avenant): the values from its effective date on.
 */
export const compensationAmendments = sqliteTable(
  'compensation_amendments',
  {
    avenantId: integer('avenant_id')
      .primaryKey()
      .references(() => avenants.id, { onDelete: 'cascade' }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    reasonableProfitBp: integer('reasonable_profit_bp').notNull(),
    ocNetting: integer('oc_netting', { mode: 'boolean' }).notNull(),
    ocAverageOver: text('oc_average_over', { enum: ['period', 'cpo'] }).notNull(),
    controlPeriodYears: integer('control_period_years').notNull(),
    /** The clause of the avenant that sets them (« article 2 de l'avenant n° 1 »). */
    clause: text('clause').notNull().default(''),
  },
  (table) => [index('compensation_amendments_convention_idx').on(table.conventionId)],
);

/** Other de minimis aid the operator received, for the rolling three-year ceiling. */
export const deMinimisAids = sqliteTable(
  'de_minimis_aids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    grantor: text('grantor').notNull(),
    grantedOn: text('granted_on').notNull(),
    amountCents: integer('amount_cents').notNull(),
    regulation: text('regulation', { enum: ['sieg', 'general'] }).notNull(),
    note: text('note').notNull().default(''),
    ...versioned, // migration 0013
  },
  (table) => [index('de_minimis_aids_convention_idx').on(table.conventionId)],
);

// ——— Reports: what the staff write for them, and every document generated ———

/**
 * The narrative sections the staff write in the app, per convention year (the bilan
 * final's under year 0): highlights, difficulties, outlook, observations…
 */
export const reportNarratives = sqliteTable(
  'report_narratives',
  {
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    yearIndex: integer('year_index').notNull(),
    section: text('section').notNull(),
    text: text('text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.conventionId, table.yearIndex, table.section] })],
);

/** Every generated document, so what was sent can be shown again: file, hash, figures. */
export const reportArchive = sqliteTable(
  'report_archive',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conventionId: integer('convention_id')
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['activity', 'financial', 'final'] }).notNull(),
    /** Null for the bilan final (the whole CPO). */
    yearIndex: integer('year_index'),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: blob('content', { mode: 'buffer' }).notNull(),
    /** The tables the document showed (formatted and masked, as printed), JSON. */
    figures: text('figures').notNull(),
    draft: integer('draft', { mode: 'boolean' }).notNull(),
    /** What was missing when a draft was generated, JSON array of French sentences. */
    missing: text('missing').notNull(),
    generatedAt: text('generated_at').notNull(),
    generatedBy: text('generated_by').notNull(),
  },
  (table) => [index('report_archive_convention_idx').on(table.conventionId)],
);

// ——— Team mode: accounts and their sessions (unused in the local, single-user mode) ———

/**
 * A staff account on the team server. The password is kept only as an argon2id hash
 * (PHC string, `$argon2id$…`); failed attempts and the lock drive the login lockout.
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What the person types to sign in; unique, compared as stored (lower case). */
    login: text('login').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['direction', 'finance', 'accompagnement', 'lecture'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    /** ISO timestamp until which every login is refused, or null. */
    lockedUntil: text('locked_until'),
    ...timestamps,
  },
  (table) => [uniqueIndex('accounts_login_idx').on(table.login)],
);

/**
 * A signed-in browser. The id is never stored: only its SHA-256 (a copy of the database
 * does not hand out live sessions). Ended by logout, expiry or the account's disabling.
 */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    csrfToken: text('csrf_token').notNull(),
  },
  (table) => [index('sessions_account_idx').on(table.accountId)],
);
