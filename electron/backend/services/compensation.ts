/**
 * The SIEG compensation of a convention: C, R, K and RP per year from the contribution in
 * force, the FEC (through the mapping, the analytic axis and the keys: K comes from the
 * allocation service, computed once) or the forecast while a year has no FEC, and the
 * control of shared/domain/compensation.ts over them. Also the payment schedule, other
 * public support entered by hand and the de minimis watch.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { CallOutput, CallParsedInput } from '../../../shared/contract';
import { callTopics } from '../../../shared/contract/topics';
import { cerfaRow, cerfaRowLabel, cerfaRows } from '../../../shared/domain/cerfa';
import {
  compensationControl,
  parametersInForce,
  reasonableProfit,
  settingsOfParameters,
  totalDue,
  type CompensationYear,
  type Control,
  type ParameterAmendment,
  type Settlement,
} from '../../../shared/domain/compensation';
import { conventionYears, type ConventionYear } from '../../../shared/domain/conventionYears';
import {
  ceilingCheck,
  conventionGrants,
  GENERAL_DE_MINIMIS_CEILING,
  sirenOf,
  SIEG_DE_MINIMIS_CEILING,
  windowStart,
  type Aid,
} from '../../../shared/domain/deMinimis';
import {
  daysLate,
  paymentKindLabels,
  paymentStatus,
  yearPayments,
  wholePayments,
} from '../../../shared/domain/payments';
import {
  dedicatedFundsOverCpo,
  reasonableProfitWarning,
  yearFigures,
} from '../../../shared/domain/siegFigures';
import { nextAvenantNumber, termsInForce } from '../../../shared/domain/valuesInForce';
import { AppError } from '../../../shared/errors';
import { formatDate, formatEuros } from '../../../shared/format';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import {
  avenants,
  compensationAmendments,
  contributionPayments,
  conventions,
  deMinimisAids,
  operators,
  publicSupports,
} from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { conventionRow, conventionYear } from './lookup';
import { cachedQuery, cachedRead } from './readCache';
import { siegCostsOf } from './allocation';
import { listAvenants, loadTerms } from './objectives';
import { bumpVersion, refuseStaleVersion, requireVersion, staleVersionError } from './versions';

/**
 * Subsidies from public bodies count in C; private ones and the rows of sales, dues and
 * other income are R. The O2R State line is left out: C takes the contribution in force.
 */
const publicRows = new Set(
  cerfaRows
    .filter(
      (row) =>
        row.code.startsWith('74_') && row.code !== '74_state_o2r' && row.code !== '74_private',
    )
    .map((row) => row.code),
);

/**
 * R: the SIEG's other revenue. Not the operator's own resources put into the action: they
 * are its funds covering a shortfall, not revenue of the service (counting them would make
 * every balanced budget look compensated).
 */
function isRevenueRow(code: string): boolean {
  const row = cerfaRow(code);
  return (
    row?.side === 'produits' &&
    !row.inKind &&
    code !== '74_state_o2r' &&
    code !== 'own' &&
    !publicRows.has(code)
  );
}

/** The avenants that changed the compensation parameters, with their dates. */
function amendmentsOf(db: Db, conventionId: number): ParameterAmendment[] {
  return db
    .select({
      avenantNumber: avenants.number,
      signedOn: avenants.signedOn,
      effectiveFrom: avenants.effectiveFrom,
      reasonableProfitBp: compensationAmendments.reasonableProfitBp,
      ocNetting: compensationAmendments.ocNetting,
      ocAverageOver: compensationAmendments.ocAverageOver,
      controlPeriodYears: compensationAmendments.controlPeriodYears,
      compensationClause: compensationAmendments.clause,
    })
    .from(compensationAmendments)
    .innerJoin(avenants, eq(avenants.id, compensationAmendments.avenantId))
    .where(eq(compensationAmendments.conventionId, conventionId))
    .all();
}

/** The compensation parameters in force on `date`: the convention's, or an avenant's. */
export function parametersOf(db: Db, conventionId: number, date: string) {
  return parametersInForce(conventionRow(db, conventionId), amendmentsOf(db, conventionId), date);
}

