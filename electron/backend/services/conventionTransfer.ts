/**
 * Export and import of a whole convention as one `.pilotecpo` file (to move it to another
 * computer or hand it over). Export: every row of the convention (transfer/plan.ts), the
 * persons' identities only when asked, and an audit row saying so. Import: a preview that
 * writes nothing, then one transaction that adds the convention as a new one — never merged
 * into or written over an existing convention; a taken reference gets a visible suffix.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import type { FileSource } from '../../../shared/contract/actuals';
import { CONVENTION_FILE_EXTENSION, type TransferPreview } from '../../../shared/contract/transfer';
import { conventionYears } from '../../../shared/domain/conventionYears';
import { AppError } from '../../../shared/errors';
import { formatDate, formatNumber } from '../../../shared/format';
import type { BaseContext, MutationContext } from '../context';
import type { Db } from '../db/open';
import journal from '../db/migrations/meta/_journal.json';
import { conventions, operators } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { sourcePath } from './actuals';
import { conventionRow } from './lookup';
import {
  countRows,
  operatorValues,
  readConventionRows,
  writeConventionRows,
} from './transfer/conventionRows';
import {
  packConvention,
  sha256,
  unpackConvention,
  type ConventionData,
  type Manifest,
} from './transfer/fileFormat';
import { IDENTITY_TABLE } from './transfer/plan';

/** A convention file above this is refused before it is read (the zip is held in memory). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
const REFERENCE_MAX = 80;

const knownSchemas = journal.entries
  .slice()
  .sort((a, b) => a.idx - b.idx)
  .map((entry) => entry.tag);

function client(db: Db): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client;
}

function schemaVersion(sqlite: Database.Database): string {
  const row = sqlite
    .prepare('SELECT tag FROM schema_migrations ORDER BY idx DESC LIMIT 1')
    .get() as { tag: string } | undefined;
  return row?.tag ?? knownSchemas.at(-1) ?? '';
}

function exportFileName(reference: string, day: string, identities: boolean): string {
  const slug = reference
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `convention-${slug || 'sans-reference'}-${day}${identities ? '-avec-identites' : ''}${CONVENTION_FILE_EXTENSION}`;
}

/** The file's first row of a table as an object (the convention's own row). */
function firstRow(data: ConventionData, table: string): Record<string, unknown> {
  const content = data.tables[table];
  const row = content?.rows[0];
  if (!content || !row) return {};
  return Object.fromEntries(content.columns.map((column, index) => [column, row[index]]));
}

interface ReadFile {
  path: string;
  manifest: Manifest;
  data: ConventionData;
  fileSha256: string;
}

/** Uploads whose content is refused go at once; a file picked in the dialog is the user's. */
function discardUpload(source: FileSource, path: string) {
  if (source.kind === 'upload') rmSync(path, { force: true });
}

async function readConventionFile(
  ctx: Pick<BaseContext, 'dataDir'>,
  input: { fileName: string; source: FileSource },
): Promise<ReadFile> {
  const path = sourcePath(ctx, input.source);
  try {
    if (statSync(path).size > MAX_FILE_BYTES) {
      throw new AppError(
        'VALIDATION',
        'Ce fichier de convention dépasse 1 Gio : il ne peut pas être importé.',
      );
    }
    const bytes = readFileSync(path);
    const { manifest, data } = await unpackConvention(bytes, knownSchemas);
    const counted = countRows(data);
    const conventionCount = counted.find((c) => c.table === 'conventions')?.count ?? 0;
    if (conventionCount !== 1) {
      throw new AppError(
        'VALIDATION',
        'Fichier de convention refusé : il doit contenir exactement une convention.',
      );
    }
    const identityRows = data.tables[IDENTITY_TABLE]?.rows.length ?? 0;
    if (!manifest.identitiesIncluded && identityRows > 0) {
      throw new AppError(
        'VALIDATION',
        "Ce fichier de convention a été modifié depuis son export (identités présentes alors qu'il dit ne pas en contenir) : rien n'a été importé.",
      );
    }
    operatorValues(data);
    return { path, manifest, data, fileSha256: sha256(bytes) };
  } catch (error) {
    if (error instanceof AppError) discardUpload(input.source, path);
    throw error;
  }
}

