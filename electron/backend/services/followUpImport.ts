/**
 * Import of the six-month follow-ups (date, situation) of people already recorded, through
 * the same wizard as the other imports (import/appendImport.ts). Each row sets the follow-up
 * of the person's pathway: « à créer » when the pathway has none, « à mettre à jour » when it
 * has another one, « inchangée » when it has this one — so importing the same file twice
 * changes nothing. A file number unknown in the convention, or a person without an exit (or
 * whose exit is after the follow-up), is refused on its line.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import {
  followUpImportFields,
  followUpMapper,
  parseFollowUpTable,
  type FollowUpValues,
} from '../../../shared/import/followUpRows';
import { pathways, persons } from '../db/schema';
import type { Db } from '../db/open';
import type { HandlerGroup } from '../handlerTypes';
import { tableImport } from '../import/appendImport';

interface FollowUp {
  personId: number;
  fileNumber: string;
  values: FollowUpValues;
  /** The follow-up recorded when the plan was made (the commit plans in its transaction). */
  before: { followUpDate: string | null; followUpSituation: string | null };
}

function peopleOf(db: Db, conventionId: number) {
  return db
    .select({
      id: persons.id,
      fileNumber: persons.fileNumber,
      exitDate: pathways.exitDate,
      followUpDate: pathways.followUpDate,
      followUpSituation: pathways.followUpSituation,
    })
    .from(persons)
    .leftJoin(pathways, eq(pathways.personId, persons.id))
    .where(eq(persons.conventionId, conventionId))
    .all();
}

const followUpImport = tableImport<FollowUp, FollowUp>({
  mappingKind: 'followUp',
  label: 'suivis à 6 mois',
  fields: followUpImportFields,
  mapper: followUpMapper,
  plan(db, conventionId, table, mapping) {
    const parsed = parseFollowUpTable(table, mapping, table.headerLine);
    const byFileNumber = new Map(peopleOf(db, conventionId).map((row) => [row.fileNumber, row]));
    const issues: ImportIssue[] = [...parsed.issues];
    const toCreate: FollowUp[] = [];
    const toUpdate: FollowUp[] = [];
    let unchanged = 0;
    let refusedUpdates = 0;
    const fileColumn = mapping.fileNumber ?? 'N° dossier';
    for (const row of parsed.rows) {
      if (!row.values) continue;
      const person = byFileNumber.get(row.fileNumber);
      const refuse = (column: string, value: string, reason: string) =>
        issues.push({ line: row.line, column, value, reason });
      if (!person) {
        refuse(
          fileColumn,
          row.fileNumber,
          "N° de dossier inconnu dans cette convention : créez ou importez d'abord la personne.",
        );
        continue;
      }
      if (!person.exitDate) {
        refuse(
          fileColumn,
          row.fileNumber,
          "Cette personne n'a pas de date de sortie : le suivi à 6 mois suit une sortie.",
        );
        continue;
      }
      if (row.values.followUpDate < person.exitDate) {
        refuse(
          mapping.followUpDate ?? 'Date du suivi',
          row.values.followUpDate,
          'La date du suivi précède la date de sortie de la personne.',
        );
        if (person.followUpDate) refusedUpdates += 1;
        continue;
      }
      const entry = {
        personId: person.id,
        fileNumber: row.fileNumber,
        values: row.values,
        before: {
          followUpDate: person.followUpDate,
          followUpSituation: person.followUpSituation,
        },
      };
      if (!person.followUpDate && !person.followUpSituation) toCreate.push(entry);
      else if (
        person.followUpDate === row.values.followUpDate &&
        person.followUpSituation === row.values.followUpSituation
      ) {
        unchanged += 1;
      } else toUpdate.push(entry);
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
    // Prepared once, positional: a file may set thousands of follow-ups.
    const update = ctx.sqlite.prepare(
      'UPDATE pathways SET follow_up_date = ?, follow_up_situation = ? WHERE person_id = ?',
    );
    ctx.audit.batched(() => {
      for (const { personId, fileNumber, values, before } of [...toCreate, ...toUpdate]) {
        // As people.update logs a pathway change: the person's file number, before and after.
        ctx.audit.updated('parcours', fileNumber, conventionId, before, { ...values });
        update.run(values.followUpDate, values.followUpSituation, personId);
      }
    });
  },
});

export const followUpImportHandlers = {
  'followUps.importPreview': (input, ctx) => followUpImport.preview(input, ctx),
  'followUps.importCommit': followUpImport.commit,
} satisfies HandlerGroup<'followUps.importPreview' | 'followUps.importCommit'>;
