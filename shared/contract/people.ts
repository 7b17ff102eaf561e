/** Calls about people, pathways, outreach and coordination (volets 1 to 4). */
import { z } from 'zod';
import {
  actionTypes,
  barrierCategories,
  codes,
  coordinationKinds,
  eligibilityGrounds,
  exitTypes,
  followUpSituations,
  outreachChannels,
  partnerTypes,
  sexes,
  situationFlags,
} from '../domain/peopleLists';
import { id, mutation, ok, query, savedVersion, version } from './define';
import { isoDate, optionalIsoDate, optionalText, quantity, requiredText } from './fields';

const enumOf = <T extends readonly { code: string }[]>(items: T, label: string) =>
  z.enum(codes(items as never) as [string, ...string[]], {
    error: `${label} : choisissez dans la liste.`,
  });

export const sexSchema = enumOf(sexes, 'Sexe') as z.ZodType<(typeof sexes)[number]['code']>;
const eligibility = enumOf(eligibilityGrounds, "Motif d'éligibilité");
const channel = enumOf(outreachChannels, 'Canal');
const exitType = enumOf(exitTypes, 'Type de sortie');
const followUp = enumOf(followUpSituations, 'Situation à 6 mois');
const barrierCategory = enumOf(barrierCategories, 'Catégorie de frein');
const actionType = enumOf(actionTypes, "Type d'action");
const partnerType = enumOf(partnerTypes, 'Type de partenaire');
const coordinationKind = enumOf(coordinationKinds, 'Nature');
const volet = z
  .number()
  .int()
  .min(1, { message: 'Volet : de 1 à 4.' })
  .max(4, { message: 'Volet : de 1 à 4.' });

export const fileNumber = z
  .string({ error: 'N° de dossier obligatoire.' })
  .trim()
  .min(1, { message: 'N° de dossier obligatoire.' })
  .max(40, { message: 'N° de dossier : 40 caractères au plus.' })
  .regex(/^[\p{L}\p{N}_./-]+$/u, {
    message: 'N° de dossier : lettres, chiffres, tirets et points seulement (pas de nom).',
  });

export const personInput = z.object({
  fileNumber,
  sex: sexSchema.nullable(),
  birthYear: z
    .number()
    .int({ message: 'Année de naissance : nombre entier attendu.' })
    .min(1920, { message: 'Année de naissance invalide.' })
    // The upper bound is the current year, the backend's clock: checked by the services
    // (shared/domain/birthYear.ts), not here where only the load-time year is known.
    .nullable(),
  commune: optionalText('Commune', 100),
  inseeCode: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value) => value === '' || /^(\d{5}|2[AB]\d{3})$/.test(value), {
      message: 'Code INSEE invalide (5 caractères).',
    })
    .default(''),
  qpv: z.boolean().default(false),
  qpvName: optionalText('Quartier', 100),
  zrr: z.boolean().default(false),
  eligibilityGround: eligibility.nullable(),
  lastReferentContact: optionalIsoDate.default(null),
  situationFlags: z.array(enumOf(situationFlags, 'Situation')).max(20).default([]),
});
export type PersonInput = z.input<typeof personInput>;

export const identityInput = z.object({
  lastName: optionalText('Nom', 100),
  firstName: optionalText('Prénom', 100),
  phone: z
    .string()
    .trim()
    .refine((value) => value === '' || /^[+0-9 ().-]{6,20}$/.test(value), {
      message: 'Téléphone invalide.',
    })
    .default(''),
  email: z
    .string()
    .trim()
    .refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), {
      message: 'Adresse e-mail invalide.',
    })
    .default(''),
});
export type IdentityInput = z.input<typeof identityInput>;

