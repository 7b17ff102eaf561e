/** What a handler receives besides its validated input. */
import type Database from 'better-sqlite3';
import type { AppEvent } from '../../shared/contract';
import type { Actor } from '../../shared/contract/roles';
import type { Db } from './db/open';
import type { AuditWriter } from './services/audit';
import type { BackupControl } from './services/backups';

/** 'team': the team server (accounts, roles, several staff); the others are single-user. */
export type RunMode = 'electron' | 'web' | 'test' | 'team';

export interface BaseContext {
  /** Read-only for queries; the writable connection, inside the call's transaction, for mutations. */
  db: Db;
  now(): Date;
  today(): string;
  /** Who signs the changes: the actor's account in the team mode, else the local name. */
  userName: string | null;
  /** The authenticated account and its role (team mode); absent in the local mode. */
  actor?: Actor;
  mode: RunMode;
  dataDir: string;
  databasePath: string;
  version: string;
  emit(event: AppEvent): void;
  /** The backup service (absent in contexts built outside the backend, e.g. demo loading). */
  backups?: BackupControl;
}

export interface QueryContext extends BaseContext {
  readonly kind: 'query';
}

export interface MutationContext extends BaseContext {
  readonly kind: 'mutation';
  audit: AuditWriter;
  /** The raw writable connection, for bulk inserts only (FEC lines): same transaction. */
  sqlite: Database.Database;
  /** Runs once the call's transaction has committed (never if it rolls back). */
  afterCommit(action: () => void): void;
  /**
   * Says which persons the call changed (their person row, pathway, barriers or actions),
   * when those are all it changed of `people`: the kept records of everyone else are then
   * reused (readCache.ts). A call that changes people without saying has them all read again.
   */
  changedPeople(...personIds: number[]): void;
}
