/**
 * The types of a handler, typed from the contract. Kept apart from the handler table
 * (handlers.ts) so that services can name them without importing every other service.
 */
import type { CallOutput, CallParsedInput, Channel, Contract } from '../../shared/contract';
import type { MutationContext, QueryContext } from './context';

export type ContextFor<C extends Channel> = Contract[C]['mutates'] extends true
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
  /**
   * Long writes (a FEC import): the same writes as `apply`, in steps. The backend opens the
   * transaction by hand and, at each `yield`, lets the event loop answer queries (read-only
   * connection: they see the state before the call until it commits); other mutations wait
   * for the commit or the rollback. All or nothing, as with `apply`.
   */
  steps?: (
    input: CallParsedInput<C>,
    prepared: P,
    ctx: MutationContext,
    // A promise: what to wait for before the next step (else the event loop turns once).
  ) => Generator<Promise<unknown> | undefined, CallOutput<C>, void>;
}

export type Handler<C extends Channel> = Contract[C]['mutates'] extends true
  ? | ((input: CallParsedInput<C>, ctx: MutationContext) => CallOutput<C>)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each mutation picks its own prepared type
    | PreparedMutation<C, any>
  : (input: CallParsedInput<C>, ctx: QueryContext) => CallOutput<C> | Promise<CallOutput<C>>;

export type Handlers = { [C in Channel]: Handler<C> };
export type HandlerGroup<C extends Channel> = { [K in C]: Handler<K> };
