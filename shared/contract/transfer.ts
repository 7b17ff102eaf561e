/**
 * Moving a whole convention to another computer: one `.pilotecpo` file written by
 * « Exporter la convention » and read back by « Importer une convention ». The import shows
 * a preview first and never merges into or overwrites a convention already there.
 */
import { z } from 'zod';
import { fileSource } from './actuals';
import { id, mutation, query } from './define';
import { requiredText } from './fields';

/** The file's extension (a zip holding manifest.json and convention.json). */
export const CONVENTION_FILE_EXTENSION = '.pilotecpo';

const importFile = z.object({
  fileName: requiredText('Nom du fichier', 260),
  source: fileSource,
});

export const transferPreview = z.object({
  reference: z.string(),
  title: z.string(),
  operatorName: z.string(),
  operatorSiret: z.string(),
  dreetsRegion: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  /** The convention years' labels (« 2025 », « 2025-2026 »…). */
  years: z.array(z.string()),
  isDemo: z.boolean(),
  /** Rows per kind, in the order of the file, with their French label. */
  counts: z.array(z.object({ table: z.string(), label: z.string(), count: z.number() })),
  identitiesIncluded: z.boolean(),
  appVersion: z.string(),
  formatVersion: z.number(),
  schemaVersion: z.string(),
  exportedAt: z.string(),
  exportedBy: z.string(),
  sha256: z.string(),
  /** A convention with this reference is already here: the file can only come in as a new one. */
  referenceTaken: z.boolean(),
  /** The reference it would get as a new convention (the same one when not taken). */
  newReference: z.string(),
  /** What the person should know before importing, in French sentences. */
  notes: z.array(z.string()),
});
export type TransferPreview = z.output<typeof transferPreview>;

export const transferCalls = {
  /**
   * The convention as one file (base64). Identities of persons (names, phone, e-mail) only
   * when asked; otherwise the persons travel under their file numbers alone.
   */
  'conventions.exportFile': mutation(
    z.object({ conventionId: id, includeIdentities: z.boolean().default(false) }),
    z.object({
      fileName: z.string(),
      contentBase64: z.string(),
      sha256: z.string(),
      sizeBytes: z.number(),
      identitiesIncluded: z.boolean(),
    }),
  ),
  /** Reads and checks a file (format, version, SHA-256), writes nothing. */
  'conventions.previewImport': query(importFile, transferPreview),
  /**
   * Writes the file's convention in one transaction. `asNewConvention` must be true when
   * its reference is already used here: it then comes in under the preview's newReference.
   */
  'conventions.importFile': mutation(
    importFile.extend({ asNewConvention: z.boolean().default(false) }),
    z.object({
      id,
      reference: z.string(),
      identitiesIncluded: z.boolean(),
      rows: z.number(),
    }),
  ),
};