/** The conventions of the same undertaking (SIREN of the operator's SIRET), this one included. */
function undertakingConventions(db: Db, conventionId: number) {
  const convention = conventionRow(db, conventionId);
  const operator = db.select().from(operators).where(eq(operators.id, convention.operatorId)).get();
  const siren = operator ? sirenOf(operator.siret) : '';
  const rows = db
    .select({
      id: conventions.id,
      reference: conventions.reference,
      regime: conventions.regime,
      signedOn: conventions.signedOn,
      startDate: conventions.startDate,
      siret: operators.siret,
    })
    .from(conventions)
    .innerJoin(operators, eq(operators.id, conventions.operatorId))
    .orderBy(asc(conventions.startDate), asc(conventions.id))
    .all()
    .filter((row) => row.id === conventionId || (siren !== '' && sirenOf(row.siret) === siren));
  return { siren, rows };
}

/** The end of the entrustment: a following convention recorded, and linked when it is here. */
function endOfEntrustmentOf(db: Db, conventionId: number) {
  const convention = conventionRow(db, conventionId);
  const following = convention.followingConvention.trim();
  const linked =
    following === ''
      ? null
      : (undertakingConventions(db, conventionId).rows.find(
          (row) => row.id !== conventionId && row.reference === following,
        ) ?? null);
  return {
    endDate: convention.endDate,
    followingConvention: following,
    linked: linked ? { id: linked.id, reference: linked.reference } : null,
  };
}

/** Repayments made and deductions, by the year whose overcompensation they settle. */
function settlementsOf(db: Db, conventionId: number): Settlement[] {
  return paymentsOf(db, conventionId)
    .filter((payment) => payment.kind === 'repayment' && payment.receivedOn !== null)
    .map((payment) => ({ yearIndex: payment.yearIndex, amountCents: payment.receivedCents ?? 0 }));
}

function supportsOf(db: Db, conventionId: number) {
  return db
    .select()
    .from(publicSupports)
    .where(eq(publicSupports.conventionId, conventionId))
    .orderBy(asc(publicSupports.yearIndex), asc(publicSupports.id))
    .all();
}

/** "Année 1 (2025)": how the compensation page, the dashboard and the reports name a year. */
export function yearLabel(year: Pick<ConventionYear, 'index' | 'label'>) {
  return `Année ${year.index} (${year.label})`;
}

