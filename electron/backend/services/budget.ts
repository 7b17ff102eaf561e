/**
 * The budget in the CERFA rows, the account → row mapping (catalogue per chart version,
 * overridden per convention), and budget vs actual with the gaps the annex must explain.
 * Every actual comes from the year's active FEC import through the mapping; the rules of
 * sign and gap are the pure ones of shared/domain/cerfa.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  cerfaRow,
  cerfaRows,
  gapOf,
  rowForAccount,
  sideTotal,
  splitsByAuxiliary,
  guessFunderRow,
  signedForRow,
  type ChartVersion,
} from '../../../shared/domain/cerfa';
import { conventionYears } from '../../../shared/domain/conventionYears';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import {
  accountMappings,
  budgetLines,
  conventions,
  gapExplanations,
  ledgerLines,
} from '../db/schema';
import type { MutationContext } from '../context';
import type { HandlerGroup } from '../handlerTypes';
import { activeImport } from './actuals';
import { refuseStaleCells } from './gridConflicts';
import { conventionRow, conventionYear } from './lookup';
import { cachedQuery } from './readCache';
import { auxiliaryOfLine, mappingRules } from './mapping';
import { siegCostsOf } from './allocation';
import { loadTerms } from './objectives';
import { termsInForce } from '../../../shared/domain/valuesInForce';

/**
 * Net debit per account (and per funder's auxiliary account for 74x) of the year's active
 * import (classes 6, 7, 86, 87 are stored).
 */
export function accountTotals(db: Db, conventionId: number, fiscalYearEnd: string) {
  const active = activeImport(db, conventionId, fiscalYearEnd);
  if (!active) return null;
  return db
    .select({
      account: ledgerLines.compteNum,
      auxiliary: auxiliaryOfLine,
      label: sql<string>`max(${ledgerLines.compteLib})`,
      auxiliaryLabel: sql<string>`max(${ledgerLines.compAuxLib})`,
      netDebitCents: sql<number>`sum(${ledgerLines.debitCents} - ${ledgerLines.creditCents})`,
    })
    .from(ledgerLines)
    .where(eq(ledgerLines.importId, active.id))
    .groupBy(ledgerLines.compteNum, auxiliaryOfLine)
    .orderBy(ledgerLines.compteNum, auxiliaryOfLine)
    .all()
    .map((total) => ({
      ...total,
      auxiliaryLabel: total.auxiliary === '' ? '' : total.auxiliaryLabel,
    }));
}

function readBudget(db: Db, conventionId: number) {
  return db
    .select({
      yearIndex: budgetLines.yearIndex,
      row: budgetLines.row,
      amountCents: budgetLines.amountCents,
    })
    .from(budgetLines)
    .where(eq(budgetLines.conventionId, conventionId))
    .orderBy(budgetLines.yearIndex, budgetLines.row)
    .all();
}

/** Writes the lines that changed (null removes one); each change is logged. */
function writeBudget(
  ctx: MutationContext,
  conventionId: number,
  yearIndex: number,
  lines: readonly { row: string; amountCents: number | null }[],
): number {
  let changed = 0;
  for (const line of lines) {
    const where = and(
      eq(budgetLines.conventionId, conventionId),
      eq(budgetLines.yearIndex, yearIndex),
      eq(budgetLines.row, line.row),
    );
    const before = ctx.db.select().from(budgetLines).where(where).get()?.amountCents ?? null;
    if (before === line.amountCents) continue;
    if (line.amountCents === null) ctx.db.delete(budgetLines).where(where).run();
    else {
      ctx.db
        .insert(budgetLines)
        .values({ conventionId, yearIndex, row: line.row, amountCents: line.amountCents })
        .onConflictDoUpdate({
          target: [budgetLines.conventionId, budgetLines.yearIndex, budgetLines.row],
          set: { amountCents: line.amountCents },
        })
        .run();
    }
    ctx.audit.updated(
      'budget',
      `année ${yearIndex}/${line.row}`,
      conventionId,
      { montantCentimes: before },
      { montantCentimes: line.amountCents },
    );
    changed += 1;
  }
  return changed;
}

/**
 * One year's forecast and actual per CERFA row. For the SIEG alone, charges are its cost
 * (direct + share of general costs by the keys) and produits its own revenue — both from
 * the allocation service, so K is computed in one place.
 */
