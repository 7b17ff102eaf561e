/**
 * What a generated document holds, read from one snapshot of the database: the figures,
 * what is missing, the masks, then the Word file. Shared by the report check (main thread)
 * and the generation's preparation, which runs in a worker thread (reports/reportWorker.ts)
 * with its own read-only connection, or in this thread where no built worker exists
 * (vitest): the same function either way, so the same bytes.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CheckItem, ReportKind } from '../../../shared/contract/reports';
import { AppError } from '../../../shared/errors';
import type { QueryContext } from '../context';
import type { Db } from '../db/open';
import { reportNarratives } from '../db/schema';
import type { ReportSource } from '../reports/model';
import { suppressCells } from '../../../shared/domain/smallCells';
import { activityLedger } from '../reports/activityContent';
import { mergeLedgers } from '../reports/cellBook';
import { finalLedger } from '../reports/finalContent';
import {
  buildActivityContent,
  buildFinalContent,
  buildFinancialContent,
  renderDocx,
  type ReportContent,
} from '../reports';
import { readConvention } from './conventions';
import { reportParties } from './reportData/parties';
import { activityFigures, finalIndicatorFigures } from './reportData/activityModel';
import {
  activityCompleteness,
  addressItems,
  attestationItems,
  financialCompleteness,
  isProvisional,
  narrativeItems,
} from './reportData/completeness';
import {
  attestationOf,
  finalFinances,
  financialFigures,
  siegAnnex,
  yearInfo,
} from './reportData/financialModel';
import { connectionOf } from './readCache';

export function narrativesOf(
  db: Db,
  conventionId: number,
  yearIndex: number,
): Record<string, string> {
  return Object.fromEntries(
    db
      .select()
      .from(reportNarratives)
      .where(
        and(
          eq(reportNarratives.conventionId, conventionId),
          eq(reportNarratives.yearIndex, yearIndex),
        ),
      )
      .all()
      .map((row) => [row.section, row.text]),
  );
}

/**
 * The small-cell masks of every document of the convention, decided together: the activity
 * report of each year begun and the bilan print the same figures (year 2 in both), so a cell
 * masked in one is masked in the other, and no total, rate or year of any of them can give
 * a masked cell back (`suppressCells`, secondary suppression).
 */
function conventionMasks(
  ctx: QueryContext,
  convention: ReturnType<typeof readConvention>,
  today: string,
  base: { generatedOn: string; smallCellThreshold: number; source: ReportSource },
): string[] {
  const common = { ...base, draft: false, missingItems: [] };
  const begun = convention.years.filter((year) => year.start <= today);
  const ledgers = begun.map((year) =>
    activityLedger({
      ...activityFigures(ctx.db, convention.id, year.index, today),
      ...common,
      narratives: { highlights: '', difficulties: '', outlook: '' },
    }),
  );
  ledgers.push(
    finalLedger({
      ...reportParties(convention),
      ...common,
      years: convention.years.map((year) => yearInfo(convention, year.index)),
      indicators: finalIndicatorFigures(ctx.db, convention.id, today),
      // Only people are masked: the money of the bilan plays no part in the masks.
      finances: [],
      sieg: { regime: 'sieg_de_minimis', ceiling: 0, grantedRolling3Years: 0, remaining: 0 },
      narratives: { assessment: '', lessons: '', outlook: '' },
      attestation: attestationOf(convention, today),
    }),
  );
  return [...suppressCells(mergeLedgers(ledgers), base.smallCellThreshold)].sort();
}

export interface Target {
  conventionId: number;
  kind: ReportKind;
  yearIndex: number | null;
}

function yearOf(target: Target): number {
  if (target.yearIndex === null)
    throw AppError.validation([{ path: 'yearIndex', message: 'Choisissez l’année du document.' }]);
  return target.yearIndex;
}

/**
 * What is missing, then the content: every figure comes from the services, formatted once.
 * The check runs at the context's date (`ctx.today()`), the date the document is dated.
 */
