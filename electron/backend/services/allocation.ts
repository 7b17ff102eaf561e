/**
 * The analytic axis of each line (from the file's code or the user's rules), the
 * allocation keys per year with their evidence, and the SIEG's costs computed from both by
 * the pure rules of shared/domain/allocation.ts.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import {
  axisOf,
  copiedKeyEvidence,
  keyExclusivityError,
  proposedAxisForRow,
  keyShare,
  overAllocatedRows,
  siegCosts,
  siegLineAmounts,
  siegRevenue,
  type SiblingKey,
  type AllocationKey,
  type AnalyticRule,
  type Axis,
} from '../../../shared/domain/allocation';
import {
  cerfaRowCodes,
  cerfaRowLabel,
  chartVersionFor,
  rowForAccount,
  signedForRow,
} from '../../../shared/domain/cerfa';
import { conventionYears } from '../../../shared/domain/conventionYears';
import { AppError } from '../../../shared/errors';
import { formatPercent } from '../../../shared/format';
import type { Db } from '../db/open';
import {
  allocationKeys,
  analyticCodes,
  analyticRules,
  conventions,
  ledgerLines,
} from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { activeImport } from './actuals';
import { conventionRow, conventionYear } from './lookup';
import { auxiliaryOfLine, mappingRules } from './mapping';

/** The kept lines of the year's active import, summed by account, journal and code. */
function groupedLines(db: Db, conventionId: number, fiscalYearEnd: string) {
  const active = activeImport(db, conventionId, fiscalYearEnd);
  if (!active) return null;
  return db
    .select({
      account: ledgerLines.compteNum,
      label: sql<string>`max(${ledgerLines.compteLib})`,
      auxiliary: auxiliaryOfLine,
      journal: ledgerLines.journalCode,
      analytic: ledgerLines.analytic,
      lines: sql<number>`count(*)`,
      netDebitCents: sql<number>`sum(${ledgerLines.debitCents} - ${ledgerLines.creditCents})`,
    })
    .from(ledgerLines)
    .where(eq(ledgerLines.importId, active.id))
    .groupBy(ledgerLines.compteNum, auxiliaryOfLine, ledgerLines.journalCode, ledgerLines.analytic)
    .all();
}

function savedCodes(db: Db, conventionId: number) {
  return new Map(
    db
      .select()
      .from(analyticCodes)
      .where(eq(analyticCodes.conventionId, conventionId))
      .all()
      .map((row) => [row.code, row.axis as Axis]),
  );
}

function rulesOf(db: Db, conventionId: number) {
  return db
    .select()
    .from(analyticRules)
    .where(eq(analyticRules.conventionId, conventionId))
    .orderBy(analyticRules.id)
    .all();
}

function keysOf(db: Db, conventionId: number, yearIndex: number): AllocationKey[] {
  return db
    .select()
    .from(allocationKeys)
    .where(
      and(eq(allocationKeys.conventionId, conventionId), eq(allocationKeys.yearIndex, yearIndex)),
    )
    .orderBy(allocationKeys.id)
    .all()
    .map((row) => ({ ...row, basis: row.basis, rows: JSON.parse(row.rows) as string[] }));
}