const pathwayFields = z.object({
  identifiedOn: optionalIsoDate.default(null),
  identificationChannel: channel.nullable().default(null),
  remobilisationStart: optionalIsoDate.default(null),
  accompanimentStart: optionalIsoDate.default(null),
  plannedEnd: optionalIsoDate.default(null),
  extendedUntil: optionalIsoDate.default(null),
  extensionReason: optionalText("Motif de l'extension", 500),
  exitDate: optionalIsoDate.default(null),
  exitType: exitType.nullable().default(null),
  exitPartner: optionalText('Partenaire', 200),
  followUpDate: optionalIsoDate.default(null),
  followUpSituation: followUp.nullable().default(null),
  referent: optionalText('Référent de parcours', 100),
});

/** Steps in order, and what each step needs. */
export const pathwayInput = pathwayFields.superRefine((value, ctx) => {
  const order: [keyof typeof value, string][] = [
    ['identifiedOn', 'du repérage'],
    ['remobilisationStart', 'du début de remobilisation'],
    ['accompanimentStart', "de l'entrée en accompagnement"],
    ['exitDate', 'de la sortie'],
  ];
  let previous: [string, string] | null = null;
  for (const [key, label] of order) {
    const date = value[key] as string | null;
    if (!date) continue;
    if (previous && date < previous[0]) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `La date ${label} ne peut pas précéder la date ${previous[1]}.`,
      });
    }
    previous = [date, label];
  }
  if (value.exitDate && !value.exitType) {
    ctx.addIssue({ code: 'custom', path: ['exitType'], message: 'Indiquez le type de sortie.' });
  }
  if (value.exitType && !value.exitDate) {
    ctx.addIssue({ code: 'custom', path: ['exitDate'], message: 'Indiquez la date de sortie.' });
  }
  if (value.extendedUntil && !value.extensionReason) {
    ctx.addIssue({
      code: 'custom',
      path: ['extensionReason'],
      message: "Indiquez le motif de l'extension (plusieurs freins à lever, par exemple).",
    });
  }
  if (
    value.extendedUntil &&
    value.accompanimentStart &&
    value.extendedUntil <= value.accompanimentStart
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['extendedUntil'],
      message: "La fin de l'extension doit suivre l'entrée en accompagnement.",
    });
  }
  if (value.followUpDate && !value.exitDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['followUpDate'],
      message: 'Le suivi à 6 mois suppose une sortie.',
    });
  }
  if (value.followUpDate && value.exitDate && value.followUpDate < value.exitDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['followUpDate'],
      message: 'Le suivi ne peut pas précéder la sortie.',
    });
  }
  if (value.followUpDate && !value.followUpSituation) {
    ctx.addIssue({
      code: 'custom',
      path: ['followUpSituation'],
      message: 'Indiquez la situation constatée au suivi.',
    });
  }
});
export type PathwayInput = z.input<typeof pathwayInput>;

const warningSchema = z.object({ code: z.string(), message: z.string() });

export const personRow = z.object({
  id,
  fileNumber: z.string(),
  sex: z.string().nullable(),
  birthYear: z.number().nullable(),
  commune: z.string(),
  qpv: z.boolean(),
  zrr: z.boolean(),
  stage: z.enum(['identified', 'remobilisation', 'accompaniment', 'exited']),
  referent: z.string(),
  identifiedOn: z.string().nullable(),
  accompanimentStart: z.string().nullable(),
  exitDate: z.string().nullable(),
  warnings: z.array(z.string()),
  anonymised: z.boolean(),
});
export type PersonRow = z.output<typeof personRow>;

const stageCode = z.enum(['identified', 'remobilisation', 'accompaniment', 'exited']);

/**
 * « Personnes » asks for the rows it can show, not the whole list: a window of the people
 * matching the search and filters, in file-number order, with the counts the filters show.
 */
