/**
 * What a change refreshes, and once only. Queries are cached under `[channel, input]`;
 * shared/contract/topics.ts says what each call reads or touches. After a change only
 * the queries reading a touched topic are refetched, and only those on screen (the others
 * are marked stale and refetched when shown again).
 *
 * Each change reaches the screen two ways: the action's own success (`runAction`), and
 * the backend's `changed` event, which also tells of changes made elsewhere (another
 * window, an import, the backend restarting). The action refreshes at once, so what
 * follows it sees fresh data, and the event of its own change is skipped; any other event
 * refreshes by topic.
 *
 * No DOM here: the unit tests drive it with a bare QueryClient.
 */
import type { QueryClient } from '@tanstack/react-query';
import {
  contract,
  type AppEvent,
  type CallInput,
  type CallOutput,
  type Channel,
} from '../../../shared/contract';
import { readsAny, touchedBy, type Topic } from '../../../shared/contract/topics';

/** Marks stale the queries reading one of `touched`; refetches those on screen, once. */
export function refreshTopics(client: QueryClient, touched: readonly Topic[]) {
  return client.invalidateQueries({
    predicate: (query) => readsAny(String(query.queryKey[0]), touched),
    refetchType: 'active',
  });
}

/**
 * This window's own changes whose backend event has not arrived yet, by channel. The
 * event may come before or after the call's answer; an expectation left unmet (the event
 * lost with a dropped connection) lapses, so it cannot swallow another window's change
 * for long.
 */
const ownChanges = new Map<string, number[]>();
const OWN_CHANGE_LAPSE_MS = 10_000;

function expectOwnChange(channel: string): () => void {
  const stamp = Date.now();
  ownChanges.set(channel, [...(ownChanges.get(channel) ?? []), stamp]);
  return () => {
    const left = (ownChanges.get(channel) ?? []).filter((each) => each !== stamp);
    if (left.length > 0) ownChanges.set(channel, left);
    else ownChanges.delete(channel);
  };
}

/** Whether an event is the echo of this window's own change (consumed if so). */
function isOwnChange(channel: string): boolean {
  const now = Date.now();
  const [first, ...rest] = (ownChanges.get(channel) ?? []).filter(
    (stamp) => now - stamp < OWN_CHANGE_LAPSE_MS,
  );
  if (rest.length > 0) ownChanges.set(channel, rest);
  else ownChanges.delete(channel);
  return first !== undefined;
}

/** What to do with a backend event about changed data (wired once, in main.tsx). */
export function onChanged(client: QueryClient, event: Extract<AppEvent, { type: 'changed' }>) {
  if (isOwnChange(event.channel)) return;
  void refreshTopics(client, event.topics ?? touchedBy(event.channel));
}

export type Send = <C extends Channel>(channel: C, input: CallInput<C>) => Promise<CallOutput<C>>;

/**
 * One action: the call, then the refresh of what it touched, before the action counts as
 * done. Its backend event, expected from now on, will be skipped.
 */
export async function runAction<C extends Channel>(
  client: QueryClient,
  send: Send,
  channel: C,
  input: CallInput<C>,
): Promise<CallOutput<C>> {
  // Only a mutation sends an event; the backups' queries called as actions do not.
  const forget = contract[channel].mutates ? expectOwnChange(channel) : null;
  let data: CallOutput<C>;
  try {
    data = await send(channel, input);
  } catch (error) {
    forget?.();
    throw error;
  }
  await refreshTopics(client, touchedBy(channel));
  return data;
}
