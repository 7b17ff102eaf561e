/**
 * After a change, each query on screen that reads what it touched is fetched again once,
 * and nothing else: driven with a real React Query client (no DOM needed), its queries
 * observed as a screen would, and a fake transport that counts the fetches.
 */
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, test } from 'vitest';
import type { Channel } from '../../shared/contract';
import { changed } from '../../shared/contract/events';
import { callTopics, readsAny, touchedBy } from '../../shared/contract/topics';
import { contract } from '../../shared/contract';
import { onChanged, runAction, type Send } from '../../renderer/src/lib/refresh';

const input = { conventionId: 1 };
let fetched: string[] = [];
const clients: QueryClient[] = [];
afterEach(() => {
  for (const client of clients) client.clear();
  fetched = [];
});

/** A client with the queries of a screen observed (active) and others cached but not shown. */
async function screen(active: Channel[], inactive: Channel[] = []) {
  const client = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 5_000 } },
  });
  clients.push(client);
  const queryFn = ({ queryKey }: { queryKey: readonly unknown[] }) => {
    fetched.push(String(queryKey[0]));
    return Promise.resolve({});
  };
  for (const channel of inactive) await client.fetchQuery({ queryKey: [channel, input], queryFn });
  const stops = active.map((channel) =>
    new QueryObserver(client, { queryKey: [channel, input], queryFn }).subscribe(() => {}),
  );
  // Let the first fetches land, then count only what follows.
  await new Promise((resolve) => setTimeout(resolve, 10));
  fetched = [];
  return { client, stop: () => stops.forEach((stop) => stop()) };
}

const send: Send = (channel) => {
  fetched.push(`${channel} (action)`);
  return Promise.resolve({} as never);
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const counts = () =>
  fetched.reduce<Record<string, number>>(
    (all, name) => ({ ...all, [name]: (all[name] ?? 0) + 1 }),
    {},
  );

describe('refetch once, only what the change touched', () => {
  test('generating a document refetches the archive and the history, once each, whatever the event', async () => {
    const { client, stop } = await screen(
      ['conventions.get', 'reports.check', 'narratives.get', 'reports.list', 'audit.list'],
      ['people.page', 'indicators.realised', 'budget.vsActual', 'dashboard.get'],
    );
    await runAction(client, send, 'reports.generate', {
      conventionId: 1,
      kind: 'activity',
      yearIndex: 1,
      allowDraft: true,
    });
    // The backend's event of this very change arrives after the answer: skipped.
    onChanged(client, changed('reports.generate'));
    await settle();
    expect(counts()).toEqual({
      'reports.generate (action)': 1,
      'reports.list': 1,
      'audit.list': 1,
    });
    stop();
  });

  test('the event of a change made elsewhere refreshes the screen by topic, once', async () => {
    const { client, stop } = await screen([
      'people.page',
      'indicators.realised',
      'budget.get',
      'reports.list',
    ]);
    // An import in another window: no action here, the event alone says what changed.
    onChanged(client, changed('people.importCommit'));
    await settle();
    expect(counts()).toEqual({ 'people.page': 1, 'indicators.realised': 1 });
    stop();
  });

  test('an event arriving before the answer of its own call is skipped too', async () => {
    const { client, stop } = await screen(['people.page', 'people.get']);
    const early: Send = (channel) => {
      onChanged(client, changed(channel));
      return send(channel, {} as never);
    };
    await runAction(client, early, 'pathways.update', { personId: 1, pathway: {} } as never);
    await settle();
    expect(counts()).toEqual({ 'pathways.update (action)': 1, 'people.page': 1, 'people.get': 1 });
    // The same change made afterwards by someone else is not taken for an echo.
    fetched = [];
    onChanged(client, changed('pathways.update'));
    await settle();
    expect(counts()).toEqual({ 'people.page': 1, 'people.get': 1 });
    stop();
  });

  test('a refused action leaves no expectation behind', async () => {
    const { client, stop } = await screen(['budget.get']);
    const refusing: Send = () => Promise.reject(new Error('refusé'));
    await expect(runAction(client, refusing, 'budget.set', {} as never)).rejects.toThrow('refusé');
    onChanged(client, changed('budget.set'));
    await settle();
    expect(counts()).toEqual({ 'budget.get': 1 });
    stop();
  });

  test('a change the table does not know (the backend restarted) refreshes everything shown', async () => {
    const { client, stop } = await screen(['people.page', 'budget.get', 'backups.list']);
    onChanged(client, { type: 'changed', channel: 'backend.restart' });
    await settle();
    expect(counts()).toEqual({ 'people.page': 1, 'budget.get': 1, 'backups.list': 1 });
    stop();
  });
});

describe('the topics table', () => {
  test('every query reads at least one topic, and every change is seen by the history', () => {
    for (const channel of Object.keys(contract) as Channel[]) {
      if (!contract[channel].mutates)
        expect(callTopics[channel].length, channel).toBeGreaterThan(0);
      else expect(readsAny('audit.list', touchedBy(channel)), channel).toBe(true);
    }
  });

  test('what a person change refreshes, and what it leaves alone', () => {
    const touched = touchedBy('people.update');
    for (const channel of [
      'people.page',
      'people.list',
      'indicators.realised',
      'reports.check',
      'dashboard.watchList',
    ])
      expect(readsAny(channel, touched), channel).toBe(true);
    // The year cards, the timeline and the SIEG control count no person.
    for (const channel of [
      'budget.get',
      'fec.history',
      'reports.list',
      'keys.list',
      'dashboard.get',
      'dashboard.deadlines',
      'compensation.get',
    ])
      expect(readsAny(channel, touched), channel).toBe(false);
  });

  test('the event carries the topics of its call', () => {
    expect(changed('fec.import')).toEqual({
      type: 'changed',
      channel: 'fec.import',
      topics: ['finance', 'audit'],
    });
  });
});