export const peoplePageInput = z.object({
  conventionId: id,
  today: isoDate,
  /** File number, commune or referent; accents and case ignored. */
  search: z.string().max(200).default(''),
  stage: z.union([z.literal('all'), stageCode]).default('all'),
  withWarnings: z.boolean().default(false),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const peoplePage = z.object({
  /** Everyone in the convention. */
  total: z.number(),
  /** Those matching the search and filters; `rows` is `[offset, offset + limit)` of them. */
  matching: z.number(),
  offset: z.number(),
  rows: z.array(personRow),
  /** Over everyone, whatever the filters: the labels of the filters. */
  byStage: z.record(stageCode, z.number()),
  withWarnings: z.number(),
});
export type PeoplePage = z.output<typeof peoplePage>;

const barrierSchema = z.object({
  id,
  version,
  category: z.string(),
  identifiedOn: z.string(),
  liftedOn: z.string().nullable(),
});
const actionSchema = z.object({
  id,
  type: z.string(),
  date: z.string(),
  minutes: z.number(),
  volet: z.number(),
  staff: z.string(),
});

export const personDetail = z.object({
  id,
  conventionId: id,
  person: personInput.extend({ situationFlags: z.array(z.string()) }),
  identity: identityInput.nullable(),
  pathway: pathwayFields,
  barriers: z.array(barrierSchema),
  actions: z.array(actionSchema),
  warnings: z.array(warningSchema),
  anonymisedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Versions of the person (profile and identity) and of their pathway. */
  version,
  pathwayVersion: version,
});
export type PersonDetail = z.output<typeof personDetail>;

export const outreachInput = z.object({
  conventionId: id,
  date: isoDate,
  channel,
  commune: optionalText('Lieu', 100),
  inseeCode: z
    .string()
    .trim()
    .toUpperCase()
    .max(5, { message: 'Code INSEE invalide (5 caractères).' })
    .refine((value) => value === '' || /^(\d{5}|2[AB]\d{3})$/.test(value), {
      message: 'Code INSEE invalide (5 caractères).',
    })
    .default(''),
  qpv: z.boolean().default(false),
  zrr: z.boolean().default(false),
  count: z
    .number({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? 'Nombre de contacts obligatoire.'
          : 'Nombre de contacts : nombre absent ou illisible.',
    })
    .int({ message: 'Nombre de contacts : nombre entier.' })
    .min(1, { message: 'Au moins un contact.' })
    .max(10_000, { message: 'Nombre de contacts trop élevé.' }),
  volet: volet.default(1),
  staff: optionalText('Intervenant', 100),
});
export const outreachRow = outreachInput.omit({ conventionId: true }).extend({
  id,
  personId: z.number().nullable(),
  personFileNumber: z.string().nullable(),
});
export type OutreachRow = z.output<typeof outreachRow>;

export const partnerInput = z.object({
  id: id.optional(),
  /** Required with `id` (an edit): the version the form was loaded from. */
  version: version.optional(),
  name: requiredText('Nom du partenaire', 200),
  type: partnerType,
  commune: optionalText('Commune', 100),
});
export const partnerRow = z.object({
  id,
  version,
  name: z.string(),
  type: z.string(),
  commune: z.string(),
});

export const coordinationInput = z.object({
  conventionId: id,
  date: isoDate,
  kind: coordinationKind,
  title: requiredText('Intitulé', 200),
  decisions: optionalText('Décisions', 4000),
  partnerIds: z.array(id).max(200).default([]),
});
export const coordinationRow = coordinationInput
  .omit({ conventionId: true })
  .extend({ id, version });

export const indicatorRealised = z.object({
  indicatorId: id,
  code: z.string(),
  yearIndex: z.number(),
  /** Computed from the records, typed by hand (manual), or absent. */
  source: z.enum(['records', 'manual', 'none']),
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  detail: z.record(z.string(), z.number()).optional(),
  comment: z.string().optional(),
  target: z.number().nullable(),
  /** Realised / target, as a fraction (0.5 = 50 %), null without a target. */
  achievement: z.number().nullable(),
});
export type IndicatorRealised = z.output<typeof indicatorRealised>;

export const drilldownRow = z.object({
  kind: z.enum(['person', 'outreach', 'coordination', 'barrier']),
  id,
  /** Pseudonymous: file number, or a dated description for anonymous records. */
  reference: z.string(),
  date: z.string().nullable(),
  detail: z.string(),
  personId: z.number().nullable(),
});

export const importMapping = z.record(z.string(), z.string());
const importIssue = z.object({
  line: z.number(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});
export type ImportIssue = z.output<typeof importIssue>;
const importFile = z.object({
  conventionId: id,
  fileName: requiredText('Nom du fichier', 260),
  /** The file's bytes, base64-encoded: encodings are detected by the backend. */
  contentBase64: z
    .string()
    .min(1, { message: 'Le fichier est vide.' })
    // What the web bridge's 64 MiB request can carry: declared, so the generic text bound
    // (define.ts) does not apply to a file's bytes.
    .max(90_000_000, { message: 'Fichier trop volumineux : 64 Mio au plus.' }),
  mapping: importMapping.optional(),
});

export const importPreview = z.object({
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  /** Target field → source column header. */
  mapping: importMapping,
  fields: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  sample: z.array(z.record(z.string(), z.string())),
  counts: z.object({
    rows: z.number(),
    toCreate: z.number(),
    toUpdate: z.number(),
    unchanged: z.number(),
  }),
  issues: z.array(importIssue),
});
export type ImportPreview = z.output<typeof importPreview>;

export const peopleCalls = {
  'people.list': query(z.object({ conventionId: id, today: isoDate }), z.array(personRow)),
  'people.page': query(peoplePageInput, peoplePage),
  'people.get': query(z.object({ id, today: isoDate }), personDetail),
  'people.create': mutation(
    z.object({
      conventionId: id,
      person: personInput,
      identity: identityInput.default({ lastName: '', firstName: '', phone: '', email: '' }),
      pathway: pathwayInput.prefault({}),
    }),
    z.object({ id }),
  ),
  'people.update': mutation(
    z.object({ id, version, person: personInput, identity: identityInput }),
    savedVersion,
  ),
  'pathways.update': mutation(
    z.object({ personId: id, version, pathway: pathwayInput }),
    savedVersion,
  ),
  'barriers.add': mutation(
    z.object({
      personId: id,
      category: barrierCategory,
      identifiedOn: isoDate,
      liftedOn: optionalIsoDate.default(null),
    }),
    z.object({ id }),
  ),
  'barriers.update': mutation(z.object({ id, version, liftedOn: optionalIsoDate }), savedVersion),
  'barriers.delete': mutation(z.object({ id }), ok),
  'actions.add': mutation(
    z.object({
      personId: id,
      type: actionType,
      date: isoDate,
      minutes: z
        .number({ error: 'Durée : nombre de minutes attendu.' })
        .int({ message: 'Durée : nombre entier de minutes.' })
        .min(0, { message: 'Durée : pas de valeur négative.' })
        .max(24 * 60, { message: 'Durée : 24 heures au plus.' }),
      volet,
      staff: optionalText('Intervenant', 100),
    }),
    z.object({ id }),
  ),
  'actions.delete': mutation(z.object({ id }), ok),

  'outreach.list': query(z.object({ conventionId: id }), z.array(outreachRow)),
  'outreach.add': mutation(outreachInput, z.object({ id })),
  'outreach.delete': mutation(z.object({ id }), ok),
  'outreach.toPerson': mutation(
    z.object({ contactId: id, fileNumber }),
    z.object({ personId: id }),
  ),

  'partners.list': query(z.object({ conventionId: id }), z.array(partnerRow)),
  'partners.save': mutation(
    z.object({ conventionId: id, partner: partnerInput }),
    z.object({ id, version }),
  ),
  /** Refused while a coordination action still names the partner (unlink it there first). */
  'partners.delete': mutation(z.object({ id }), ok),
  'coordination.list': query(z.object({ conventionId: id }), z.array(coordinationRow)),
  'coordination.add': mutation(coordinationInput, z.object({ id })),
  'coordination.update': mutation(coordinationInput.extend({ id, version }), savedVersion),
  'coordination.delete': mutation(z.object({ id }), ok),

  'indicators.realised': query(
    z.object({ conventionId: id, date: isoDate }),
    z.array(indicatorRealised),
  ),
  'indicators.drilldown': query(
    z.object({ conventionId: id, code: z.string(), yearIndex: z.number().int().min(1) }),
    z.object({ label: z.string(), rows: z.array(drilldownRow) }),
  ),
  'indicators.setManual': mutation(
    z.object({
      conventionId: id,
      indicatorId: id,
      yearIndex: z.number().int().min(1),
      value: quantity('Valeur réalisée').nullable(),
      comment: optionalText('Commentaire', 1000),
    }),
    ok,
  ),

  'people.importPreview': query(importFile, importPreview),
  'people.importCommit': mutation(
    importFile.extend({ mapping: importMapping }),
    z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
  ),
  /** The outreach log kept in a spreadsheet (volet 1): same wizard, same rules. */
  'outreach.importPreview': query(importFile, importPreview),
  'outreach.importCommit': mutation(
    importFile.extend({ mapping: importMapping }),
    z.object({ created: z.number(), unchanged: z.number() }),
  ),
  /** The coordination actions and committees kept in a spreadsheet (volet 4). */
  'coordination.importPreview': query(importFile, importPreview),
  'coordination.importCommit': mutation(
    importFile.extend({ mapping: importMapping }),
    z.object({ created: z.number(), unchanged: z.number() }),
  ),
  /** The six-month follow-ups of people already recorded (date, situation). */
  'followUps.importPreview': query(importFile, importPreview),
  'followUps.importCommit': mutation(
    importFile.extend({ mapping: importMapping }),
    z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
  ),
  /** The barriers of people already recorded; a re-import sets the lifted dates left empty. */
  'barriers.importPreview': query(importFile, importPreview),
  'barriers.importCommit': mutation(
    importFile.extend({ mapping: importMapping }),
    z.object({ created: z.number(), updated: z.number(), unchanged: z.number() }),
  ),

  'privacy.updateSettings': mutation(
    z.object({
      conventionId: id,
      retentionMonths: z
        .number({ error: 'Durée de conservation : nombre de mois attendu.' })
        .int({ message: 'Durée de conservation : nombre entier de mois.' })
        .min(1, { message: 'Durée de conservation : 1 mois au moins.' })
        .max(240, { message: 'Durée de conservation : 240 mois au plus.' }),
      smallCellThreshold: z
        .number({ error: 'Seuil de masquage : nombre attendu.' })
        .int({ message: 'Seuil de masquage : nombre entier.' })
        .min(1, { message: 'Seuil de masquage : 1 au moins.' })
        .max(50, { message: 'Seuil de masquage : 50 au plus.' }),
    }),
    ok,
  ),
  'privacy.purgePreview': query(
    z.object({ conventionId: id, today: isoDate }),
    z.object({ cutoff: z.string(), count: z.number(), fileNumbers: z.array(z.string()) }),
  ),
  'privacy.purge': mutation(
    z.object({ conventionId: id, today: isoDate }),
    z.object({ purged: z.number() }),
  ),
  'privacy.exportPerson': mutation(
    z.object({ personId: id }),
    z.object({ fileName: z.string(), content: z.string() }),
  ),
  'privacy.erasePerson': mutation(
    z.object({ personId: id, reason: requiredText('Motif de la demande', 500) }),
    ok,
  ),
  'privacy.register': query(
    z.object({ conventionId: id }),
    z.array(
      z.object({
        id,
        at: z.string(),
        user: z.string(),
        kind: z.enum(['access', 'erasure', 'purge']),
        fileNumber: z.string(),
        details: z.string(),
      }),
    ),
  ),
};
