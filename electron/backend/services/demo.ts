/**
 * The demo convention (Horizons Emploi 35, fictional), loaded on first start so every
 * screen can be tried at once, clearly marked as a demo and removable in one action.
 * It goes through the same services as a user's data, so it is valid by construction.
 */
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import activity from '../../../resources/demo/horizons-emploi-35-activite.json';
import finances from '../../../resources/demo/horizons-emploi-35-finances.json';
import fec2025 from '../../../resources/demo/horizons-emploi-35-FEC20251231.txt?raw';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  contract,
  type CallInput,
  type CallParsedInput,
  type Channel,
} from '../../../shared/contract';
import demo from '../../../resources/demo/horizons-emploi-35.json';
import peopleCsv from '../../../resources/demo/suivi-horizons-emploi-35.csv?raw';
import { conventionInput } from '../../../shared/contract/conventions';
import { avenantInput } from '../../../shared/contract/objectives';
import { coordinationInput, outreachInput } from '../../../shared/contract/people';
import { readPersonRecords } from './personRecords';
import type { MutationContext } from '../context';
import { registerPickedFile } from '../pickedFiles';
import type { Db } from '../db/open';
import { conventions, indicatorDefinitions } from '../db/schema';
import { toIso } from '../../../shared/domain/conventionYears';
import type { HandlerGroup } from '../handlerTypes';
import { AuditWriter } from './audit';
import { createConvention, deleteConvention } from './conventions';
import { actualsHandlers, prepareImport } from './actuals';
import { allocationHandlers } from './allocation';
import { budgetHandlers } from './budget';
import { compensationHandlers } from './compensation';
import { coordinationHandlers } from './coordination';
import { indicatorHandlers } from './indicators';
import { objectiveHandlers } from './objectives';
import { outreachHandlers } from './outreach';
import { peopleHandlers } from './people';
import { importPeopleCsv } from './peopleImport';
import { reportHandlers } from './reports';
import { readSetting, writeSetting } from './settings';

export const DEMO_AUTHOR = 'Pilote CPO (démonstration)';

export function loadDemo(ctx: MutationContext): number {
  const values = conventionInput.parse(demo.convention);
  const conventionId = createConvention(ctx, values, { isDemo: true });
  const definitions = ctx.db
    .select()
    .from(indicatorDefinitions)
    .where(eq(indicatorDefinitions.conventionId, conventionId))
    .all();
  const idOf = (code: string) => {
    const found = definitions.find((definition) => definition.code === code);
    if (!found) throw new Error(`Demo indicator ${code} missing from the catalogue`);
    return found.id;
  };
  objectiveHandlers['targets.set'](
    {
      conventionId,
      targets: Object.entries(demo.targets).flatMap(([code, values]) =>
        values.map((value, index) => ({ indicatorId: idOf(code), yearIndex: index + 1, value })),
      ),
    },
    ctx,
  );
  for (const avenant of demo.avenants) {
    objectiveHandlers['avenants.create'](
      avenantInput.parse({
        conventionId,
        signedOn: avenant.signedOn,
        effectiveFrom: avenant.effectiveFrom,
        object: avenant.object,
        changes: avenant.changes.map(({ code, ...change }) => ({
          ...change,
          indicatorId: idOf(code),
        })),
      }),
      ctx,
    );
  }
  loadDemoActivity(ctx, conventionId);
  loadDemoFinances(ctx, conventionId);
  for (const manual of finances.manualIndicators)
    indicatorHandlers['indicators.setManual'](
      parsed('indicators.setManual', {
        conventionId,
        indicatorId: idOf(manual.code),
        yearIndex: manual.yearIndex,
        value: manual.value,
        comment: manual.comment,
      }),
      ctx,
    );
  return conventionId;
}

/**
 * The demo's FEC goes through the real importer (every check, the same tables): written to
 * a temporary file, since the importer reads files by path, then imported synchronously
 * inside the demo's transaction.
 */