function referenceTaken(db: Db, reference: string): boolean {
  return Boolean(
    db
      .select({ id: conventions.id })
      .from(conventions)
      .where(eq(conventions.reference, reference))
      .get(),
  );
}

/** « REF (importée) », then « REF (importée 2) »…: free, and 80 characters at most. */
export function freeReference(db: Db, reference: string): string {
  if (!referenceTaken(db, reference)) return reference;
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? ' (importée)' : ` (importée ${n})`;
    const candidate = `${reference.slice(0, REFERENCE_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!referenceTaken(db, candidate)) return candidate;
  }
}

function previewOf(db: Db, file: ReadFile): TransferPreview {
  const { manifest, data } = file;
  const convention = firstRow(data, 'conventions');
  const operator = operatorValues(data);
  const text = (key: string) =>
    typeof convention[key] === 'string' ? (convention[key] as string) : '';
  const reference = text('reference');
  const startDate = text('start_date');
  const endDate = text('end_date');
  // A file's dates are checked by the format, not by the contract: unreadable ones list no year.
  const years = (() => {
    try {
      return conventionYears(startDate, endDate, text('fiscal_year_end')).map((y) => y.label);
    } catch {
      return [];
    }
  })();
  const counts = countRows(data).filter((c) => c.table !== 'conventions');
  const taken = referenceTaken(db, reference);
  const newReference = freeReference(db, reference);
  const persons = counts.find((c) => c.table === 'persons')?.count ?? 0;
  const notes: string[] = [];
  if (manifest.identitiesIncluded) {
    notes.push(
      `Le fichier contient l'identité des personnes (nom, prénom, téléphone, courriel) : en l'important, vous en devenez responsable (RGPD). Supprimez le fichier une fois l'import fait.`,
    );
  } else {
    notes.push(
      `Identités non incluses : ${formatNumber(persons)} personne(s) seront importées sous leur seul n° de dossier, sans nom ni coordonnées.`,
    );
  }
  if (taken) {
    notes.push(
      `Une convention porte déjà la référence « ${reference} » sur cet ordinateur : elle ne sera ni modifiée ni complétée. Le fichier ne peut être importé que comme nouvelle convention, sous la référence « ${newReference} ».`,
    );
  }
  const existing = db
    .select()
    .from(operators)
    .where(eq(operators.siret, operator.siret ?? ''))
    .get();
  if (existing) {
    notes.push(
      `L'opérateur « ${existing.name} » (SIRET ${existing.siret}) existe déjà ici : sa fiche est conservée telle quelle et la convention importée lui est rattachée.`,
    );
    const overlapping = db
      .select()
      .from(conventions)
      .where(
        and(
          eq(conventions.operatorId, existing.id),
          eq(conventions.dreetsRegion, text('dreets_region')),
        ),
      )
      .all()
      .find((other) => other.startDate <= endDate && startDate <= other.endDate);
    if (overlapping) {
      notes.push(
        `Sa période chevauche celle de la convention « ${overlapping.reference} » du même opérateur avec la même DREETS (du ${formatDate(overlapping.startDate)} au ${formatDate(overlapping.endDate)}).`,
      );
    }
  }
  return {
    reference,
    title: text('title'),
    operatorName: operator.name ?? '',
    operatorSiret: operator.siret ?? '',
    dreetsRegion: text('dreets_region'),
    startDate,
    endDate,
    years,
    isDemo: convention.is_demo === 1,
    counts,
    identitiesIncluded: manifest.identitiesIncluded,
    appVersion: manifest.appVersion,
    formatVersion: manifest.formatVersion,
    schemaVersion: manifest.schemaVersion,
    exportedAt: manifest.exportedAt,
    exportedBy: manifest.exportedBy,
    sha256: file.fileSha256,
    referenceTaken: taken,
    newReference,
    notes,
  };
}

