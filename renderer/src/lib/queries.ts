/**
 * React Query over the typed API: one cache key per call and input, `[channel, input]`.
 * After a change, only the queries on screen that read what it touched are refetched,
 * once (./refresh.ts, with the table in shared/contract/topics.ts).
 */
import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { CallInput, CallOutput, Channel } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { call } from './api';
import { runAction } from './refresh';

export { onChanged } from './refresh';

export function useCall<C extends Channel>(
  channel: C,
  input: CallInput<C>,
  options: { enabled?: boolean } = {},
) {
  return useQuery<CallOutput<C>, AppError>({
    queryKey: [channel, input],
    queryFn: () => call(channel, input),
    enabled: options.enabled ?? true,
  });
}

/**
 * Several calls of one channel at once (the windows of a long list), each cached under its
 * own input. While a window's new input loads, its previous answer stays shown.
 */
export function useCalls<C extends Channel>(channel: C, inputs: CallInput<C>[]) {
  return useQueries({
    queries: inputs.map((input) => ({
      queryKey: [channel, input],
      queryFn: () => call(channel, input),
      placeholderData: keepPreviousData,
    })),
  }) as UseQueryResult<CallOutput<C>, AppError>[];
}

/**
 * `onSuccess` here runs after the refresh even when the calling component was unmounted
 * by it — a form keyed on the saved data remounts — unlike the callbacks given to
 * `mutate`, which React Query drops for an unmounted component. Use it for what must
 * happen whatever the screen does next (a confirmation message).
 */
export function useAction<C extends Channel>(
  channel: C,
  options: { onSuccess?: (data: CallOutput<C>, input: CallInput<C>) => void } = {},
) {
  const client = useQueryClient();
  return useMutation<CallOutput<C>, AppError, CallInput<C>>({
    mutationFn: (input) => runAction(client, call, channel, input),
    onSuccess: (data, input) => options.onSuccess?.(data, input),
  });
}