/** One year's C, R, K, RP with what each is made of. */
function compensationYear(
  db: Db,
  conventionId: number,
  year: ConventionYear,
  terms: ReturnType<typeof termsInForce>,
  supports: ReturnType<typeof supportsOf>,
  profitBp: number,
  warnings: string[],
) {
  const stateContribution =
    terms.contributions.find((line) => line.yearIndex === year.index)?.amountCents ?? 0;
  const ownSupports = supports
    .filter((support) => support.yearIndex === year.index)
    .map(({ id, version, kind, funder, amountCents, evidence }) => ({
      id,
      version,
      kind,
      funder,
      amountCents,
      evidence,
    }));
  const sieg = siegCostsOf(db, conventionId, year.index);
  let basis: 'actual' | 'forecast' | 'none';
  let otherPublic: { row: string; label: string; amountCents: number }[];
  let revenue: { row: string; label: string; amountCents: number }[];
  let costs: { direct: number; allocated: number; flat: number; unallocatedGeneral: number };
  let costsFromAccounts: number;
  let stateBooked: number | null = null;
  let dedicated = { provision: 0, use: 0 };
  let unmapped: { account: string; label: string; netDebitCents: number }[] = [];
  if (sieg.hasActuals) {
    basis = 'actual';
    otherPublic = sieg.siegRevenue.filter((line) => publicRows.has(line.row));
    revenue = sieg.siegRevenue.filter((line) => isRevenueRow(line.row));
    stateBooked = sieg.siegRevenue.find((line) => line.row === '74_state_o2r')?.amountCents ?? 0;
    costs = {
      direct: sieg.direct,
      allocated: sieg.allocated,
      flat: sieg.flat,
      unallocatedGeneral: sieg.unallocatedGeneral,
    };
    costsFromAccounts = sieg.total;
    dedicated = sieg.dedicated;
    unmapped = sieg.unmapped;
    if (sieg.unallocatedGeneralRevenue !== 0)
      warnings.push(
        `${yearLabel(year)} : ${formatEuros(sieg.unallocatedGeneralRevenue)} de produits communs (frais généraux) ne sont pas répartis faute de clé : ils ne comptent ni dans C ni dans R.`,
      );
    if (sieg.unallocatedGeneral > 0)
      warnings.push(
        `${yearLabel(year)} : ${formatEuros(sieg.unallocatedGeneral)} de frais généraux sans clé de répartition ne sont pas comptés dans les coûts du SIEG.`,
      );
    if (otherPublic.some((line) => line.row === '74_to_assign'))
      warnings.push(
        `${yearLabel(year)} : des subventions attendent leur financeur (correspondance des comptes).`,
      );
    if (stateBooked !== stateContribution)
      warnings.push(
        `${yearLabel(year)} : la contribution de l'État comptabilisée sur le SIEG (${formatEuros(stateBooked)}) diffère de celle de la convention (${formatEuros(stateContribution)}) ; le contrôle retient celle de la convention.`,
      );
  } else {
    // No FEC yet: the forecast of the action (the CERFA budget is the SIEG's own budget).
    const forecast = terms.budget.filter((line) => line.yearIndex === year.index);
    basis = forecast.length > 0 ? 'forecast' : 'none';
    const lines = (pick: (code: string) => boolean) =>
      forecast
        .filter((line) => pick(line.row))
        .map((line) => ({
          row: line.row,
          label: cerfaRowLabel(line.row),
          amountCents: line.amountCents,
        }));
    otherPublic = lines((code) => publicRows.has(code));
    revenue = lines(isRevenueRow);
    costsFromAccounts = forecast
      .filter((line) => cerfaRow(line.row)?.side === 'charges' && !cerfaRow(line.row)?.inKind)
      .reduce((sum, line) => sum + line.amountCents, 0);
    costs = { direct: costsFromAccounts, allocated: 0, flat: 0, unallocatedGeneral: 0 };
    warnings.push(
      basis === 'forecast'
        ? `${yearLabel(year)} : pas de FEC importé, les chiffres viennent du budget prévisionnel.`
        : `${yearLabel(year)} : ni FEC ni budget prévisionnel, seule la contribution de l'État est connue.`,
    );
  }
  const { c, r, k, inKind } = yearFigures({
    stateContribution,
    otherPublic,
    supports: ownSupports,
    revenue,
    costsFromAccounts,
  });
  return {
    yearIndex: year.index,
    label: yearLabel(year),
    fiscalYearEnd: year.fiscalYearEnd,
    basis,
    c,
    r,
    k,
    // A margin on the costs the operator bears: not on the in-kind value it is given.
    rp: reasonableProfit(costsFromAccounts, profitBp),
    detail: {
      stateContribution,
      stateBooked,
      otherPublic,
      supports: ownSupports,
      revenue,
      costs: { ...costs, inKind },
      dedicated,
      unmapped,
      keyConflict: sieg.hasActuals && sieg.keyConflict,
    },
  };
}

/**
 * What the yearly figures leave open: the control is blocked while an account has no CERFA
 * row (it would otherwise land in C by guess) or a year has both keys and a flat rate; the
 * dedicated funds kept out of K and R, reconciled over the CPO; the scope the convention
 * states; and a warning on a reasonable profit above a few percent.
 */