/** The SIEG's costs and revenue for a year (budget vs actual for the SIEG uses it too). */
export function siegCostsOf(db: Db, conventionId: number, yearIndex: number) {
  const { siegOnly } = conventionRow(db, conventionId);
  const year = conventionYear(db, conventionId, yearIndex).year;
  const lines = groupedLines(db, conventionId, year.fiscalYearEnd);
  const { amounts, unmapped, dedicated } = siegLineAmounts(lines ?? [], {
    mapping: mappingRules(db, conventionId, chartVersionFor(year.fiscalYearStart)),
    codes: savedCodes(db, conventionId),
    rules: rulesOf(db, conventionId) as AnalyticRule[],
    siegOnly,
  });
  const keys = keysOf(db, conventionId, yearIndex);
  const costs = siegCosts(amounts, keys);
  const revenue = siegRevenue(amounts, keys, costs);
  return {
    hasActuals: lines !== null,
    siegOnly,
    rows: costs.rows.map((row) => ({
      row: row.row,
      label: cerfaRowLabel(row.row),
      sieg: row.sieg,
      other: row.other,
      general: row.general,
      keyLabel: row.keyLabel,
      share: row.share,
      allocated: row.allocated,
      siegCost: row.siegCost,
    })),
    direct: costs.direct,
    allocated: costs.allocated,
    flat: costs.flat,
    total: costs.total,
    unallocatedGeneral: costs.unallocatedGeneral,
    keyConflict: costs.keyConflict,
    /** The SIEG's produits by row: its own lines and its share of the common ones. */
    revenueRows: revenue.rows
      .filter((row) => row.sieg !== 0 || row.general !== 0)
      .map((row) => ({ ...row, label: cerfaRowLabel(row.row) })),
    /** The share common revenue no key names is given to the SIEG with (null: none). */
    commonShare: revenue.commonShare,
    unallocatedGeneralRevenue: revenue.unallocatedGeneral,
    siegRevenue: revenue.rows
      .filter((row) => row.sieg !== 0 || row.allocated !== 0)
      .map((row) => ({
        row: row.row,
        label: cerfaRowLabel(row.row),
        amountCents: row.siegRevenue,
      })),
    /** 689 (put aside) and 789 (used) on the SIEG: out of K and R. */
    dedicated,
    /** Accounts of the year no mapping rule places: the control waits for them. */
    unmapped,
  };
}

/**
 * The row keys of the operator's other conventions for the same financial year (the year
 * of this convention ending on the same date): what they already charge to their SIEG.
 */
function siblingKeys(db: Db, conventionId: number, yearIndex: number): SiblingKey[] {
  const convention = conventionRow(db, conventionId);
  const fiscalYearEnd = conventionYear(db, conventionId, yearIndex).year.fiscalYearEnd;
  const siblings = db
    .select()
    .from(conventions)
    .where(and(eq(conventions.operatorId, convention.operatorId), ne(conventions.id, conventionId)))
    .all();
  return siblings.flatMap((sibling) => {
    const year = conventionYears(sibling.startDate, sibling.endDate, sibling.fiscalYearEnd).find(
      (candidate) => candidate.fiscalYearEnd === fiscalYearEnd,
    );
    if (!year) return [];
    return keysOf(db, sibling.id, year.index)
      .filter((key) => key.basis !== 'flat_percent')
      .map((key) => ({
        conventionReference: sibling.reference,
        rows: key.rows,
        share: keyShare(key),
      }));
  });
}

/**
 * The lines without an analytic code, by CERFA row (the year's mapping), each row with the
 * axis the guide proposes. Unmapped accounts are left to the correspondence screen.
 */
function analyticGuide(
  lines: NonNullable<ReturnType<typeof groupedLines>>,
  mapping: ReturnType<typeof mappingRules>,
  codes: ReadonlyMap<string, Axis>,
  rules: readonly AnalyticRule[],
) {
  type Account = {
    account: string;
    label: string;
    auxiliary: string;
    amountCents: number;
    axis: Axis;
    fromRule: boolean;
  };
  const byRow = new Map<string, Map<string, Account>>();
  for (const line of lines) {
    if (line.analytic) continue;
    const row = rowForAccount(line.account, mapping, line.auxiliary)?.row;
    if (!row) continue;
    const placed = axisOf(line, codes, rules);
    const accounts = byRow.get(row) ?? new Map<string, Account>();
    const key = `${line.account}|${line.auxiliary}`;
    const entry = accounts.get(key) ?? {
      account: line.account,
      label: line.label,
      auxiliary: line.auxiliary,
      amountCents: 0,
      axis: placed.axis,
      fromRule: placed.from === 'rule',
    };
    entry.amountCents += signedForRow(row, line.netDebitCents);
    accounts.set(key, entry);
    byRow.set(row, accounts);
  }
  return [...byRow]
    .map(([row, accounts]) => {
      const list = [...accounts.values()].sort((a, b) =>
        `${a.account}|${a.auxiliary}`.localeCompare(`${b.account}|${b.auxiliary}`),
      );
      const proposal = proposedAxisForRow(row);
      return {
        row,
        label: cerfaRowLabel(row),
        amountCents: list.reduce((sum, entry) => sum + entry.amountCents, 0),
        proposal: proposal.axis,
        reason: proposal.reason,
        decided: list.every((entry) => entry.fromRule),
        accounts: list,
      };
    })
    .sort((a, b) => cerfaRowCodes.indexOf(a.row) - cerfaRowCodes.indexOf(b.row));
}

