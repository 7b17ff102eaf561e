/**
 * Calls about the three documents for the DREETS: the narrative sections the staff write,
 * the check of what is missing before generating, the generation itself (archived with its
 * hash and the figures it showed), the archive, and the tables as CSV or XLSX.
 */
import { z } from 'zod';
import { id, mutation, ok, query } from './define';
import { yearIndex } from './fields';

export const reportKind = z.enum(['activity', 'financial', 'final'], {
  error: 'Document : choisissez dans la liste.',
});
export type ReportKind = z.output<typeof reportKind>;

/** Narrative sections per document; the bilan final's are stored under year 0. */
export const narrativeSections = {
  activity: {
    highlights: 'Faits marquants de l’année',
    difficulties: 'Difficultés rencontrées',
    outlook: 'Perspectives pour l’année suivante',
  },
  financial: { observations: 'Observations sur l’exécution financière' },
  final: {
    assessment: 'Bilan de la convention',
    lessons: 'Enseignements',
    outlook: 'Perspectives (prochain appel à manifestation d’intérêt)',
  },
} as const;

/**
 * Optional narrative sections: a comment per volet of the activity report, printed under the
 * volet's figures when written. Not required: an empty one does not make a draft.
 */
export const optionalNarrativeSections: Partial<Record<ReportKind, Record<string, string>>> = {
  activity: {
    volet1: 'Volet 1 — Repérage : commentaire (facultatif)',
    volet2: 'Volet 2 — Remobilisation : commentaire (facultatif)',
    volet3: 'Volet 3 — Accompagnement : commentaire (facultatif)',
    volet4: 'Volet 4 — Coordination et partenariats : commentaire (facultatif)',
  },
};

const reportTarget = z
  .object({ conventionId: id, kind: reportKind, yearIndex: yearIndex.nullable() })
  .superRefine((value, ctx) => {
    if ((value.kind === 'final') !== (value.yearIndex === null))
      ctx.addIssue({
        code: 'custom',
        path: ['yearIndex'],
        message:
          value.kind === 'final'
            ? 'Le bilan final couvre toute la CPO : pas d’année à choisir.'
            : 'Choisissez l’année du document.',
      });
  });

/** The convention tabs a check item can send the user to (the page's route segments). */
export const conventionTab = z.enum([
  'identite',
  'volets',
  'objectifs',
  'personnes',
  'reperage',
  'coordination',
  'realisations',
  'budget',
  'compensation',
  'rapports',
]);
export type ConventionTab = z.output<typeof conventionTab>;

/** Where a missing item is fixed: a tab of the convention, for a year, at a section. */
export const checkLink = z.object({
  tab: conventionTab,
  year: z.number().int().nullable(),
  /** A narrative section key, or a part of the tab (e.g. 'correspondance'). */
  section: z.string().nullable(),
});
export type CheckLink = z.output<typeof checkLink>;

/**
 * One thing the document would print incomplete or wrong. Every item blocks a final
 * document: the user completes it, or generates a draft marked « PROJET — document
 * incomplet ». `code` is stable (tests, links); `message` is what the user reads.
 */
export const checkItem = z.object({
  code: z.string(),
  message: z.string(),
  link: checkLink,
});
export type CheckItem = z.output<typeof checkItem>;

export const checkResult = z.object({
  items: z.array(checkItem),
  /** The messages alone, as the draft's cover and the archive list them. */
  missing: z.array(z.string()),
  /** The financial year is not closed (or the FEC goes past today): figures are provisional. */
  provisional: z.boolean(),
});
export type CheckResult = z.output<typeof checkResult>;

const archiveEntry = z.object({
  id,
  kind: reportKind,
  yearIndex: z.number().nullable(),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  draft: z.boolean(),
  missing: z.array(z.string()),
  generatedAt: z.string(),
  generatedBy: z.string(),
});

export const reportCalls = {
  'narratives.get': query(
    z.object({ conventionId: id, yearIndex: z.number().int().min(0).max(10) }),
    z.record(z.string(), z.string()),
  ),
  'narratives.set': mutation(
    z.object({
      conventionId: id,
      yearIndex: z.number().int().min(0).max(10),
      section: z.string().min(1).max(40),
      text: z.string().trim().max(20_000, { message: 'Texte : 20 000 caractères au plus.' }),
    }),
    ok,
  ),
  /** What a careful reader would miss in the document, before it is generated. */
  'reports.check': query(reportTarget, checkResult),
  'reports.generate': mutation(
    z.intersection(reportTarget, z.object({ allowDraft: z.boolean().default(false) })),
    archiveEntry,
  ),
  'reports.list': query(z.object({ conventionId: id }), z.array(archiveEntry)),
  /** An archived document, to save or open again exactly as it was generated. */
  'reports.file': query(
    z.object({ id }),
    z.object({ fileName: z.string(), sha256: z.string(), contentBase64: z.string() }),
  ),
  /** The tables of an archived document, as it printed them. */
  'reports.tables': query(
    z.object({ id, format: z.enum(['csv', 'xlsx']) }),
    z.object({ fileName: z.string(), contentBase64: z.string() }),
  ),
};