function siegRules(
  convention: ReturnType<typeof conventionRow>,
  perYear: readonly ReturnType<typeof compensationYear>[],
  warnings: string[],
) {
  const unmapped = perYear.flatMap((year) =>
    year.detail.unmapped.map((account) => ({
      yearIndex: year.yearIndex,
      yearLabel: year.label,
      ...account,
    })),
  );
  const conflicts = perYear.filter((year) => year.detail.keyConflict);
  const reasons = [
    ...(unmapped.length > 0
      ? [
          `Comptes sans ligne du compte rendu (${unmapped.map((line) => `${line.account} en ${line.yearLabel}`).join(', ')}) : affectez-les dans « Budget et réalisé › Correspondance des comptes » ; le contrôle ne les compte pas d'office dans la compensation.`,
        ]
      : []),
    ...conflicts.map(
      (year) =>
        `${year.label} : des clés de répartition et un forfait de frais indirects coexistent ; les frais communs seraient comptés deux fois. Gardez l'un ou l'autre (« Budget et réalisé › Répartition SIEG »).`,
    ),
  ];
  const profitWarning = reasonableProfitWarning(convention.reasonableProfitBp);
  if (profitWarning) warnings.push(profitWarning);
  return {
    blocked:
      reasons.length > 0
        ? {
            reasons,
            unmapped,
            keyConflictYears: conflicts.map((year) => year.yearIndex),
            // Where the user settles it: the mapping of the first year concerned.
            link: {
              tab: 'budget' as const,
              section: unmapped.length > 0 ? ('correspondance' as const) : ('sieg' as const),
              yearIndex: unmapped[0]?.yearIndex ?? conflicts[0]!.yearIndex,
            },
          }
        : null,
    dedicatedFunds: dedicatedFundsOverCpo(
      perYear.map((year) => ({ yearIndex: year.yearIndex, ...year.detail.dedicated })),
    ),
    scope: { siegOnly: convention.siegOnly, specialRights: convention.specialRights },
  };
}

function controlLabel(control: Control, years: readonly ConventionYear[], whole: boolean) {
  if (whole) return 'Toute la CPO (contrôle final)';
  const first = years.find((year) => year.index === control.yearIndexes[0]);
  const last = years.find((year) => year.index === control.yearIndexes.at(-1));
  if (!first || !last) return 'Période';
  return first === last
    ? `Période : année ${first.index} (${first.label})`
    : `Période : années ${first.index} à ${last.index} (${first.label} – ${last.label})`;
}

/** The whole compensation of a convention, as the page and the reports show it. */
export function compensationOf(
  db: Db,
  conventionId: number,
  today: string,
): CallOutput<'compensation.get'> {
  const convention = conventionRow(db, conventionId);
  const years = conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
  const { base, avenants } = loadTerms(db, conventionId);
  const terms = termsInForce(base, avenants, today);
  const supports = supportsOf(db, conventionId);
  const warnings: string[] = [];
  // The parameters the convention (or an avenant) fixed, in force today.
  const parameters = parametersOf(db, conventionId, today);
  const perYear = years.map((year) =>
    compensationYear(
      db,
      conventionId,
      year,
      terms,
      supports,
      parameters.reasonableProfitBp,
      warnings,
    ),
  );
  const settings = settingsOfParameters(parameters);
  const endOfEntrustment = endOfEntrustmentOf(db, conventionId);
  const settlements = settlementsOf(db, conventionId);
  const result = compensationControl(
    perYear.map(({ yearIndex, c, r, k, rp }): CompensationYear => ({ yearIndex, c, r, k, rp })),
    settings,
    { followingConvention: endOfEntrustment.followingConvention !== '' },
    settlements,
  );
  const singleWhole = result.periods.length === 1;
  const rules = siegRules(convention, perYear, warnings);
  return {
    ...rules,
    regime: convention.regime,
    settings,
    reasonableProfitBp: parameters.reasonableProfitBp,
    parameters: {
      clause: parameters.compensationClause,
      source: parameters.source,
      signedOn: convention.signedOn,
    },
    endOfEntrustment,
    totalDue: totalDue(result),
    totalRepaid: settlements.reduce((total, settlement) => total + settlement.amountCents, 0),
    years: perYear.map((year, index) => ({
      ...year,
      balance: result.years[index]!.balance,
      outcome: result.years[index]!.outcome,
    })),
    periods: result.periods.map((control) => ({
      ...control,
      label: controlLabel(control, years, singleWhole),
    })),
    final: result.final
      ? { ...result.final, label: controlLabel(result.final, years, true) }
      : null,
    warnings,
  };
}