export const allocationHandlers = {
  'analytic.get'({ conventionId, yearIndex }, ctx) {
    const year = conventionYear(ctx.db, conventionId, yearIndex).year;
    const lines = groupedLines(ctx.db, conventionId, year.fiscalYearEnd);
    const codes = savedCodes(ctx.db, conventionId);
    const rules = rulesOf(ctx.db, conventionId);
    const byCode = new Map<string, { netDebitCents: number; lines: number }>();
    const byAxis = { sieg: 0, other: 0, general: 0 };
    let totalLines = 0;
    let codedLines = 0;
    for (const line of lines ?? []) {
      totalLines += line.lines;
      if (line.analytic) codedLines += line.lines;
      if (line.analytic) {
        const total = byCode.get(line.analytic) ?? { netDebitCents: 0, lines: 0 };
        total.netDebitCents += line.netDebitCents;
        total.lines += line.lines;
        byCode.set(line.analytic, total);
      }
      byAxis[axisOf(line, codes, rules as AnalyticRule[]).axis] += line.netDebitCents;
    }
    return {
      hasFile: lines !== null,
      codes: [...byCode].map(([code, total]) => ({
        code,
        axis:
          codes.get(code) ?? axisOf({ analytic: code, account: '', journal: '' }, codes, []).axis,
        saved: codes.has(code),
        ...total,
      })),
      rules: rules.map((rule) => ({
        id: rule.id,
        kind: rule.kind,
        value: rule.value,
        axis: rule.axis,
      })),
      byAxis,
      totalLines,
      codedLines,
      guide: lines
        ? analyticGuide(
            lines,
            mappingRules(ctx.db, conventionId, chartVersionFor(year.fiscalYearStart)),
            codes,
            rules as AnalyticRule[],
          )
        : [],
    };
  },
  'analytic.applyRules'({ conventionId, rules }, ctx) {
    conventionRow(ctx.db, conventionId);
    const existing = rulesOf(ctx.db, conventionId);
    let created = 0;
    let updated = 0;
    for (const rule of rules) {
      const before = existing.find(
        (other) => other.kind === rule.kind && other.value === rule.value,
      );
      if (!before) {
        const inserted = ctx.db
          .insert(analyticRules)
          .values({ conventionId, ...rule })
          .returning({ id: analyticRules.id })
          .get();
        ctx.audit.created('règle analytique', inserted.id, conventionId, rule);
        existing.push({ id: inserted.id, conventionId, ...rule });
        created += 1;
      } else if (before.axis !== rule.axis) {
        ctx.audit.updated('règle analytique', before.id, conventionId, before, { axis: rule.axis });
        ctx.db
          .update(analyticRules)
          .set({ axis: rule.axis })
          .where(eq(analyticRules.id, before.id))
          .run();
        before.axis = rule.axis;
        updated += 1;
      }
    }
    return { created, updated };
  },
  'analytic.setCode'({ conventionId, code, axis }, ctx) {
    // Checked first: an unknown convention would otherwise fail on the foreign key, in English.
    conventionRow(ctx.db, conventionId);
    const before = savedCodes(ctx.db, conventionId).get(code) ?? null;
    ctx.db
      .insert(analyticCodes)
      .values({ conventionId, code, axis })
      .onConflictDoUpdate({
        target: [analyticCodes.conventionId, analyticCodes.code],
        set: { axis },
      })
      .run();
    ctx.audit.updated('code analytique', code, conventionId, { axe: before }, { axe: axis });
    return { ok: true as const };
  },
  'analytic.saveRule'({ conventionId, rule }, ctx) {
    conventionRow(ctx.db, conventionId);
    const { id, ...values } = rule;
    if (id === undefined) {
      const inserted = ctx.db
        .insert(analyticRules)
        .values({ conventionId, ...values })
        .returning({ id: analyticRules.id })
        .get();
      ctx.audit.created('règle analytique', inserted.id, conventionId, values);
      return { id: inserted.id };
    }
    const before = ctx.db
      .select()
      .from(analyticRules)
      .where(and(eq(analyticRules.id, id), eq(analyticRules.conventionId, conventionId)))
      .get();
    if (!before) throw AppError.notFound('Cette règle est introuvable.');
    if (ctx.audit.updated('règle analytique', id, conventionId, before, values) > 0) {
      ctx.db.update(analyticRules).set(values).where(eq(analyticRules.id, id)).run();
    }
    return { id };
  },
  'analytic.deleteRule'({ id }, ctx) {
    const before = ctx.db.select().from(analyticRules).where(eq(analyticRules.id, id)).get();
    if (!before) throw AppError.notFound('Cette règle est introuvable.');
    ctx.db.delete(analyticRules).where(eq(analyticRules.id, id)).run();
    ctx.audit.deleted('règle analytique', id, before.conventionId, before);
    return { ok: true as const };
  },
  'keys.list'({ conventionId, yearIndex }, ctx) {
    conventionYear(ctx.db, conventionId, yearIndex);
    return keysOf(ctx.db, conventionId, yearIndex).map((key) => ({
      ...key,
      rows: [...key.rows],
      share: keyShare(key),
    }));
  },
  'keys.save'({ conventionId, yearIndex, key }, ctx) {
    conventionYear(ctx.db, conventionId, yearIndex);
    const { id, rows, ...values } = key;
    const existing = keysOf(ctx.db, conventionId, yearIndex).filter((other) => other.id !== id);
    const taken = rows.filter((row) =>
      existing.some((other) => other.basis !== 'flat_percent' && other.rows.includes(row)),
    );
    if (key.basis !== 'flat_percent' && taken.length > 0) {
      throw AppError.validation([
        {
          path: 'key.rows',
          message: `Ligne(s) ${taken.join(', ')} déjà réparties par une autre clé cette année : une seule clé par ligne.`,
        },
      ]);
    }
    const exclusive = keyExclusivityError(key, existing);
    if (exclusive) throw AppError.validation([{ path: 'key.basis', message: exclusive }]);
    if (key.basis !== 'flat_percent') {
      const over = overAllocatedRows(
        { rows, share: keyShare(key) },
        siblingKeys(ctx.db, conventionId, yearIndex),
      );
      if (over.length > 0)
        throw AppError.validation([
          {
            path: 'key.rows',
            message: over
              .map(
                (entry) =>
                  `Ligne ${cerfaRowLabel(entry.row)} : avec les clés de ${entry.references.map((reference) => `la convention ${reference}`).join(', ')} pour le même exercice, l'organisme imputerait ${formatPercent(entry.total, 1)} de ce coût à des SIEG (${formatPercent(1)} au plus).`,
              )
              .join(' '),
          },
        ]);
    }
    const stored = { ...values, rows: JSON.stringify(rows) };
    if (id === undefined) {
      const inserted = ctx.db
        .insert(allocationKeys)
        .values({ conventionId, yearIndex, ...stored })
        .returning({ id: allocationKeys.id })
        .get();
      ctx.audit.created(
        'clé de répartition',
        `année ${yearIndex}/${values.label}`,
        conventionId,
        stored,
      );
      return { id: inserted.id };
    }
    const before = ctx.db
      .select()
      .from(allocationKeys)
      // The year too: the overlap check above and the audit label are this year's.
      .where(
        and(
          eq(allocationKeys.id, id),
          eq(allocationKeys.conventionId, conventionId),
          eq(allocationKeys.yearIndex, yearIndex),
        ),
      )
      .get();
    if (!before) throw AppError.notFound('Cette clé est introuvable.');
    if (
      ctx.audit.updated(
        'clé de répartition',
        `année ${yearIndex}/${values.label}`,
        conventionId,
        before,
        stored,
      ) > 0
    ) {
      ctx.db.update(allocationKeys).set(stored).where(eq(allocationKeys.id, id)).run();
    }
    return { id };
  },
  'keys.delete'({ id }, ctx) {
    const before = ctx.db.select().from(allocationKeys).where(eq(allocationKeys.id, id)).get();
    if (!before) throw AppError.notFound('Cette clé est introuvable.');
    ctx.db.delete(allocationKeys).where(eq(allocationKeys.id, id)).run();
    ctx.audit.deleted(
      'clé de répartition',
      `année ${before.yearIndex}/${before.label}`,
      before.conventionId,
      before,
    );
    return { ok: true as const };
  },
  'keys.copyPrevious'({ conventionId, yearIndex, replace }, ctx) {
    conventionYear(ctx.db, conventionId, yearIndex);
    if (yearIndex === 1)
      throw AppError.validation([
        {
          path: 'yearIndex',
          message: "L'année 1 n'a pas d'année précédente dont reprendre les clés.",
        },
      ]);
    const previous = keysOf(ctx.db, conventionId, yearIndex - 1);
    if (previous.length === 0)
      throw AppError.validation([
        {
          path: 'yearIndex',
          message: `L'année ${yearIndex - 1} n'a aucune clé de répartition à reprendre.`,
        },
      ]);
    const current = keysOf(ctx.db, conventionId, yearIndex);
    if (current.length > 0 && !replace)
      throw AppError.validation([
        {
          path: 'replace',
          message: `L'année ${yearIndex} a déjà ${current.length} clé(s) de répartition : confirmez leur remplacement par celles de l'année ${yearIndex - 1}, ou modifiez-les une à une.`,
        },
      ]);
    // The sibling conventions' keys for the same financial year still bound each row.
    const siblings = siblingKeys(ctx.db, conventionId, yearIndex);
    const over = previous
      .filter((key) => key.basis !== 'flat_percent')
      .flatMap((key) => overAllocatedRows({ rows: key.rows, share: keyShare(key) }, siblings));
    if (over.length > 0)
      throw AppError.validation([
        {
          path: 'yearIndex',
          message: over
            .map(
              (entry) =>
                `Ligne ${cerfaRowLabel(entry.row)} : avec les clés de ${entry.references.map((reference) => `la convention ${reference}`).join(', ')} pour le même exercice, l'organisme imputerait ${formatPercent(entry.total, 1)} de ce coût à des SIEG (${formatPercent(1)} au plus).`,
            )
            .join(' '),
        },
      ]);
    for (const key of current) {
      const { rows, ...rest } = key;
      ctx.db.delete(allocationKeys).where(eq(allocationKeys.id, key.id)).run();
      ctx.audit.deleted('clé de répartition', `année ${yearIndex}/${key.label}`, conventionId, {
        ...rest,
        rows: JSON.stringify(rows),
      });
    }
    for (const key of previous) {
      const stored = {
        label: key.label,
        basis: key.basis,
        siegQuantity: key.siegQuantity,
        totalQuantity: key.totalQuantity,
        evidence: copiedKeyEvidence(key.evidence, yearIndex - 1),
        rows: JSON.stringify(key.rows),
      };
      ctx.db
        .insert(allocationKeys)
        .values({ conventionId, yearIndex, ...stored })
        .run();
      ctx.audit.created('clé de répartition', `année ${yearIndex}/${key.label}`, conventionId, {
        ...stored,
        reprise: `année ${yearIndex - 1}`,
      });
    }
    return { copied: previous.length, replaced: current.length };
  },
  'siegCosts.get'({ conventionId, yearIndex }, ctx) {
    return siegCostsOf(ctx.db, conventionId, yearIndex);
  },
  'siegScope.get'({ conventionId }, ctx) {
    const { siegOnly, specialRights } = conventionRow(ctx.db, conventionId);
    return { siegOnly, specialRights };
  },
  'siegScope.set'({ conventionId, scope }, ctx) {
    const convention = conventionRow(ctx.db, conventionId);
    if (ctx.audit.updated('convention', conventionId, conventionId, convention, scope) > 0)
      ctx.db.update(conventions).set(scope).where(eq(conventions.id, conventionId)).run();
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'analytic.get'
  | 'analytic.setCode'
  | 'analytic.applyRules'
  | 'analytic.saveRule'
  | 'analytic.deleteRule'
  | 'keys.list'
  | 'keys.save'
  | 'keys.delete'
  | 'keys.copyPrevious'
  | 'siegCosts.get'
  | 'siegScope.get'
  | 'siegScope.set'
>;
