/**
 * Reads people, pathways and barriers as the pure rules of shared/ expect them
 * (shared/domain/records.ts). One place, two queries, used by the people list, the
 * indicators and the reports alike.
 */
import { and, eq } from 'drizzle-orm';
import type { PersonRecord } from '../../../shared/domain/records';
import type { Db } from '../db/open';
import { barriers, pathways, persons } from '../db/schema';
import { cachedRead } from './readCache';

export type PersonRecordRow = PersonRecord & {
  commune: string;
  referent: string;
  anonymised: boolean;
};

/** All people of a convention, or one person when `personId` is given (same shape, same rules). */
export function readPersonRecords(
  db: Db,
  conventionId: number,
  personId?: number,
): PersonRecordRow[] {
  // The whole convention is read by several screens at once: once per database change.
  return personId === undefined
    ? cachedRead(db, `persons:${conventionId}`, () => readRecords(db, conventionId))
    : readRecords(db, conventionId, personId);
}

function readRecords(db: Db, conventionId: number, personId?: number): PersonRecordRow[] {
  const scope =
    personId === undefined
      ? eq(persons.conventionId, conventionId)
      : and(eq(persons.conventionId, conventionId), eq(persons.id, personId));
  // Flat columns: building nested objects for 10 000 rows is what costs, not SQLite.
  const rows = db
    .select({
      id: persons.id,
      fileNumber: persons.fileNumber,
      sex: persons.sex,
      birthYear: persons.birthYear,
      qpv: persons.qpv,
      zrr: persons.zrr,
      eligibilityGround: persons.eligibilityGround,
      lastReferentContact: persons.lastReferentContact,
      commune: persons.commune,
      anonymisedAt: persons.anonymisedAt,
      referent: pathways.referent,
      identifiedOn: pathways.identifiedOn,
      remobilisationStart: pathways.remobilisationStart,
      accompanimentStart: pathways.accompanimentStart,
      plannedEnd: pathways.plannedEnd,
      extendedUntil: pathways.extendedUntil,
      exitDate: pathways.exitDate,
      exitType: pathways.exitType,
      followUpDate: pathways.followUpDate,
      followUpSituation: pathways.followUpSituation,
    })
    .from(persons)
    .leftJoin(pathways, eq(pathways.personId, persons.id))
    .where(scope)
    .orderBy(persons.fileNumber)
    .all();
  const barrierRows = db
    .select({
      id: barriers.id,
      personId: barriers.personId,
      category: barriers.category,
      identifiedOn: barriers.identifiedOn,
      liftedOn: barriers.liftedOn,
    })
    .from(barriers)
    .innerJoin(persons, eq(persons.id, barriers.personId))
    .where(scope)
    .orderBy(barriers.id)
    .all();
  const byPerson = new Map<number, PersonRecord['barriers']>();
  for (const barrier of barrierRows) {
    let list = byPerson.get(barrier.personId);
    if (!list) {
      list = [];
      byPerson.set(barrier.personId, list);
    }
    list.push({
      id: barrier.id,
      category: barrier.category as PersonRecord['barriers'][number]['category'],
      identifiedOn: barrier.identifiedOn,
      liftedOn: barrier.liftedOn,
    });
  }
  return rows.map((row) => ({
    id: row.id,
    fileNumber: row.fileNumber,
    sex: row.sex as PersonRecord['sex'],
    birthYear: row.birthYear,
    qpv: row.qpv,
    zrr: row.zrr,
    eligibilityGround: row.eligibilityGround as PersonRecord['eligibilityGround'],
    lastReferentContact: row.lastReferentContact,
    commune: row.commune,
    referent: row.referent ?? '',
    anonymised: row.anonymisedAt !== null,
    pathway: {
      identifiedOn: row.identifiedOn,
      remobilisationStart: row.remobilisationStart,
      accompanimentStart: row.accompanimentStart,
      plannedEnd: row.plannedEnd,
      extendedUntil: row.extendedUntil,
      exitDate: row.exitDate,
      exitType: row.exitType as PersonRecord['pathway']['exitType'],
      followUpDate: row.followUpDate,
      followUpSituation: row.followUpSituation as PersonRecord['pathway']['followUpSituation'],
    },
    barriers: byPerson.get(row.id) ?? [],
  }));
}

/** The furthest step a pathway has reached. */
export function stageOf(
  pathway: PersonRecord['pathway'],
): 'identified' | 'remobilisation' | 'accompaniment' | 'exited' {
  if (pathway.exitDate) return 'exited';
  if (pathway.accompanimentStart) return 'accompaniment';
  if (pathway.remobilisationStart) return 'remobilisation';
  return 'identified';
}