function paymentsOf(db: Db, conventionId: number) {
  return db
    .select()
    .from(contributionPayments)
    .where(eq(contributionPayments.conventionId, conventionId))
    .orderBy(asc(contributionPayments.expectedOn), asc(contributionPayments.id))
    .all();
}

/** The payment schedule with its statuses, and what the dashboard must flag. */
export function paymentsView(
  db: Db,
  conventionId: number,
  today: string,
): CallOutput<'payments.list'> {
  const convention = conventionRow(db, conventionId);
  const years = conventionYears(convention.startDate, convention.endDate, convention.fiscalYearEnd);
  const { base, avenants } = loadTerms(db, conventionId);
  const granted = termsInForce(base, avenants, today).contributions;
  const rows = paymentsOf(db, conventionId);
  const alerts: CallOutput<'payments.list'>['alerts'] = [];
  const payments = rows.map((row) => {
    const status = paymentStatus(row, today);
    const late = daysLate(row, today);
    const what = `${paymentKindLabels[row.kind]} de l'année ${row.yearIndex} (${formatEuros(row.expectedCents)})`;
    if (status === 'late')
      alerts.push({
        level: 'late',
        text: `${what} attendu le ${formatDate(row.expectedOn)} : ${late} jour${late > 1 ? 's' : ''} de retard.`,
      });
    if (status === 'partial')
      alerts.push({
        level: 'partial',
        text: `${what} : ${formatEuros(row.receivedCents ?? 0)} reçus seulement le ${formatDate(row.receivedOn)}.`,
      });
    return { ...row, status, daysLate: late };
  });
  const perYear = years.map((year) => {
    const grantedCents = granted.find((line) => line.yearIndex === year.index)?.amountCents ?? 0;
    const figures = yearPayments(
      year.index,
      grantedCents,
      rows.filter((row) => row.yearIndex === year.index),
    );
    // A year that has begun must have its whole contribution scheduled.
    if (year.start <= today && figures.scheduledCents < grantedCents)
      alerts.push({
        level: 'missing',
        text: `${yearLabel(year)} : ${formatEuros(grantedCents - figures.scheduledCents)} de la contribution (${formatEuros(grantedCents)}) ne figurent dans aucun versement prévu.`,
      });
    // More scheduled than granted is a typing error or an avenant not recorded yet.
    if (figures.scheduledCents > grantedCents)
      alerts.push({
        level: 'excess',
        text: `${yearLabel(year)} : l'échéancier (${formatEuros(figures.scheduledCents)}) dépasse la contribution en vigueur (${formatEuros(grantedCents)}) ; vérifiez les versements ou enregistrez l'avenant.`,
      });
    return { ...figures, label: yearLabel(year) };
  });
  return { payments, years: perYear, whole: wholePayments(perYear), alerts };
}

/** A row of a table that must belong to the convention named in the call. */
function ownRow<T extends { conventionId: number }>(
  row: T | undefined,
  conventionId: number,
  what: string,
) {
  if (!row || row.conventionId !== conventionId) throw AppError.notFound(what);
  return row;
}

