/**
 * Generates a convention with N people (pathways, barriers) and M actions straight into
 * the database, fast, so the bench measures the reads and not the set-up.
 */
import type Database from 'better-sqlite3';

const exitTypes = [
  'employment_durable',
  'employment_other',
  'training',
  'orientation_mission_locale',
  'abandon',
  'lost_contact',
];
const categories = ['health', 'housing', 'mobility', 'money', 'digital'];

function isoDay(base: Date, offsetDays: number) {
  return new Date(base.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Deterministic pseudo-random numbers: the same data every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function generatePeople(
  sqlite: Database.Database,
  conventionId: number,
  people: number,
  actions: number,
) {
  const next = random(42);
  const start = new Date('2025-01-01T00:00:00Z');
  const insertPerson = sqlite.prepare(
    `INSERT INTO persons (convention_id, file_number, sex, birth_year, commune, insee_code, qpv, zrr, eligibility_ground)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertIdentity = sqlite.prepare(
    'INSERT INTO person_identities (person_id, last_name, first_name) VALUES (?, ?, ?)',
  );
  const insertPathway = sqlite.prepare(
    `INSERT INTO pathways (person_id, identified_on, remobilisation_start, accompaniment_start, exit_date, exit_type, referent)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBarrier = sqlite.prepare(
    'INSERT INTO barriers (person_id, category, identified_on, lifted_on) VALUES (?, ?, ?, ?)',
  );
  const insertAction = sqlite.prepare(
    'INSERT INTO person_actions (person_id, type, date, minutes, volet) VALUES (?, ?, ?, ?, ?)',
  );
  const ids: number[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < people; i += 1) {
      const identified = Math.floor(next() * 900);
      const remob = identified + Math.floor(next() * 30);
      const entered = next() < 0.7 ? remob + Math.floor(next() * 40) : null;
      const exited =
        entered !== null && next() < 0.5 ? entered + 60 + Math.floor(next() * 300) : null;
      const result = insertPerson.run(
        conventionId,
        `BN-${String(i).padStart(6, '0')}`,
        next() < 0.55 ? 'F' : 'M',
        1960 + Math.floor(next() * 45),
        'Rennes',
        '35238',
        next() < 0.3 ? 1 : 0,
        next() < 0.15 ? 1 : 0,
        ['not_registered', 'registered_no_support', 'no_contact_5_months'][Math.floor(next() * 3)],
      );
      const id = Number(result.lastInsertRowid);
      ids.push(id);
      insertIdentity.run(id, `Nom${i}`, `Prénom${i}`);
      insertPathway.run(
        id,
        isoDay(start, identified),
        isoDay(start, remob),
        entered === null ? null : isoDay(start, entered),
        exited === null ? null : isoDay(start, exited),
        exited === null ? null : exitTypes[Math.floor(next() * exitTypes.length)],
        'Référent',
      );
      if (entered !== null) {
        insertBarrier.run(
          id,
          categories[Math.floor(next() * categories.length)],
          isoDay(start, entered),
          next() < 0.5 ? isoDay(start, entered + 30) : null,
        );
      }
    }
    for (let i = 0; i < actions; i += 1) {
      const person = ids[Math.floor(next() * ids.length)]!;
      insertAction.run(person, 'interview', isoDay(start, Math.floor(next() * 1000)), 60, 3);
    }
  })();
  return ids;
}
