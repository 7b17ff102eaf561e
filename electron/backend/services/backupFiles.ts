/**
 * The files of a backup copy: encryption (AES-256-GCM, key from the passphrase by scrypt,
 * both from Node's crypto), manifests, durable writes, and which copies rotation keeps.
 * No database handle here: the service (backups.ts) decides when and what to copy.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { AppError } from '../../../shared/errors';
import type { BackupReason } from '../../../shared/contract/backups';

/** First bytes of an encrypted copy: a plain SQLite file starts with "SQLite format 3". */
export const ENCRYPTED_MAGIC = Buffer.from('PCPOSAV1', 'ascii');
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// N = 2^15 costs ~100 ms and 32 MiB: slow for guessing, fine once per copy.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface EncryptionKey {
  salt: Buffer;
  key: Buffer;
}

export function deriveKey(
  passphrase: string,
  salt: Buffer = randomBytes(SALT_BYTES),
): EncryptionKey {
  return { salt, key: scryptSync(passphrase.normalize('NFC'), salt, 32, SCRYPT) };
}

export function encrypt(plain: Buffer, { salt, key }: EncryptionKey): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  // The header is authenticated too: a copy whose salt was tampered with does not decrypt.
  cipher.setAAD(Buffer.concat([ENCRYPTED_MAGIC, salt]));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([ENCRYPTED_MAGIC, salt, iv, cipher.getAuthTag(), body]);
}

export function isEncrypted(bytes: Buffer): boolean {
  return bytes.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC);
}

export function saltOf(bytes: Buffer): Buffer {
  return bytes.subarray(ENCRYPTED_MAGIC.length, ENCRYPTED_MAGIC.length + SALT_BYTES);
}

/** Decrypts with a passphrase, or with an already derived key; a wrong one is refused in French. */
export function decrypt(bytes: Buffer, secret: { passphrase: string } | EncryptionKey): Buffer {
  const salt = saltOf(bytes);
  const key =
    'passphrase' in secret
      ? deriveKey(secret.passphrase, Buffer.from(salt)).key
      : secret.salt.equals(salt)
        ? secret.key
        : null;
  if (!key) throw wrongPassphrase();
  let offset = ENCRYPTED_MAGIC.length + SALT_BYTES;
  const iv = bytes.subarray(offset, (offset += IV_BYTES));
  const tag = bytes.subarray(offset, (offset += TAG_BYTES));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.concat([ENCRYPTED_MAGIC, salt]));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(offset)), decipher.final()]);
  } catch {
    throw wrongPassphrase();
  }
}

function wrongPassphrase() {
  return AppError.validation([
    {
      path: 'passphrase',
      message:
        'Phrase de passe incorrecte : cette copie chiffrée ne peut pas être ouverte sans la bonne phrase de passe.',
    },
  ]);
}

/** Writes a file so that it is whole on disk or absent: temporary name, fsync, rename. */
export function writeDurably(path: string, bytes: Buffer | string): void {
  const temporary = `${path}.partiel`;
  writeFileSync(temporary, bytes);
  fsyncFile(temporary);
  renameSync(temporary, path);
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Start and daily copies rotate by calendar; the others are kept by number. */
export const SCHEDULED: readonly BackupReason[] = ['demarrage', 'quotidienne'];
export const ROTATION = { daily: 7, weekly: 4, monthly: 12, perOperation: 10 };

/**
 * The copies rotation keeps: for start/daily copies the newest of each of the last 7 days,
 * 4 ISO weeks and 12 months that have copies (grandfather–father–son); for every other
 * reason, its last 10. `copies` is any order; returns the kept file names.
 */
export function copiesToKeep(
  copies: readonly { file: string; createdAt: string; reason: BackupReason }[],
): Set<string> {
  const newestFirst = [...copies].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const keep = new Set<string>();
  const buckets = {
    daily: new Set<string>(),
    weekly: new Set<string>(),
    monthly: new Set<string>(),
  };
  const perReason = new Map<BackupReason, number>();
  for (const copy of newestFirst) {
    if (!SCHEDULED.includes(copy.reason)) {
      const seen = perReason.get(copy.reason) ?? 0;
      if (seen < ROTATION.perOperation) keep.add(copy.file);
      perReason.set(copy.reason, seen + 1);
      continue;
    }
    const date = new Date(copy.createdAt);
    const keys = {
      daily: copy.createdAt.slice(0, 10),
      weekly: `${getISOWeekYear(date)}-W${getISOWeek(date)}`,
      monthly: copy.createdAt.slice(0, 7),
    };
    for (const period of ['daily', 'weekly', 'monthly'] as const) {
      const seen = buckets[period];
      if (!seen.has(keys[period]) && seen.size < ROTATION[period]) {
        seen.add(keys[period]);
        keep.add(copy.file);
      }
    }
  }
  return keep;
}
