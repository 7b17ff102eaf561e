/**
 * The handler table, typed from the contract: a call declared in shared/contract without
 * a handler here, or with the wrong input or output type, is a type error.
 */
import type { CallOutput, CallParsedInput, Channel, Contract } from '../../shared/contract';
import type { MutationContext, QueryContext } from './context';
import { actualsHandlers } from './services/actuals';
import { allocationHandlers } from './services/allocation';
import { auditHandlers } from './services/audit';
import { budgetHandlers } from './services/budget';
import { compensationHandlers } from './services/compensation';
import { reportHandlers } from './services/reports';
import { backupHandlers } from './services/backups';
import { coordinationHandlers } from './services/coordination';
import { coordinationImportHandlers } from './services/coordinationImport';
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

type ContextFor<C extends Channel> = Contract[C]['mutates'] extends true
  ? MutationContext
  : QueryContext;

/**
 * A mutation writes synchronously, inside one SQLite transaction. When it first needs slow
 * or asynchronous work (decoding an uploaded file), it is split: `prepare` runs before the
 * transaction with a read-only handle, and `apply` writes with what it prepared.
 */
export interface PreparedMutation<C extends Channel, P = unknown> {
  prepare: (input: CallParsedInput<C>, ctx: QueryContext) => Promise<P>;
  apply: (input: CallParsedInput<C>, prepared: P, ctx: MutationContext) => CallOutput<C>;
}

export type Handler<C extends Channel> = Contract[C]['mutates'] extends true
  ? | ((input: CallParsedInput<C>, ctx: MutationContext) => CallOutput<C>)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation picks its own prepared type
    | PreparedMutation<C, any>
  : (input: CallParsedInput<C>, ctx: QueryContext) => CallOutput<C> | Promise<CallOutput<C>>;

export type Handlers = { [C in Channel]: Handler<C> };
export type HandlerGroup<C extends Channel> = { [K in C]: Handler<K> };
export type { ContextFor };

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
};
