/**
 * React Query over the typed API: one cache key per call and input. Any mutation
 * invalidates every query — the data is local and small, and a stale figure on screen is
 * worse than a refetch.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CallInput, CallOutput, Channel } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { call } from './api';

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
    mutationFn: (input) => call(channel, input),
    onSuccess: async (data, input) => {
      await client.invalidateQueries();
      options.onSuccess?.(data, input);
    },
  });
}