function savePayment(
  ctx: MutationContext,
  { conventionId, payment }: CallParsedInput<'payments.save'>,
) {
  conventionYear(ctx.db, conventionId, payment.yearIndex, 'payment.yearIndex');
  const { id, version, ...values } = payment;
  if (id === undefined) {
    const inserted = ctx.db
      .insert(contributionPayments)
      .values({ conventionId, ...values })
      .returning({ id: contributionPayments.id })
      .get();
    ctx.audit.created('versement', inserted.id, conventionId, values);
    return { id: inserted.id, version: 1 };
  }
  const expected = requireVersion(version, 'payment.version');
  const before = ownRow(
    ctx.db.select().from(contributionPayments).where(eq(contributionPayments.id, id)).get(),
    conventionId,
    'Ce versement est introuvable (il a peut-être été supprimé).',
  );
  const trail = { conventionId, entities: ['versement'], entityIds: [id] };
  const { yearIndex, kind, expectedOn, expectedCents, receivedOn, receivedCents, note } = before;
  const current = () => ({
    id,
    yearIndex,
    kind,
    expectedOn,
    expectedCents,
    receivedOn,
    receivedCents,
    note,
  });
  refuseStaleVersion(ctx, before.version, expected, trail, current);
  if (ctx.audit.updated('versement', id, conventionId, before, values) === 0)
    return { id, version: before.version };
  ctx.db.update(contributionPayments).set(values).where(eq(contributionPayments.id, id)).run();
  const saved = bumpVersion(
    ctx,
    contributionPayments,
    contributionPayments.id,
    id,
    before.version,
    () => staleVersionError(ctx, trail, { ...current(), version: before.version }),
  );
  return { id, version: saved };
}

/**
 * The aid counted against the de minimis ceilings, for the single undertaking (2023/2832
 * art. 2(2)): every convention under the de minimis regime of the operator's SIREN, at the
 * signature of the CPO and of each avenant that changes its contribution (the grant date,
 * art. 3), and the other de minimis aid recorded on any of them. Payments do not count.
 */
