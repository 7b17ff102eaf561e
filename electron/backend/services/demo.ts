/**
 * The demo convention (Horizons Emploi 35, fictional), loaded on first start so every
 * screen can be tried at once, clearly marked as a demo and removable in one action.
 * It goes through the same services as a user's data, so it is valid by construction.
 */
import type Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import demo from '../../../resources/demo/horizons-emploi-35.json';
import { conventionInput } from '../../../shared/contract/conventions';
import { avenantInput } from '../../../shared/contract/objectives';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import { conventions, indicatorDefinitions } from '../db/schema';
import { toIso } from '../../../shared/domain/conventionYears';
import type { HandlerGroup } from '../handlers';
import { AuditWriter } from './audit';
import { createConvention, deleteConvention } from './conventions';
import { objectiveHandlers } from './objectives';
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
  return conventionId;
}

/** On the very first start only: a user who removed the demo does not get it back unasked. */
export function loadDemoOnFirstStart(db: Db, sqlite: Database.Database, now: Date): void {
  if (readSetting(db, 'demoLoaded') !== null) return;
  sqlite.transaction(() => {
    const ctx: MutationContext = {
      kind: 'mutation',
      db,
      audit: new AuditWriter(db, DEMO_AUTHOR, now.toISOString()),
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

export const demoHandlers: HandlerGroup<'demo.remove' | 'demo.restore'> = {
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
};
