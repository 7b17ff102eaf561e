/**
 * Backups of the database file: list, create, restore, where they go and whether they are
 * encrypted. These calls act on the database file itself, outside any transaction, so
 * they are declared as queries (the read-only connection cannot run them by mistake: the
 * backup service holds its own handles). `backups.status` also tells the UI whether the
 * database was found damaged at start.
 */
import { z } from 'zod';
import { empty, query } from './define';

export const backupReasons = [
  'demarrage',
  'quotidienne',
  'manuelle',
  'avant-import-fec',
  'avant-import-personnes',
  'avant-import-reperage',
  'avant-import-coordination',
  'avant-import-suivis',
  'avant-import-freins',
  'avant-import-convention',
  'avant-purge',
  'avant-restauration',
  'avant-migration',
] as const;
export type BackupReason = (typeof backupReasons)[number];

export const backupReasonLabels: Record<BackupReason, string> = {
  demarrage: 'Au démarrage',
  quotidienne: 'Quotidienne',
  manuelle: 'Demandée',
  'avant-import-fec': 'Avant un import FEC',
  'avant-import-personnes': 'Avant un import de personnes',
  'avant-import-reperage': 'Avant un import du journal de repérage',
  'avant-import-coordination': 'Avant un import des actions de coordination',
  'avant-import-suivis': 'Avant un import des suivis à six mois',
  'avant-import-freins': 'Avant un import des freins',
  'avant-import-convention': "Avant l'import d'une convention",
  'avant-purge': 'Avant une purge RGPD',
  'avant-restauration': 'Avant une restauration',
  'avant-migration': 'Avant une mise à jour de la base',
};

export const backupCounts = z.object({
  conventions: z.number().int(),
  persons: z.number().int(),
  identities: z.number().int(),
  fecImports: z.number().int(),
  reports: z.number().int(),
});

export const backupCopy = z.object({
  /** File name inside the backup folder (no path). */
  file: z.string(),
  createdAt: z.string(),
  reason: z.enum(backupReasons),
  sizeBytes: z.number().int(),
  encrypted: z.boolean(),
  counts: backupCounts,
  /** Set when identities erased since were removed from this copy. */
  scrubbedAt: z.string().nullable(),
});
export type BackupCopy = z.output<typeof backupCopy>;

const fileName = z
  .string()
  .trim()
  .min(1, 'Choisissez une copie.')
  .regex(/^[^/\\]+$/, 'Nom de copie invalide.');

export const backupCalls = {
  'backups.status': query(
    empty,
    z.object({
      damaged: z.boolean(),
      /** French explanation when damaged. */
      message: z.string().nullable(),
      folder: z.string(),
      encrypted: z.boolean(),
    }),
  ),
  'backups.list': query(empty, z.object({ folder: z.string(), copies: z.array(backupCopy) })),
  'backups.create': query(empty, backupCopy),
  'backups.setFolder': query(
    z.object({ folder: z.string().trim().min(1, 'Indiquez un dossier.') }),
    z.object({ folder: z.string() }),
  ),
  'backups.setPassphrase': query(
    z.object({
      /** Null turns encryption off for the next copies. */
      passphrase: z
        .string()
        .min(12, 'La phrase de passe doit compter au moins 12 caractères.')
        .nullable(),
    }),
    z.object({ encrypted: z.boolean() }),
  ),
  'backups.restore': query(
    z.object({ file: fileName, passphrase: z.string().optional() }),
    z.object({ restored: z.string(), preRestoreCopy: z.string().nullable() }),
  ),
};
