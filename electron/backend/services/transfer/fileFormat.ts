/**
 * The `.pilotecpo` file: a zip (jszip, already used to read .docx in the tests and pulled by
 * exceljs) holding `manifest.json` — what wrote it and the SHA-256 of the data — and
 * `convention.json`, the rows. A zip keeps it one file that any unzip tool can open, and
 * compresses the ledger lines tenfold. Reading refuses, in French, a file that is not ours,
 * a damaged or altered one (CRC or hash mismatch), and one from a newer Pilote CPO.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { AppError } from '../../../../shared/errors';
import { declaredInflatedSize, XlsxError } from '../../import/readXlsx';

export const FORMAT = 'pilote-cpo/convention';
/** Bumped when a reader of this version could not read what a newer one writes. */
export const FORMAT_VERSION = 1;
export const MANIFEST_ENTRY = 'manifest.json';
export const DATA_ENTRY = 'convention.json';
/** Inflated, the data must fit in one JavaScript string (V8 caps those near 512 MiB). */
export const MAX_INFLATED_BYTES = 400 * 1024 * 1024;

export interface TableRows {
  columns: string[];
  rows: unknown[][];
}

export interface ConventionData {
  /** The operator's row (without its id): found again by SIRET on import. */
  operator: Record<string, unknown>;
  tables: Record<string, TableRows>;
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  appVersion: string;
  /** The last database migration of the app that wrote the file. */
  schemaVersion: string;
  exportedAt: string;
  exportedBy: string;
  identitiesIncluded: boolean;
  reference: string;
  /** SHA-256 of convention.json's bytes. */
  sha256: string;
}

const notOurs = () =>
  new AppError(
    'VALIDATION',
    "Ce fichier n'est pas une convention exportée par Pilote CPO (fichier .pilotecpo attendu).",
  );

const damaged = (why: string) =>
  new AppError(
    'VALIDATION',
    `Ce fichier de convention est endommagé ou a été modifié depuis son export (${why}) : rien n'a été importé. Demandez un nouvel export à la personne qui vous l'a transmis.`,
  );

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function packConvention(
  manifest: Omit<Manifest, 'sha256' | 'format' | 'formatVersion'>,
  data: ConventionData,
): Promise<{ bytes: Buffer; sha256: string }> {
  const json = Buffer.from(JSON.stringify(data), 'utf8');
  const full: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    ...manifest,
    sha256: sha256(json),
  };
  const zip = new JSZip();
  // Fixed dates: the same convention exported twice gives the same bytes.
  const date = new Date(manifest.exportedAt);
  zip.file(MANIFEST_ENTRY, JSON.stringify(full, null, 2), { date });
  zip.file(DATA_ENTRY, json, { date });
  const bytes = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 6 },
  });
  return { bytes, sha256: sha256(bytes) };
}

function isManifest(value: unknown): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.format === FORMAT &&
    typeof m.formatVersion === 'number' &&
    typeof m.appVersion === 'string' &&
    typeof m.schemaVersion === 'string' &&
    typeof m.exportedAt === 'string' &&
    typeof m.exportedBy === 'string' &&
    typeof m.identitiesIncluded === 'boolean' &&
    typeof m.reference === 'string' &&
    typeof m.sha256 === 'string'
  );
}

function isData(value: unknown): value is ConventionData {
  if (typeof value !== 'object' || value === null) return false;
  const { operator, tables } = value as Record<string, unknown>;
  if (typeof operator !== 'object' || operator === null || Array.isArray(operator)) return false;
  if (typeof tables !== 'object' || tables === null || Array.isArray(tables)) return false;
  return Object.values(tables).every(
    (table) =>
      typeof table === 'object' &&
      table !== null &&
      Array.isArray((table as TableRows).columns) &&
      (table as TableRows).columns.every((column) => typeof column === 'string') &&
      Array.isArray((table as TableRows).rows) &&
      (table as TableRows).rows.every((row) => Array.isArray(row)),
  );
}

/**
 * The manifest and data of a file, checked: ours, not newer than this app (format and
 * schema), intact (zip CRCs and the data's SHA-256). `knownSchemas` are this app's
 * migration tags, oldest first.
 */
export async function unpackConvention(
  bytes: Buffer,
  knownSchemas: readonly string[],
): Promise<{ manifest: Manifest; data: ConventionData }> {
  // A zip starts with a local file header: anything else is not one of our files.
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) throw notOurs();
  let inflated: number;
  try {
    inflated = declaredInflatedSize(bytes);
  } catch (error) {
    if (error instanceof XlsxError) throw damaged('archive illisible');
    throw error;
  }
  if (inflated > MAX_INFLATED_BYTES) {
    throw new AppError(
      'VALIDATION',
      'Ce fichier de convention est trop volumineux une fois décompressé (400 Mio au plus).',
    );
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch {
    throw damaged('archive illisible');
  }
  const manifestEntry = zip.file(MANIFEST_ENTRY);
  const dataEntry = zip.file(DATA_ENTRY);
  if (!manifestEntry || !dataEntry) throw notOurs();
  let manifest: unknown;
  let json: Buffer;
  try {
    manifest = JSON.parse(await manifestEntry.async('string'));
    json = await dataEntry.async('nodebuffer');
  } catch {
    throw damaged('contenu illisible');
  }
  if (!isManifest(manifest)) throw notOurs();
  if (manifest.formatVersion > FORMAT_VERSION || !Number.isInteger(manifest.formatVersion)) {
    throw new AppError(
      'VALIDATION',
      `Ce fichier a été écrit par une version plus récente de Pilote CPO (${manifest.appVersion}, format ${manifest.formatVersion}) : mettez à jour Pilote CPO sur cet ordinateur avant de l'importer.`,
    );
  }
  if (!knownSchemas.includes(manifest.schemaVersion)) {
    throw new AppError(
      'VALIDATION',
      `Ce fichier a été écrit par une version plus récente de Pilote CPO (${manifest.appVersion}, base « ${manifest.schemaVersion} ») : mettez à jour Pilote CPO sur cet ordinateur avant de l'importer.`,
    );
  }
  if (sha256(json) !== manifest.sha256) throw damaged('empreinte SHA-256 différente');
  let data: unknown;
  try {
    data = JSON.parse(json.toString('utf8'));
  } catch {
    throw damaged('contenu illisible');
  }
  if (!isData(data)) throw damaged('contenu inattendu');
  return { manifest, data };
}