function yearFigures(
  db: Db,
  conventionId: number,
  yearIndex: number,
  scope: 'operator' | 'sieg',
  today: string,
) {
  const { year, chartVersion } = conventionYear(db, conventionId, yearIndex);
  // The forecast as amended: the budget entered, then every avenant in force that day.
  const { base, avenants } = loadTerms(db, conventionId);
  const forecast = new Map(
    termsInForce(base, avenants, today)
      .budget.filter((line) => line.yearIndex === yearIndex)
      .map((line) => [line.row, line.amountCents]),
  );
  const explanations = new Map(
    db
      .select()
      .from(gapExplanations)
      .where(
        and(
          eq(gapExplanations.conventionId, conventionId),
          eq(gapExplanations.yearIndex, yearIndex),
        ),
      )
      .all()
      .map((explanation) => [explanation.row, explanation.text]),
  );
  const rules = mappingRules(db, conventionId, chartVersion);
  const totals = accountTotals(db, conventionId, year.fiscalYearEnd);
  const accounts = new Map<
    string,
    { account: string; auxiliary: string; label: string; netDebitCents: number }[]
  >();
  const actual = new Map<string, number>();
  for (const total of totals ?? []) {
    const row = rowForAccount(total.account, rules, total.auxiliary)?.row ?? '74_to_assign';
    const list = accounts.get(row) ?? [];
    const { account, auxiliary, label, netDebitCents } = total;
    list.push({ account, auxiliary, label, netDebitCents });
    accounts.set(row, list);
    actual.set(row, (actual.get(row) ?? 0) + signedForRow(row, total.netDebitCents));
  }
  if (scope === 'sieg' && totals) {
    const sieg = siegCostsOf(db, conventionId, yearIndex);
    // Contributions in kind have no analytic split: the organisation's serve the action.
    const inKind = [...actual].filter(([row]) => cerfaRow(row)?.inKind);
    actual.clear();
    for (const [row, amount] of inKind) actual.set(row, amount);
    for (const row of sieg.rows) actual.set(row.row, row.siegCost);
    if (sieg.flat) actual.set('indirect', (actual.get('indirect') ?? 0) + sieg.flat);
    for (const revenue of sieg.siegRevenue) actual.set(revenue.row, revenue.amountCents);
    // The action's dedicated funds stay on its rows 68/78; the control keeps them out of K and R.
    for (const [row, amount] of [
      ['68', sieg.dedicated.provision],
      ['78', sieg.dedicated.use],
    ] as const)
      if (amount !== 0) actual.set(row, (actual.get(row) ?? 0) + amount);
  }
  return {
    fiscalYearEnd: year.fiscalYearEnd,
    hasActuals: totals !== null,
    forecast,
    actual,
    accounts,
    explanations,
  };
}

/**
 * Refuses rules whose convention rule was changed by someone else since the form was loaded
 * (`was`: the convention's own row for that prefix and auxiliary then, null for none).
 */
function refuseStaleRules(
  ctx: MutationContext,
  conventionId: number,
  chartVersion: ChartVersion,
  rules: readonly { prefix: string; auxiliary: string; row: string | null; was?: string | null }[],
): void {
  const stored = new Map(
    ctx.db
      .select()
      .from(accountMappings)
      .where(
        and(
          eq(accountMappings.conventionId, conventionId),
          eq(accountMappings.chartVersion, chartVersion),
        ),
      )
      .all()
      .map((rule) => [`${rule.prefix}/${rule.auxiliary}`, rule.row]),
  );
  refuseStaleCells(
    ctx,
    conventionId,
    'correspondance',
    rules.map((rule) => ({
      entityId:
        rule.auxiliary === ''
          ? `${chartVersion}/${rule.prefix}`
          : `${chartVersion}/${rule.prefix}/${rule.auxiliary}`,
      prefix: rule.prefix,
      auxiliary: rule.auxiliary,
      stored: stored.get(`${rule.prefix}/${rule.auxiliary}`) ?? null,
      was: rule.was,
      value: rule.row,
    })),
    (stale) => ({
      chartVersion,
      rules: stale.map((cell) => ({
        prefix: cell.prefix,
        auxiliary: cell.auxiliary,
        row: cell.stored,
      })),
    }),
  );
}

