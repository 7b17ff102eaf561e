/**
 * The whole API of the app, in one object. Add a call here and the type checker lists
 * every place that must follow: the backend handler table, and nothing else — the
 * preload and the web bridge read their allowlist from this object.
 */
import type { z } from 'zod';
import { conventionCalls } from './conventions';
import { auditCalls, objectiveCalls, sessionCalls } from './objectives';
import { eventSchemas } from './events';
import { peopleCalls } from './people';
import { actualsCalls } from './actuals';
import { budgetCalls } from './budget';
import { allocationCalls } from './allocation';
import { compensationCalls } from './compensation';
import { reportCalls } from './reports';
import { backupCalls } from './backups';
import { doraCalls } from './dora';
import { transferCalls } from './transfer';
import { dashboardCalls } from './dashboard';
import { accountCalls } from './accounts';

export const contract = {
  ...sessionCalls,
  ...conventionCalls,
  ...objectiveCalls,
  ...auditCalls,
  ...peopleCalls,
  ...actualsCalls,
  ...budgetCalls,
  ...allocationCalls,
  ...compensationCalls,
  ...reportCalls,
  ...backupCalls,
  ...doraCalls,
  ...transferCalls,
  ...dashboardCalls,
  ...accountCalls,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type CallInput<C extends Channel> = z.input<Contract[C]['input']>;
export type CallParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type CallOutput<C extends Channel> = z.output<Contract[C]['output']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export { eventSchemas };
export type { AppEvent } from './events';
