/**
 * The handler table, typed from the contract: a call declared in shared/contract without
 * a handler here, or with the wrong input or output type, is a type error. The handler
 * types live in handlerTypes.ts, so that services never import this table (no cycle).
 */
import type { Handlers } from './handlerTypes';
import { actualsHandlers } from './services/actuals';
import { allocationHandlers } from './services/allocation';
import { auditHandlers } from './services/audit';
import { budgetHandlers } from './services/budget';
import { compensationHandlers } from './services/compensation';
import { reportHandlers } from './services/reports';
import { backupHandlers } from './services/backups';
import { coordinationHandlers } from './services/coordination';
import { barriersImportHandlers } from './services/barriersImport';
import { coordinationImportHandlers } from './services/coordinationImport';
import { followUpImportHandlers } from './services/followUpImport';
import { indicatorHandlers } from './services/indicators';
import { outreachHandlers } from './services/outreach';
import { outreachImportHandlers } from './services/outreachImport';
import { peopleHandlers } from './services/people';
import { peopleImportHandlers } from './services/peopleImport';
import { privacyHandlers } from './services/privacy';
import { conventionHandlers } from './services/conventions';
import { demoHandlers } from './services/demo';
import { doraHandlers } from './services/doraExport';
import { objectiveHandlers } from './services/objectives';
import { sessionHandlers } from './services/session';
import { transferHandlers } from './services/conventionTransfer';
import { watchListHandlers } from './services/watchList';
import { accountHandlers } from './team/accounts';

export const handlers: Handlers = {
  ...sessionHandlers,
  ...conventionHandlers,
  ...demoHandlers,
  ...objectiveHandlers,
  ...auditHandlers,
  ...peopleHandlers,
  ...outreachHandlers,
  ...outreachImportHandlers,
  ...coordinationHandlers,
  ...coordinationImportHandlers,
  ...followUpImportHandlers,
  ...barriersImportHandlers,
  ...indicatorHandlers,
  ...peopleImportHandlers,
  ...privacyHandlers,
  ...actualsHandlers,
  ...budgetHandlers,
  ...allocationHandlers,
  ...compensationHandlers,
  ...reportHandlers,
  ...backupHandlers,
  ...doraHandlers,
  ...transferHandlers,
  ...watchListHandlers,
  ...accountHandlers,
};