function deMinimisAidsOf(db: Db, conventionId: number) {
  const { siren, rows } = undertakingConventions(db, conventionId);
  const grants = rows
    .filter((row) => row.regime === 'sieg_de_minimis')
    .flatMap((row) => {
      const { base, avenants: amended } = loadTerms(db, row.id);
      const signed = new Map(listAvenants(db, row.id).map((a) => [a.number, a.signedOn]));
      return conventionGrants({
        signedOn: row.signedOn,
        startDate: row.startDate,
        contributions: base.contributions,
        avenants: amended.map((avenant) => ({
          number: avenant.number,
          signedOn: signed.get(avenant.number) ?? avenant.effectiveFrom,
          changes: avenant.changes,
        })),
      }).map((grant) => ({
        id: null,
        version: null,
        source: grant.avenantNumber === null ? ('convention' as const) : ('avenant' as const),
        conventionId: row.id,
        conventionReference: row.reference,
        grantor:
          grant.avenantNumber === null
            ? `État (DREETS) — convention ${row.reference}${grant.expected ? ' (non signée)' : ''}`
            : `État (DREETS) — avenant n° ${grant.avenantNumber} à la convention ${row.reference}`,
        date: grant.date,
        amountCents: grant.amountCents,
        regulation: 'sieg' as const,
        expected: grant.expected,
        note: '',
      }));
    });
  const references = new Map(rows.map((row) => [row.id, row.reference]));
  const others = db
    .select()
    .from(deMinimisAids)
    .where(
      inArray(
        deMinimisAids.conventionId,
        rows.map((row) => row.id),
      ),
    )
    .all()
    .map((aid) => ({
      id: aid.id,
      version: aid.version as number | null,
      source: 'other' as const,
      conventionId: aid.conventionId,
      conventionReference: references.get(aid.conventionId) ?? '',
      grantor: aid.grantor,
      date: aid.grantedOn,
      amountCents: aid.amountCents,
      regulation: aid.regulation,
      expected: false,
      note: aid.note,
    }));
  return {
    siren,
    conventions: rows.map(({ id, reference, regime }) => ({ id, reference, regime })),
    aids: [...grants, ...others].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

/**
 * An avenant that changes the compensation parameters the convention fixed (finance.md §1):
 * numbered after the other avenants, listed with them, in force from its effective date.
 */
function amendParameters(
  ctx: MutationContext,
  conventionId: number,
  avenant: CallParsedInput<'compensation.amendParameters'>['avenant'],
  parameters: CallParsedInput<'compensation.amendParameters'>['parameters'],
) {
  const convention = conventionRow(ctx.db, conventionId);
  const errors: { path: string; message: string }[] = [];
  if (convention.signedOn === null)
    errors.push({
      path: 'avenant.signedOn',
      message:
        'La convention n’a pas de date de signature : avant signature, ces paramètres se modifient dans la fiche de la convention.',
    });
  if (avenant.effectiveFrom < convention.startDate || avenant.effectiveFrom > convention.endDate)
    errors.push({
      path: 'avenant.effectiveFrom',
      message: `L'avenant doit prendre effet pendant la convention (du ${formatDate(convention.startDate)} au ${formatDate(convention.endDate)}).`,
    });
  if (errors.length > 0) throw AppError.validation(errors);
  const number = nextAvenantNumber(listAvenants(ctx.db, conventionId));
  const inserted = ctx.db
    .insert(avenants)
    .values({
      conventionId,
      number,
      signedOn: avenant.signedOn,
      effectiveFrom: avenant.effectiveFrom,
      object: avenant.object,
      createdBy: ctx.userName ?? 'inconnu',
    })
    .returning({ id: avenants.id })
    .get();
  const values = {
    reasonableProfitBp: parameters.reasonableProfitBp,
    ocNetting: parameters.ocNetting,
    ocAverageOver: parameters.ocAverageOver,
    controlPeriodYears: parameters.controlPeriodYears,
    clause: parameters.compensationClause,
  };
  ctx.db
    .insert(compensationAmendments)
    .values({ avenantId: inserted.id, conventionId, ...values })
    .run();
  ctx.audit.created('avenant', `n° ${number}`, conventionId, {
    numero: number,
    signeLe: avenant.signedOn,
    effetLe: avenant.effectiveFrom,
    objet: avenant.object,
    ...values,
  });
  return { id: inserted.id, number };
}

export const compensationHandlers = {
  'compensation.get'({ conventionId }, ctx) {
    // The same key as the activity report's (reportData/activityModel.ts): computed once.
    const today = ctx.today();
    return cachedRead(
      ctx.db,
      `compensation:${conventionId}:${today}`,
      () => compensationOf(ctx.db, conventionId, today),
      callTopics['compensation.get'],
    );
  },
  'compensation.amendParameters'({ conventionId, avenant, parameters }, ctx) {
    return amendParameters(ctx, conventionId, avenant, parameters);
  },
  'payments.list'({ conventionId, today }, ctx) {
    return cachedQuery(ctx.db, 'payments.list', `${conventionId}:${today}`, () =>
      paymentsView(ctx.db, conventionId, today),
    );
  },
  'payments.save'(input, ctx) {
    return savePayment(ctx, input);
  },
  'payments.delete'({ id }, ctx) {
    const before = ctx.db
      .select()
      .from(contributionPayments)
      .where(eq(contributionPayments.id, id))
      .get();
    if (!before)
      throw AppError.notFound('Ce versement est introuvable (il a peut-être été supprimé).');
    ctx.db.delete(contributionPayments).where(eq(contributionPayments.id, id)).run();
    ctx.audit.deleted('versement', id, before.conventionId, before);
    return { ok: true as const };
  },
  'supports.save'({ conventionId, support }, ctx) {
    conventionYear(ctx.db, conventionId, support.yearIndex, 'support.yearIndex');
    const { id, version, ...values } = support;
    if (id === undefined) {
      const inserted = ctx.db
        .insert(publicSupports)
        .values({ conventionId, ...values })
        .returning({ id: publicSupports.id })
        .get();
      ctx.audit.created('soutien public', inserted.id, conventionId, values);
      return { id: inserted.id, version: 1 };
    }
    const expected = requireVersion(version, 'support.version');
    const before = ownRow(
      ctx.db.select().from(publicSupports).where(eq(publicSupports.id, id)).get(),
      conventionId,
      'Ce soutien est introuvable (il a peut-être été supprimé).',
    );
    const trail = { conventionId, entities: ['soutien public'], entityIds: [id] };
    const { yearIndex, kind, funder, amountCents, evidence } = before;
    const current = () => ({ id, yearIndex, kind, funder, amountCents, evidence });
    refuseStaleVersion(ctx, before.version, expected, trail, current);
    if (ctx.audit.updated('soutien public', id, conventionId, before, values) === 0)
      return { id, version: before.version };
    ctx.db.update(publicSupports).set(values).where(eq(publicSupports.id, id)).run();
    const saved = bumpVersion(ctx, publicSupports, publicSupports.id, id, before.version, () =>
      staleVersionError(ctx, trail, { ...current(), version: before.version }),
    );
    return { id, version: saved };
  },
  'supports.delete'({ id }, ctx) {
    const before = ctx.db.select().from(publicSupports).where(eq(publicSupports.id, id)).get();
    if (!before)
      throw AppError.notFound('Ce soutien est introuvable (il a peut-être été supprimé).');
    ctx.db.delete(publicSupports).where(eq(publicSupports.id, id)).run();
    ctx.audit.deleted('soutien public', id, before.conventionId, before);
    return { ok: true as const };
  },
  'deMinimis.get'({ conventionId, today }, ctx) {
    const convention = conventionRow(ctx.db, conventionId);
    const { siren, conventions: undertaking, aids } = deMinimisAidsOf(ctx.db, conventionId);
    const check = ceilingCheck(aids as Aid[], today);
    return {
      applies: convention.regime === 'sieg_de_minimis',
      ceilingCents: SIEG_DE_MINIMIS_CEILING,
      generalCeilingCents: GENERAL_DE_MINIMIS_CEILING,
      undertaking: { siren, conventions: undertaking },
      current: { ...check.current, windowStart: windowStart(today) },
      headroom: check.headroom,
      peak: check.peak,
      level: check.level,
      crossesOn: check.crossesOn,
      aids,
    };
  },
  'deMinimis.saveAid'({ conventionId, aid }, ctx) {
    conventionRow(ctx.db, conventionId);
    const { id, version, ...values } = aid;
    if (id === undefined) {
      const inserted = ctx.db
        .insert(deMinimisAids)
        .values({ conventionId, ...values })
        .returning({ id: deMinimisAids.id })
        .get();
      ctx.audit.created('aide de minimis', inserted.id, conventionId, values);
      return { id: inserted.id, version: 1 };
    }
    const expected = requireVersion(version, 'aid.version');
    const before = ownRow(
      ctx.db
        .select()
        .from(deMinimisAids)
        .where(and(eq(deMinimisAids.id, id), eq(deMinimisAids.conventionId, conventionId)))
        .get(),
      conventionId,
      'Cette aide est introuvable (elle a peut-être été supprimée).',
    );
    const trail = { conventionId, entities: ['aide de minimis'], entityIds: [id] };
    const { grantor, grantedOn, amountCents, regulation, note } = before;
    const current = () => ({ id, grantor, grantedOn, amountCents, regulation, note });
    refuseStaleVersion(ctx, before.version, expected, trail, current);
    if (ctx.audit.updated('aide de minimis', id, conventionId, before, values) === 0)
      return { id, version: before.version };
    ctx.db.update(deMinimisAids).set(values).where(eq(deMinimisAids.id, id)).run();
    const saved = bumpVersion(ctx, deMinimisAids, deMinimisAids.id, id, before.version, () =>
      staleVersionError(ctx, trail, { ...current(), version: before.version }),
    );
    return { id, version: saved };
  },
  'deMinimis.deleteAid'({ id }, ctx) {
    const before = ctx.db.select().from(deMinimisAids).where(eq(deMinimisAids.id, id)).get();
    if (!before)
      throw AppError.notFound('Cette aide est introuvable (elle a peut-être été supprimée).');
    ctx.db.delete(deMinimisAids).where(eq(deMinimisAids.id, id)).run();
    ctx.audit.deleted('aide de minimis', id, before.conventionId, before);
    return { ok: true as const };
  },
} satisfies HandlerGroup<
  | 'compensation.get'
  | 'compensation.amendParameters'
  | 'payments.list'
  | 'payments.save'
  | 'payments.delete'
  | 'supports.save'
  | 'supports.delete'
  | 'deMinimis.get'
  | 'deMinimis.saveAid'
  | 'deMinimis.deleteAid'
>;
