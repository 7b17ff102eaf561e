/** The operator's offer exported for DORA / data·inclusion (shared/domain/doraExport.ts). */
import { z } from 'zod';
import { id, query } from './define';

const text = z.string();
const optionalText = z.string().optional();

export const doraStructure = z.object({
  source: text,
  id: text,
  nom: text,
  date_maj: text,
  siret: optionalText,
  adresse: optionalText,
  code_postal: optionalText,
  commune: optionalText,
  description: optionalText,
});

export const doraService = z.object({
  source: text,
  id: text,
  structure_id: text,
  nom: text,
  description: text,
  date_maj: text,
  type: text,
  thematiques: z.array(text),
  publics: z.array(text),
  publics_precisions: text,
  modes_accueil: z.array(text),
  mobilisable_par: z.array(text),
  zone_eligibilite: z.array(text).optional(),
  adresse: optionalText,
  code_postal: optionalText,
  commune: optionalText,
});

export const doraExportOutput = z.object({
  /** Suggested name of the downloaded file. */
  fileName: z.string(),
  /** data·inclusion schema version the records follow. */
  schemaVersion: z.string(),
  structures: z.array(doraStructure),
  services: z.array(doraService),
});
export type DoraExportOutput = z.output<typeof doraExportOutput>;

export const doraCalls = {
  'dora.export': query(z.object({ conventionId: id }), doraExportOutput),
};