/** Writes (or with row null removes) one convention rule; returns 1 when it changed. */
function writeMappingRule(
  ctx: MutationContext,
  {
    conventionId,
    chartVersion,
    prefix,
    auxiliary,
    row,
  }: {
    conventionId: number;
    chartVersion: ChartVersion;
    prefix: string;
    auxiliary: string;
    row: string | null;
  },
): number {
  if (auxiliary !== '' && !splitsByAuxiliary(prefix))
    throw AppError.validation([
      {
        path: 'auxiliary',
        message: 'Seules les subventions (comptes 74…) se répartissent par compte auxiliaire.',
      },
    ]);
  const where = and(
    eq(accountMappings.conventionId, conventionId),
    eq(accountMappings.chartVersion, chartVersion),
    eq(accountMappings.prefix, prefix),
    eq(accountMappings.auxiliary, auxiliary),
  );
  const before = ctx.db.select().from(accountMappings).where(where).get();
  if (row === null) ctx.db.delete(accountMappings).where(where).run();
  else {
    ctx.db
      .insert(accountMappings)
      .values({ conventionId, chartVersion, prefix, auxiliary, row })
      .onConflictDoUpdate({
        target: [
          accountMappings.conventionId,
          accountMappings.chartVersion,
          accountMappings.prefix,
          accountMappings.auxiliary,
        ],
        set: { row },
      })
      .run();
  }
  const changed = ctx.audit.updated(
    'correspondance',
    auxiliary === '' ? `${chartVersion}/${prefix}` : `${chartVersion}/${prefix}/${auxiliary}`,
    conventionId,
    { ligne: before?.row ?? null },
    { ligne: row },
  );
  return changed > 0 ? 1 : 0;
}