export function contentOf(ctx: QueryContext, target: Target, draftAllowed: boolean) {
  const convention = readConvention(ctx.db, target.conventionId);
  const today = ctx.today();
  const narratives = narrativesOf(ctx.db, convention.id, target.yearIndex ?? 0);
  const base = {
    generatedOn: today,
    smallCellThreshold: convention.smallCellThreshold,
    source: {
      conventionId: convention.id,
      yearId: target.yearIndex,
      snapshotTag: ctx.now().toISOString(),
    },
  };
  let items: CheckItem[];
  let build: (draft: boolean, missing: string[]) => ReportContent;
  if (target.kind === 'activity') {
    const yearIndex = yearOf(target);
    const figures = activityFigures(ctx.db, convention.id, yearIndex, today);
    items = activityCompleteness({
      db: ctx.db,
      convention,
      yearIndex,
      today,
      figures,
      narratives,
    });
    build = (draft, missing) =>
      buildActivityContent({
        ...figures,
        ...base,
        draft,
        missingItems: missing,
        // The masks read every year's figures: only a document needs them, not the check.
        suppressed: conventionMasks(ctx, convention, today, base),
        narratives: {
          highlights: narratives.highlights ?? '',
          difficulties: narratives.difficulties ?? '',
          outlook: narratives.outlook ?? '',
          volets: Object.fromEntries(
            [1, 2, 3, 4].map((volet) => [volet, narratives[`volet${volet}`] ?? '']),
          ),
        },
      });
  } else if (target.kind === 'financial') {
    const yearIndex = yearOf(target);
    const figures = financialFigures(ctx, convention, yearIndex);
    items = [
      ...narrativeItems('financial', narratives, yearIndex),
      ...financialCompleteness(ctx, convention, yearIndex, today),
      ...attestationItems(convention),
      ...addressItems(convention),
    ];
    build = (draft, missing) =>
      buildFinancialContent({
        ...figures,
        ...base,
        draft,
        missingItems: missing,
        observations: narratives.observations ?? '',
      });
  } else {
    const years = convention.years.map((year) => year.index);
    items = [
      ...narrativeItems('final', narratives, null),
      ...years.flatMap((yearIndex) =>
        financialCompleteness(ctx, convention, yearIndex, today).map((entry) => ({
          ...entry,
          message: `${yearInfo(convention, yearIndex).label} — ${entry.message}`,
        })),
      ),
      ...attestationItems(convention),
      ...addressItems(convention),
    ];
    // The action's figures, as in each year's compte rendu; no actual before a year's FEC.
    build = (draft, missing) =>
      buildFinalContent({
        suppressed: conventionMasks(ctx, convention, today, base),
        ...reportParties(convention),
        ...base,
        draft,
        missingItems: missing,
        years: years.map((yearIndex) => yearInfo(convention, yearIndex)),
        indicators: finalIndicatorFigures(ctx.db, convention.id, today),
        ...finalFinances(ctx, convention),
        sieg: siegAnnex(ctx, convention),
        narratives: {
          assessment: narratives.assessment ?? '',
          lessons: narratives.lessons ?? '',
          outlook: narratives.outlook ?? '',
        },
        attestation: attestationOf(convention, today),
      });
  }
  const missing = items.map((entry) => entry.message);
  if (missing.length > 0 && !draftAllowed)
    throw AppError.validation(
      missing.map((message) => ({ path: 'allowDraft', message })),
      'Le document est incomplet : complétez ce qui manque ou générez un projet.',
    );
  return {
    convention,
    items,
    missing,
    provisional: isProvisional(items),
    // Built only when asked: the check alone needs no document.
    content: () => build(missing.length > 0, missing),
  };
}

const kindFileNames: Record<ReportKind, string> = {
  activity: 'Rapport-activite',
  financial: 'Compte-rendu-financier',
  final: 'Bilan-final',
};

function fileNameOf(reference: string, target: Target, yearLabel: string | null, draft: boolean) {
  const parts = [kindFileNames[target.kind], yearLabel, reference.replace(/[^\w-]+/g, '-')];
  return `${parts.filter(Boolean).join('_')}${draft ? '_PROJET' : ''}.docx`;
}

/** A document ready to archive: its bytes, its figures (for the tables export), what it lacks. */
export interface PreparedReport {
  fileName: string;
  buffer: Buffer;
  sha256: string;
  figures: string;
  missing: string[];
}

/**
 * Reads everything the document prints inside ONE read transaction — a single snapshot,
 * whatever another connection commits meanwhile — then builds the Word file (no database
 * access). Throws the French VALIDATION error if something is missing and no draft is asked.
 */
export async function prepareReport(
  ctx: QueryContext,
  input: Target & { allowDraft: boolean },
): Promise<PreparedReport> {
  const read = connectionOf(ctx.db).transaction(() => {
    const { convention, missing, content } = contentOf(ctx, input, input.allowDraft);
    return { convention, missing, content: content() };
  });
  const { convention, missing, content } = read();
  const buffer = await renderDocx(content, { author: ctx.userName });
  const yearLabel =
    input.yearIndex === null
      ? null
      : (convention.years.find((year) => year.index === input.yearIndex)?.label ?? null);
  return {
    fileName: fileNameOf(convention.reference, input, yearLabel, missing.length > 0),
    buffer,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    figures: JSON.stringify(content),
    missing,
  };
}