function importDemoFec(ctx: MutationContext, conventionId: number, fileName: string, text: string) {
  const folder = mkdtempSync(join(tmpdir(), 'pilote-cpo-demo-'));
  try {
    const path = join(folder, fileName);
    writeFileSync(path, text, 'utf8');
    const input = parsed('fec.import', {
      conventionId,
      fileName,
      source: { kind: 'picked', fileId: registerPickedFile(path) },
    }) as CallParsedInput<'fec.import'>;
    const handler = actualsHandlers['fec.import'];
    handler.apply(input, prepareImport(ctx, input), ctx);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A call's input as the backend would receive it: parsed by the contract, defaults filled. */
function parsed<C extends Channel>(channel: C, input: CallInput<C>) {
  return contract[channel].input.parse(input) as never;
}

/**
 * The demo's money: a forecast for the three years, the 2025 FEC (the content of the shared
 * fixture 123456789FEC20251231.txt, so expected.json gives its figures) with its subsidies split by funder, analytic rules (the file has no
 * analytic column), allocation keys with their evidence, the State's payments — the
 * 2026 balance is late on purpose, so the dashboard shows it — and a valued free premises.
 */
function loadDemoFinances(ctx: MutationContext, conventionId: number) {
  for (const [year, lines] of Object.entries(finances.budget))
    budgetHandlers['budget.set'](
      parsed('budget.set', {
        conventionId,
        yearIndex: Number(year),
        lines: Object.entries(lines).map(([row, amountCents]) => ({ row, amountCents })),
      }),
      ctx,
    );
  // A FEC is named after its SIREN (SIRENFECAAAAMMJJ): the demo operator's, which differs
  // from the shared fixtures' (123456789), so a convention built from them can sit beside it.
  const siren = demo.convention.operator.siret.slice(0, 9);
  importDemoFec(ctx, conventionId, `${siren}FEC20251231.txt`, fec2025);
  budgetHandlers['mapping.setMany'](
    parsed('mapping.setMany', {
      conventionId,
      chartVersion: 'ANC_2022_06',
      rules: finances.mapping,
    }),
    ctx,
  );
  for (const rule of finances.analyticRules)
    allocationHandlers['analytic.saveRule'](
      parsed('analytic.saveRule', { conventionId, rule: rule as never }),
      ctx,
    );
  for (const [year, keys] of Object.entries(finances.keys))
    for (const key of keys)
      allocationHandlers['keys.save'](
        parsed('keys.save', { conventionId, yearIndex: Number(year), key: key as never }),
        ctx,
      );
  for (const payment of finances.payments)
    compensationHandlers['payments.save'](
      parsed('payments.save', { conventionId, payment: payment as never }),
      ctx,
    );
  for (const [year, rows] of Object.entries(finances.explanations))
    for (const [row, text] of Object.entries(rows))
      budgetHandlers['budget.explainGap'](
        parsed('budget.explainGap', { conventionId, yearIndex: Number(year), row, text }),
        ctx,
      );
  for (const [year, sections] of Object.entries(finances.narratives))
    for (const [section, text] of Object.entries(sections))
      reportHandlers['narratives.set'](
        parsed('narratives.set', { conventionId, yearIndex: Number(year), section, text }),
        ctx,
      );
  for (const support of finances.supports)
    compensationHandlers['supports.save'](
      parsed('supports.save', { conventionId, support: support as never }),
      ctx,
    );
}

/**
 * The demo's people come from the fixture spreadsheet through the real importer; its
 * outreach, partners and committees from a JSON file; a few actions per accompanied
 * person are generated deterministically so the activity screens are not empty.
 */
function loadDemoActivity(ctx: MutationContext, conventionId: number) {
  const file = {
    conventionId,
    fileName: 'suivi-horizons-emploi-35.csv',
    contentBase64: Buffer.from(peopleCsv, 'utf8').toString('base64'),
  };
  importPeopleCsv(ctx, file);

  const partnerIds = activity.partners.map(
    (partner) =>
      coordinationHandlers['partners.save']({ conventionId, partner: partner as never }, ctx).id,
  );
  for (const event of activity.coordination) {
    const { partners: indexes, ...values } = event;
    coordinationHandlers['coordination.add'](
      coordinationInput.parse({
        ...values,
        conventionId,
        partnerIds: indexes.map((index) => partnerIds[index]),
      }),
      ctx,
    );
  }
  for (const contact of activity.outreach) {
    outreachHandlers['outreach.add'](outreachInput.parse({ ...contact, conventionId }), ctx);
  }
  const types = ['interview', 'workshop', 'accompanied_step', 'immersion'] as const;
  for (const person of readPersonRecords(ctx.db, conventionId)) {
    const start = person.pathway.accompanimentStart ?? person.pathway.remobilisationStart;
    if (!start) continue;
    const end = person.pathway.exitDate ?? '2026-11-20';
    const steps = 2 + (person.id % 4);
    for (let step = 0; step < steps; step += 1) {
      const date = addDaysIso(start, step * 21);
      if (date > end) break;
      peopleHandlers['actions.add'](
        {
          personId: person.id,
          type: types[(person.id + step) % types.length] ?? 'interview',
          date,
          minutes: 45 + 15 * ((person.id + step) % 4),
          volet: person.pathway.accompanimentStart ? 3 : 2,
          staff: person.referent,
        },
        ctx,
      );
    }
  }
}

function addDaysIso(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** On the very first start only: a user who removed the demo does not get it back unasked. */
export function loadDemoOnFirstStart(db: Db, sqlite: Database.Database, now: Date): void {
  if (readSetting(db, 'demoLoaded') !== null) return;
  sqlite.transaction(() => {
    const ctx: MutationContext = {
      kind: 'mutation',
      db,
      sqlite,
      audit: new AuditWriter(sqlite, DEMO_AUTHOR, now.toISOString()),
      now: () => now,
      today: () => toIso(now),
      userName: DEMO_AUTHOR,
      mode: 'test',
      dataDir: '',
      databasePath: '',
      version: '',
      emit: () => undefined,
      // The demo writes no upload: nothing to do once it commits.
      afterCommit: () => undefined,
      // Written before any read is kept (the first start): nothing to patch.
      changedPeople: () => undefined,
    };
    loadDemo(ctx);
    writeSetting(db, 'demoLoaded', now.toISOString());
  })();
}

export const demoHandlers = {
  'demo.remove'(_input, ctx) {
    const demos = ctx.db
      .select({ id: conventions.id })
      .from(conventions)
      .where(eq(conventions.isDemo, true))
      .all();
    for (const row of demos) deleteConvention(ctx, row.id);
    return { removed: demos.length };
  },
  'demo.restore'(_input, ctx) {
    const existing = ctx.db
      .select({ id: conventions.id })
      .from(conventions)
      .where(eq(conventions.isDemo, true))
      .get();
    if (existing) return { id: existing.id };
    return { id: loadDemo(ctx) };
  },
} satisfies HandlerGroup<'demo.remove' | 'demo.restore'>;