export const budgetHandlers = {
  'mapping.get'({ conventionId, yearIndex }, ctx) {
    // Also read by the dashboard's watch list, year by year: once per change of the money.
    return cachedQuery(ctx.db, 'mapping.get', `${conventionId}:${yearIndex}`, () => {
      const { year, chartVersion } = conventionYear(ctx.db, conventionId, yearIndex);
      const rules = mappingRules(ctx.db, conventionId, chartVersion);
      return {
        chartVersion,
        fiscalYearEnd: year.fiscalYearEnd,
        rules,
        accounts: (accountTotals(ctx.db, conventionId, year.fiscalYearEnd) ?? []).map((total) => {
          const rule = rowForAccount(total.account, rules, total.auxiliary);
          const toAssign = !rule || Boolean(cerfaRow(rule.row)?.toAssign);
          return {
            ...total,
            row: rule?.row ?? null,
            toAssign,
            suggestedRow:
              toAssign && splitsByAuxiliary(total.account)
                ? guessFunderRow(total.auxiliary, total.auxiliaryLabel, total.label)
                : null,
          };
        }),
      };
    });
  },
  'mapping.set'(input, ctx) {
    // Checked first: an unknown convention would otherwise fail on the foreign key, in English.
    conventionRow(ctx.db, input.conventionId);
    refuseStaleRules(ctx, input.conventionId, input.chartVersion, [input]);
    writeMappingRule(ctx, input);
    return { ok: true as const };
  },
  'mapping.setMany'({ conventionId, chartVersion, rules }, ctx) {
    conventionRow(ctx.db, conventionId);
    refuseStaleRules(ctx, conventionId, chartVersion, rules);
    let changed = 0;
    for (const rule of rules)
      changed += writeMappingRule(ctx, { conventionId, chartVersion, ...rule });
    return { changed };
  },
  'budget.get'({ conventionId }, ctx) {
    return readBudget(ctx.db, conventionId);
  },
  'budget.set'({ conventionId, yearIndex, lines }, ctx) {
    conventionYear(ctx.db, conventionId, yearIndex);
    const stored = new Map(
      readBudget(ctx.db, conventionId)
        .filter((line) => line.yearIndex === yearIndex)
        .map((line) => [line.row, line.amountCents]),
    );
    refuseStaleCells(
      ctx,
      conventionId,
      'budget',
      lines.map((line) => ({
        entityId: `année ${yearIndex}/${line.row}`,
        row: line.row,
        stored: stored.get(line.row) ?? null,
        was: line.was,
        value: line.amountCents,
      })),
      (stale) => ({
        yearIndex,
        lines: stale.map((cell) => ({ row: cell.row, amountCents: cell.stored })),
      }),
    );
    return { changed: writeBudget(ctx, conventionId, yearIndex, lines) };
  },
  'budget.copyYear'({ conventionId, fromYear, toYear }, ctx) {
    conventionYear(ctx.db, conventionId, fromYear, 'fromYear');
    conventionYear(ctx.db, conventionId, toYear, 'toYear');
    if (fromYear === toYear)
      throw AppError.validation([
        { path: 'toYear', message: "Choisissez une autre année que l'année copiée." },
      ]);
    const budget = readBudget(ctx.db, conventionId);
    const source = budget.filter((line) => line.yearIndex === fromYear);
    const rows = new Set(source.map((line) => line.row));
    const existing = budget.filter((line) => line.yearIndex === toYear);
    const copied = writeBudget(ctx, conventionId, toYear, [
      ...source.map((line) => ({ row: line.row, amountCents: line.amountCents })),
      ...existing
        .filter((line) => !rows.has(line.row))
        .map((line) => ({ row: line.row, amountCents: null })),
    ]);
    return { copied };
  },
  'budget.vsActual'({ conventionId, yearIndex, scope }, ctx) {
    // The dashboard's card and its watch list ask for the same year: computed once per change.
    const key = `${conventionId}:${yearIndex}:${scope}:${ctx.today()}`;
    return cachedQuery(ctx.db, 'budget.vsActual', key, () => {
      const { convention } = conventionYear(ctx.db, conventionId, yearIndex ?? 1);
      const years =
        yearIndex === null
          ? conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd).map(
              (y) => y.index,
            )
          : [yearIndex];
      const threshold = {
        basisPoints: convention.gapThresholdBp,
        cents: convention.gapThresholdCents,
      };
      const perYear = years.map((index) =>
        yearFigures(ctx.db, conventionId, index, scope, ctx.today()),
      );
      const rows = cerfaRows.map((definition) => {
        const forecastCents = perYear.reduce(
          (sum, year) => sum + (year.forecast.get(definition.code) ?? 0),
          0,
        );
        const actualCents = perYear.reduce(
          (sum, year) => sum + (year.actual.get(definition.code) ?? 0),
          0,
        );
        const hasActuals = perYear.some((year) => year.hasActuals);
        const gap = gapOf(forecastCents, hasActuals ? actualCents : 0, threshold);
        return {
          row: definition.code,
          label: definition.label,
          side: definition.side,
          inKind: Boolean(definition.inKind),
          ...gap,
          // Explanations are per year: a cumulated view shows them, it does not ask for them.
          significant: yearIndex !== null && hasActuals && gap.significant,
          explanation:
            yearIndex === null ? null : (perYear[0]?.explanations.get(definition.code) ?? null),
          accounts: perYear.flatMap((year) => year.accounts.get(definition.code) ?? []),
        };
      });
      // The same side totals as the forecast grid (contributions in kind apart).
      const sum = (side: 'charges' | 'produits') => ({
        forecastCents: sideTotal(
          Object.fromEntries(rows.map((row) => [row.row, row.forecastCents])),
          side,
        ),
        actualCents: sideTotal(
          Object.fromEntries(rows.map((row) => [row.row, row.actualCents])),
          side,
        ),
      });
      const charges = sum('charges');
      const produits = sum('produits');
      return {
        years,
        fiscalYearEnd: yearIndex === null ? null : (perYear[0]?.fiscalYearEnd ?? null),
        hasActuals: perYear.some((year) => year.hasActuals),
        threshold,
        rows,
        charges,
        produits,
        balance: {
          forecastCents: produits.forecastCents - charges.forecastCents,
          actualCents: produits.actualCents - charges.actualCents,
        },
        unexplained: rows.filter((row) => row.significant && !row.explanation).length,
        toAssignCents: rows.find((row) => row.row === '74_to_assign')?.actualCents ?? 0,
      };
    });
  },
  'budget.explainGap'({ conventionId, yearIndex, row, text }, ctx) {
    conventionYear(ctx.db, conventionId, yearIndex);
    const where = and(
      eq(gapExplanations.conventionId, conventionId),
      eq(gapExplanations.yearIndex, yearIndex),
      eq(gapExplanations.row, row),
    );
    const before = ctx.db.select().from(gapExplanations).where(where).get()?.text ?? null;
    if (text === '') ctx.db.delete(gapExplanations).where(where).run();
    else {
      ctx.db
        .insert(gapExplanations)
        .values({ conventionId, yearIndex, row, text })
        .onConflictDoUpdate({
          target: [gapExplanations.conventionId, gapExplanations.yearIndex, gapExplanations.row],
          set: { text },
        })
        .run();
    }
    ctx.audit.updated(
      'explication d’écart',
      `année ${yearIndex}/${row}`,
      conventionId,
      { texte: before },
      { texte: text || null },
    );
    return { ok: true as const };
  },
  'budget.setThreshold'({ conventionId, basisPoints, cents }, ctx) {
    const convention = conventionRow(ctx.db, conventionId);
    const changed = ctx.audit.updated(
      'convention',
      conventionId,
      conventionId,
      {
        gapThresholdBp: convention.gapThresholdBp,
        gapThresholdCents: convention.gapThresholdCents,
      },
      { gapThresholdBp: basisPoints, gapThresholdCents: cents },
    );
    if (changed > 0) {
      ctx.db
        .update(conventions)
        .set({ gapThresholdBp: basisPoints, gapThresholdCents: cents })
        .where(eq(conventions.id, conventionId))
        .run();
    }
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'mapping.get'
  | 'mapping.set'
  | 'mapping.setMany'
  | 'budget.get'
  | 'budget.set'
  | 'budget.copyYear'
  | 'budget.vsActual'
  | 'budget.explainGap'
  | 'budget.setThreshold'
>;
