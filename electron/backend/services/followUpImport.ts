/**
 * Import of the six-month follow-ups (date, situation) of people already recorded, through
 * the same wizard as the other log imports (import/appendImport.ts). Each row sets the
 * follow-up of the person's pathway; a row equal to the follow-up recorded is left as it is,
 * so importing the same file twice changes nothing. A file number unknown in the convention,
 * or a person without an exit (or whose exit is after the follow-up), is refused on its line.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import {
  followUpImportFields,
  followUpKey,
  followUpMapper,
  parseFollowUpTable,
  type FollowUpValues,
} from '../../../shared/import/followUpRows';
import { pathways, persons } from '../db/schema';
import type { Db } from '../db/open';
import type { HandlerGroup } from '../handlerTypes';
import { appendImport } from '../import/appendImport';

interface FollowUp {
  personId: number;
  fileNumber: string;
  values: FollowUpValues;
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

const followUpImport = appendImport<FollowUp>({
  mappingKind: 'followUp',
  label: 'suivis à 6 mois',
  fields: followUpImportFields,
  mapper: followUpMapper,
  read(db, conventionId, table, mapping) {
    const parsed = parseFollowUpTable(table, mapping, table.headerLine);
    const byFileNumber = new Map(peopleOf(db, conventionId).map((row) => [row.fileNumber, row]));
    const issues: ImportIssue[] = [...parsed.issues];
    const rows: { key: string; entry: FollowUp }[] = [];
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
        continue;
      }
      rows.push({
        key: followUpKey(row.fileNumber, row.values),
        entry: { personId: person.id, fileNumber: row.fileNumber, values: row.values },
      });
    }
    return { issues, rows, sample: parsed.rows.slice(0, 10).map((row) => row.display) };
  },
  recordedKeys(db, conventionId) {
    const counts = new Map<string, number>();
    for (const row of peopleOf(db, conventionId)) {
      if (!row.followUpDate || !row.followUpSituation) continue;
      const key = followUpKey(row.fileNumber, {
        followUpDate: row.followUpDate,
        followUpSituation: row.followUpSituation as FollowUpValues['followUpSituation'],
      });
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  },
  write(ctx, conventionId, entries) {
    ctx.audit.batched(() => {
      for (const { personId, fileNumber, values } of entries) {
        const before = ctx.db
          .select({
            followUpDate: pathways.followUpDate,
            followUpSituation: pathways.followUpSituation,
          })
          .from(pathways)
          .where(eq(pathways.personId, personId))
          .get();
        // As people.update logs a pathway change: the person's file number, before and after.
        ctx.audit.updated('parcours', fileNumber, conventionId, before ?? {}, { ...values });
        ctx.db.update(pathways).set(values).where(eq(pathways.personId, personId)).run();
      }
    });
  },
});

export const followUpImportHandlers = {
  'followUps.importPreview': (input, ctx) => followUpImport.preview(input, ctx),
  'followUps.importCommit': followUpImport.commit,
} satisfies HandlerGroup<'followUps.importPreview' | 'followUps.importCommit'>;
