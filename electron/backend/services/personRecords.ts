/**
 * Reads people, pathways and barriers as the pure rules of shared/ expect them
 * (shared/domain/records.ts). One place, two queries, used by the people list, the
 * indicators and the reports alike.
 */
import type { PersonRecord } from '../../../shared/domain/records';
import type { Db } from '../db/open';
import { cachedPersonRead, connectionOf } from './readCache';

/** What a person's record is read from: their rows, and the convention they belong to. */
export const PERSON_TOPICS = ['people', 'conventions'] as const;

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
  // The whole convention is read by several screens at once: once per database change,
  // and after a change to a few persons, only theirs (patchRecords).
  return personId === undefined
    ? cachedPersonRead(
        db,
        `persons:${conventionId}`,
        () => readRecords(db, conventionId),
        PERSON_TOPICS,
        (kept, persons) => patchRecords(db, conventionId, kept, persons),
      )
    : readRecords(db, conventionId, personId);
}

/** Past this many changed persons, one read of everyone is as quick as reading each. */
const PATCH_LIMIT = 200;

/** Where each person sits in a list of records: shared by a list and the lists patched from it. */
const positions = new WeakMap<readonly PersonRecordRow[], Map<number, number>>();

function positionsOf(records: readonly PersonRecordRow[]): Map<number, number> {
  let byId = positions.get(records);
  if (!byId) {
    byId = new Map(records.map((record, index) => [record.id, index]));
    positions.set(records, byId);
  }
  return byId;
}

/**
 * The records with the changed persons read again, each at its place — or null to read
 * everyone, when a place may have moved or appeared: a person added to this convention,
 * removed from it, or given another file number (the list is in file number order). A
 * person of another convention is not in the list and is not found here: left out.
 */
function patchRecords(
  db: Db,
  conventionId: number,
  kept: readonly PersonRecordRow[],
  persons: ReadonlySet<number>,
): PersonRecordRow[] | null {
  if (persons.size > PATCH_LIMIT) return null;
  const byId = positionsOf(kept);
  let next: PersonRecordRow[] | null = null;
  for (const personId of persons) {
    const at = byId.get(personId);
    const fresh = readRecords(db, conventionId, personId);
    if (at === undefined) {
      if (fresh.length === 0) continue;
      return null;
    }
    if (fresh.length !== 1 || fresh[0]!.fileNumber !== kept[at]!.fileNumber) return null;
    next ??= kept.slice();
    next[at] = fresh[0]!;
  }
  // Nobody of this convention changed: the list kept is still the list.
  if (!next) return kept as PersonRecordRow[];
  positions.set(next, byId);
  return next;
}

interface PersonSqlRow {
  id: number;
  fileNumber: string;
  sex: string | null;
  birthYear: number | null;
  qpv: number;
  zrr: number;
  eligibilityGround: string | null;
  lastReferentContact: string | null;
  commune: string;
  anonymisedAt: string | null;
  referent: string | null;
  identifiedOn: string | null;
  remobilisationStart: string | null;
  accompanimentStart: string | null;
  plannedEnd: string | null;
  extendedUntil: string | null;
  exitDate: string | null;
  exitType: string | null;
  followUpDate: string | null;
  followUpSituation: string | null;
}

// Plain SQL on the connection rather than the query builder: better-sqlite3 builds the
// rows itself, ~2× faster for 10 000 people than mapping them through drizzle.
const peopleSql = (onePerson: boolean) => `
  SELECT p.id, p.file_number AS fileNumber, p.sex, p.birth_year AS birthYear, p.qpv, p.zrr,
    p.eligibility_ground AS eligibilityGround, p.last_referent_contact AS lastReferentContact,
    p.commune, p.anonymised_at AS anonymisedAt, w.referent, w.identified_on AS identifiedOn,
    w.remobilisation_start AS remobilisationStart, w.accompaniment_start AS accompanimentStart,
    w.planned_end AS plannedEnd, w.extended_until AS extendedUntil, w.exit_date AS exitDate,
    w.exit_type AS exitType, w.follow_up_date AS followUpDate,
    w.follow_up_situation AS followUpSituation
  FROM persons p LEFT JOIN pathways w ON w.person_id = p.id
  WHERE p.convention_id = ?${onePerson ? ' AND p.id = ?' : ''}
  ORDER BY p.file_number`;
const barriersSql = (onePerson: boolean) => `
  SELECT b.id, b.person_id AS personId, b.category, b.identified_on AS identifiedOn,
    b.lifted_on AS liftedOn
  FROM barriers b JOIN persons p ON p.id = b.person_id
  WHERE p.convention_id = ?${onePerson ? ' AND p.id = ?' : ''}
  ORDER BY b.id`;

function readRecords(db: Db, conventionId: number, personId?: number): PersonRecordRow[] {
  const sqlite = connectionOf(db);
  const onePerson = personId !== undefined;
  const scope = onePerson ? [conventionId, personId] : [conventionId];
  const rows = sqlite.prepare(peopleSql(onePerson)).all(...scope) as PersonSqlRow[];
  const barrierRows = sqlite.prepare(barriersSql(onePerson)).all(...scope) as {
    id: number;
    personId: number;
    category: string;
    identifiedOn: string;
    liftedOn: string | null;
  }[];
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
    qpv: row.qpv === 1,
    zrr: row.zrr === 1,
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
