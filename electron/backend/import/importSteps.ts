/**
 * What every spreadsheet import of a convention does the same way (people, outreach log):
 * decode the file before any transaction, check the convention, remember the mapping per
 * convention and kind, and refuse the whole file with its issues in French.
 */
import { and, eq } from 'drizzle-orm';
import type { ImportIssue } from '../../../shared/contract/people';
import { AppError } from '../../../shared/errors';
import type { ImportMapping } from '../../../shared/import/fieldMapping';
import { issueMessage } from '../../../shared/import/peopleRows';
import type { MutationContext } from '../context';
import type { Db } from '../db/open';
import { importMappings } from '../db/schema';
import { conventionRow } from '../services/lookup';
import { bytesFromBase64, decodeTable, type DecodedTable } from './decodeTable';

const MAX_LISTED_ISSUES = 200;

export interface ImportInput {
  conventionId: number;
  fileName: string;
  contentBase64: string;
  mapping?: ImportMapping;
}

/** Decoding may be asynchronous (XLSX): it happens before any transaction. */
export function readImportFile(input: ImportInput): Promise<DecodedTable> {
  return decodeTable(input.fileName, bytesFromBase64(input.contentBase64));
}

export function assertConvention(db: Db, conventionId: number) {
  conventionRow(db, conventionId);
}

/** The mapping last used for this kind of file in a convention, read and saved. */
export function mappingStore(kind: string) {
  const saved = (db: Db, conventionId: number): ImportMapping | null => {
    const row = db
      .select({ mapping: importMappings.mapping })
      .from(importMappings)
      .where(and(eq(importMappings.conventionId, conventionId), eq(importMappings.kind, kind)))
      .get();
    if (!row) return null;
    try {
      const parsed = JSON.parse(row.mapping) as unknown;
      return parsed && typeof parsed === 'object' ? (parsed as ImportMapping) : null;
    } catch {
      return null;
    }
  };
  const save = (ctx: MutationContext, conventionId: number, mapping: ImportMapping) => {
    const text = JSON.stringify(mapping);
    if (JSON.stringify(saved(ctx.db, conventionId)) === text) return;
    ctx.db
      .insert(importMappings)
      .values({ conventionId, kind, mapping: text })
      .onConflictDoUpdate({
        target: [importMappings.conventionId, importMappings.kind],
        set: { mapping: text },
      })
      .run();
  };
  return { saved, save };
}

/** The whole file refused: the first issues listed, each naming its line and column. */
export function refuseImport(fileName: string, issues: readonly ImportIssue[]): AppError {
  const total = issues.length;
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  const head =
    total === 1
      ? `1 erreur dans le fichier « ${fileName} » : rien n'a été importé.`
      : `${total} erreurs dans le fichier « ${fileName} » : rien n'a été importé.`;
  const tail =
    total > MAX_LISTED_ISSUES
      ? ` Les ${MAX_LISTED_ISSUES} premières sont listées ; l'aperçu les donne toutes.`
      : '';
  return AppError.validation(
    listed.map((issue) => ({ path: `line.${issue.line}`, message: issueMessage(issue) })),
    head + tail,
  );
}
