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

export function useAction<C extends Channel>(channel: C) {
  const client = useQueryClient();
  return useMutation<CallOutput<C>, AppError, CallInput<C>>({
    mutationFn: (input) => call(channel, input),
    onSuccess: () => client.invalidateQueries(),
  });
}
