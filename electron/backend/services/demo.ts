/**
 * The demo convention (Horizons Emploi 35, fictional), loaded on first start so every
 * screen can be tried at once, clearly marked as a demo and removable in one action.
 * It goes through the same services as a user's data, so it is valid by construction.
 */
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import activity from '../../../resources/demo/horizons-emploi-35-activite.json';
import demo from '../../../resources/demo/horizons-emploi-35.json';
import peopleCsv from '../../../resources/demo/suivi-horizons-emploi-35.csv?raw';
import { conventionInput } from '../../../shared/contract/conventions';
import { avenantInput } from '../../../shared/contract/objectives';
import { coordinationInput, outreachInput } from '../../../shared/contract/people';
import { readPersonRecords } from './personRecords';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import { conventions, indicatorDefinitions } from '../db/schema';
import { toIso } from '../../../shared/domain/conventionYears';
import type { HandlerGroup } from '../handlers';
import { AuditWriter } from './audit';
import { createConvention, deleteConvention } from './conventions';
import { coordinationHandlers } from './coordination';
import { objectiveHandlers } from './objectives';
import { outreachHandlers } from './outreach';
import { peopleHandlers } from './people';
import { importPeopleCsv } from './peopleImport';
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
  return conventionId;
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
