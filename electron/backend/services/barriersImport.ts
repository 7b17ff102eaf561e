/**
 * Import of the barriers of people already recorded (type, identified on, lifted on),
 * through the same wizard as the other imports (import/appendImport.ts).
 *
 * A barrier is named by its person, its type and the day it was identified. The operator's
 * spreadsheet gets its « Levé le » column filled later, so importing it again is expected:
 * - a barrier not recorded yet is created (« À créer »);
 * - one recorded without a lifted date, the row giving one: the lifted date is set
 *   (« À mettre à jour »), audited as the person page's barriers.update is;
 * - one recorded with the row's lifted date (or both without): left as it is (« Inchangée »);
 * - one recorded with another lifted date, or lifted while the row's cell is empty: refused
 *   on the row's line and « Levé le » column — the import never overwrites nor erases a
 *   recorded date; the operator corrects the file or the person's page.
 * A lifted date before the identified one is refused by the person page's rule
 * (shared/domain/barrierRules.ts); a file number unknown in the convention, or the same
 * barrier twice in the file, is refused on its line. One refusal and nothing is written.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import { formatDate } from '../../../shared/format';
import {
  barrierImportFields,
  barrierKey,
  barrierMapper,
  parseBarrierTable,
  type BarrierValues,
} from '../../../shared/import/barrierRows';
import { barriers, persons } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { tableImport } from '../import/appendImport';

interface NewBarrier {
  personId: number;
  fileNumber: string;
  values: BarrierValues;
}

interface LiftedBarrier {
  barrierId: number;
  fileNumber: string;
  liftedOn: string;
}

/** Where a refusal is put when the mapping does not name the column (it always does once planned). */
const labels = {
  fileNumber: 'N° dossier',
  category: 'Frein',
  liftedOn: 'Levé le',
} as const;

const barriersImport = tableImport<NewBarrier, LiftedBarrier>({
  mappingKind: 'barrier',
  label: 'freins',
  fields: barrierImportFields,
  mapper: barrierMapper,
  plan(db, conventionId, table, mapping) {
    const parsed = parseBarrierTable(table, mapping, table.headerLine);
    const people = db
      .select({ id: persons.id, fileNumber: persons.fileNumber })
      .from(persons)
      .where(eq(persons.conventionId, conventionId))
      .all();
    const byFileNumber = new Map(people.map((person) => [person.fileNumber, person.id]));
    // The convention's barriers by what names them; two recorded alike (typed twice on the
    // person page) are both candidates, the oldest first.
    const recorded = new Map<string, { id: number; liftedOn: string | null }[]>();
    const rows = db
      .select({
        id: barriers.id,
        personId: barriers.personId,
        category: barriers.category,
        identifiedOn: barriers.identifiedOn,
        liftedOn: barriers.liftedOn,
      })
      .from(barriers)
      .innerJoin(persons, eq(persons.id, barriers.personId))
      .where(eq(persons.conventionId, conventionId))
      .orderBy(barriers.id)
      .all();
    for (const row of rows) {
      const key = barrierKey(row.personId, row as Pick<BarrierValues, 'category' | 'identifiedOn'>);
      const list = recorded.get(key);
      if (list) list.push({ id: row.id, liftedOn: row.liftedOn });
      else recorded.set(key, [{ id: row.id, liftedOn: row.liftedOn }]);
    }

    const issues: ImportIssue[] = [...parsed.issues];
    const toCreate: NewBarrier[] = [];
    const toUpdate: LiftedBarrier[] = [];
    let unchanged = 0;
    let refusedUpdates = 0;
    const lineOfKey = new Map<string, number>();
    const column = (key: keyof typeof labels) => mapping[key] ?? labels[key];
    for (const row of parsed.rows) {
      if (!row.values) continue;
      const refuse = (field: keyof typeof labels, value: string, reason: string) =>
        issues.push({ line: row.line, column: column(field), value, reason });
      const personId = byFileNumber.get(row.fileNumber);
      if (personId === undefined) {
        refuse(
          'fileNumber',
          row.fileNumber,
          "N° de dossier inconnu dans cette convention : créez ou importez d'abord la personne.",
        );
        continue;
      }
      const values = row.values;
      const key = barrierKey(personId, values);
      const earlier = lineOfKey.get(key);
      if (earlier !== undefined) {
        refuse(
          'category',
          row.display.category ?? values.category,
          `Ce frein (même personne, même type, même date d'identification) figure déjà ligne ${earlier} : gardez une seule ligne.`,
        );
        continue;
      }
      lineOfKey.set(key, row.line);
      const candidates = recorded.get(key) ?? [];
      if (candidates.length === 0) {
        toCreate.push({ personId, fileNumber: row.fileNumber, values });
        continue;
      }
      if (candidates.some((candidate) => candidate.liftedOn === values.liftedOn)) {
        unchanged += 1;
        continue;
      }
      const open = candidates.find((candidate) => candidate.liftedOn === null);
      if (values.liftedOn !== null && open) {
        toUpdate.push({
          barrierId: open.id,
          fileNumber: row.fileNumber,
          liftedOn: values.liftedOn,
        });
        continue;
      }
      refusedUpdates += 1;
      const recordedOn = formatDate(candidates[0]!.liftedOn!);
      refuse(
        'liftedOn',
        values.liftedOn ? formatDate(values.liftedOn) : '',
        values.liftedOn
          ? `Ce frein est déjà enregistré levé le ${recordedOn} : l'import ne remplace pas une date de levée. Corrigez le fichier, ou la date sur la fiche de la personne.`
          : `Ce frein est enregistré levé le ${recordedOn} : une cellule vide ne l'efface pas. Reportez cette date dans le fichier.`,
      );
    }
    return {
      issues,
      sample: parsed.rows.slice(0, 10).map((row) => row.display),
      toCreate,
      toUpdate,
      unchanged,
      refusedUpdates,
    };
  },
  write(ctx, conventionId, { toCreate, toUpdate }) {
    // Prepared once, positional, no RETURNING: a file may hold tens of thousands of rows.
    const insert = ctx.sqlite.prepare(
      'INSERT INTO barriers (person_id, category, identified_on, lifted_on) VALUES (?, ?, ?, ?)',
    );
    // `lifted_on IS NULL`: the plan saw it empty, and only an empty date is ever set.
    const lift = ctx.sqlite.prepare(
      'UPDATE barriers SET lifted_on = ? WHERE id = ? AND lifted_on IS NULL',
    );
    ctx.audit.batched(() => {
      // As barriers.add and barriers.update log them: `<file number>/<barrier id>`.
      for (const { personId, fileNumber, values } of toCreate) {
        const id = Number(
          insert.run(personId, values.category, values.identifiedOn, values.liftedOn)
            .lastInsertRowid,
        );
        ctx.audit.created('frein', `${fileNumber}/${id}`, conventionId, {
          categorie: values.category,
          identifieLe: values.identifiedOn,
          leveLe: values.liftedOn,
        });
      }
      for (const { barrierId, fileNumber, liftedOn } of toUpdate) {
        lift.run(liftedOn, barrierId);
        ctx.audit.updated(
          'frein',
          `${fileNumber}/${barrierId}`,
          conventionId,
          { leveLe: null },
          { leveLe: liftedOn },
        );
      }
    });
  },
});

export const barriersImportHandlers = {
  'barriers.importPreview': (input, ctx) => barriersImport.preview(input, ctx),
  'barriers.importCommit': barriersImport.commit,
} satisfies HandlerGroup<'barriers.importPreview' | 'barriers.importCommit'>;