/** The file's operator, found by SIRET (kept as it is) or created. */
function operatorFor(ctx: MutationContext, data: ConventionData): number {
  const values = operatorValues(data);
  const existing = ctx.db
    .select({ id: operators.id })
    .from(operators)
    .where(eq(operators.siret, values.siret!))
    .get();
  if (existing) return existing.id;
  const inserted = ctx.db
    .insert(operators)
    .values({
      name: values.name!,
      legalForm: values.legal_form!,
      siret: values.siret!,
      rna: values.rna!,
      address: values.address!,
      postalCode: values.postal_code!,
      city: values.city!,
      representativeName: values.representative_name!,
      representativeRole: values.representative_role!,
    })
    .returning({ id: operators.id })
    .get();
  ctx.audit.created('operateur', inserted.id, null, values);
  return inserted.id;
}

export const transferHandlers = {
  'conventions.exportFile': {
    async prepare(input, ctx) {
      const convention = conventionRow(ctx.db, input.conventionId);
      const sqlite = client(ctx.db);
      // One read transaction: the rows of every table come from the same state.
      const data = sqlite.transaction(() =>
        readConventionRows(sqlite, input.conventionId, input.includeIdentities),
      )();
      const fileName = exportFileName(convention.reference, ctx.today(), input.includeIdentities);
      const packed = await packConvention(
        {
          appVersion: ctx.version,
          schemaVersion: schemaVersion(sqlite),
          exportedAt: ctx.now().toISOString(),
          exportedBy: ctx.userName ?? 'inconnu',
          identitiesIncluded: input.includeIdentities,
          reference: convention.reference,
        },
        data,
      );
      return { fileName, packed, reference: convention.reference };
    },
    apply(
      input,
      prepared: { fileName: string; packed: { bytes: Buffer; sha256: string }; reference: string },
      ctx,
    ) {
      ctx.audit.created('export', prepared.reference, input.conventionId, {
        fichier: prepared.fileName,
        identites: input.includeIdentities ? 'incluses' : 'non incluses (personnes pseudonymisées)',
        sha256: prepared.packed.sha256,
      });
      return {
        fileName: prepared.fileName,
        contentBase64: prepared.packed.bytes.toString('base64'),
        sha256: prepared.packed.sha256,
        sizeBytes: prepared.packed.bytes.length,
        identitiesIncluded: input.includeIdentities,
      };
    },
  },
  async 'conventions.previewImport'(input, ctx) {
    return previewOf(ctx.db, await readConventionFile(ctx, input));
  },
  'conventions.importFile': {
    prepare: (input, ctx) => readConventionFile(ctx, input),
    apply(input, file: ReadFile, ctx) {
      const reference =
        typeof firstRow(file.data, 'conventions').reference === 'string'
          ? (firstRow(file.data, 'conventions').reference as string)
          : '';
      const taken = referenceTaken(ctx.db, reference);
      if (taken && !input.asNewConvention) {
        throw new AppError(
          'CONFLICT',
          `Une convention porte déjà la référence « ${reference} » : elle n'est jamais remplacée ni fusionnée. Choisissez « Importer comme nouvelle convention » ou annulez.`,
        );
      }
      const newReference = freeReference(ctx.db, reference);
      const operatorId = operatorFor(ctx, file.data);
      const { conventionId, rows } = writeConventionRows(ctx.sqlite, file.data, {
        operatorId,
        reference: newReference,
      });
      ctx.audit.created('import', newReference, conventionId, {
        fichier: input.fileName,
        referenceDuFichier: reference,
        reference: newReference,
        identites: file.manifest.identitiesIncluded
          ? 'incluses'
          : 'non incluses (personnes pseudonymisées)',
        exporteLe: file.manifest.exportedAt,
        exportePar: file.manifest.exportedBy,
        versionQuiAEcrit: file.manifest.appVersion,
        sha256: file.fileSha256,
        lignes: rows,
      });
      if (input.source.kind === 'upload') {
        const uploaded = file.path;
        ctx.afterCommit(() => rmSync(uploaded, { force: true }));
      }
      return {
        id: conventionId,
        reference: newReference,
        identitiesIncluded: file.manifest.identitiesIncluded,
        rows,
      };
    },
  },
} satisfies HandlerGroup<
  'conventions.exportFile' | 'conventions.previewImport' | 'conventions.importFile'
>;
