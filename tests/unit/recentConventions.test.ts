/** The « Conventions récentes » list of the File menu: its rules and its file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  conventionIdFromUrl,
  forgetConvention,
  parseRecentConventions,
  readRecentConventions,
  RECENT_FILE,
  recentLabel,
  recentMenuLabels,
  rememberConvention,
  writeRecentConventions,
  type RecentConvention,
} from '../../electron/main/recentConventions';

const entry = (id: number): RecentConvention => ({ id, label: `CPO-${id} — Opérateur ${id}` });

describe('conventionIdFromUrl', () => {
  test('finds the convention of any of its screens, in a file or a dev-server URL', () => {
    expect(conventionIdFromUrl('file:///app/out/renderer/index.html#/conventions/12')).toBe(12);
    expect(conventionIdFromUrl('http://localhost:5173/#/conventions/12/budget')).toBe(12);
    expect(conventionIdFromUrl('file:///x/index.html#/conventions/7/personnes/40')).toBe(7);
    expect(conventionIdFromUrl('file:///x/index.html#/conventions/7?onglet=1')).toBe(7);
  });

  test('nothing for the home, the new-convention form or a malformed id', () => {
    expect(conventionIdFromUrl('file:///x/index.html#/')).toBeNull();
    expect(conventionIdFromUrl('file:///x/index.html#/conventions/nouvelle')).toBeNull();
    expect(conventionIdFromUrl('file:///x/index.html#/conventions/0')).toBeNull();
    expect(conventionIdFromUrl('file:///x/index.html#/conventions/12abc')).toBeNull();
    expect(conventionIdFromUrl('file:///x/conventions/12')).toBeNull();
    expect(conventionIdFromUrl('file:///x/index.html#/sauvegardes')).toBeNull();
  });
});

describe('rememberConvention', () => {
  test('the last opened comes first, once, and the list keeps five', () => {
    let list: RecentConvention[] = [];
    for (const id of [1, 2, 3, 4, 5, 6]) list = rememberConvention(list, entry(id));
    expect(list.map((item) => item.id)).toEqual([6, 5, 4, 3, 2]);
    list = rememberConvention(list, entry(3));
    expect(list.map((item) => item.id)).toEqual([3, 6, 5, 4, 2]);
  });

  test('reopening a convention updates its label (its reference may have changed)', () => {
    const list = rememberConvention([entry(1), entry(2)], { id: 2, label: '  NOUVELLE \n REF ' });
    expect(list).toEqual([{ id: 2, label: 'NOUVELLE REF' }, entry(1)]);
  });

  test('a deleted convention leaves the list', () => {
    expect(forgetConvention([entry(1), entry(2)], 1)).toEqual([entry(2)]);
  });
});

describe('menu labels', () => {
  test('numbered access keys, an ampersand kept as text', () => {
    expect(
      recentMenuLabels([
        { id: 4, label: recentLabel({ reference: 'CPO-1', operator: { name: 'Durand & fils' } }) },
      ]),
    ).toEqual([{ id: 4, label: '&1  CPO-1 — Durand && fils' }]);
  });
});

describe('the file in the data folder', () => {
  test('written and read back; a damaged or hostile file gives an empty or cleaned list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-recent-'));
    try {
      expect(readRecentConventions(dir)).toEqual([]);
      writeRecentConventions(dir, [entry(2), entry(1)]);
      expect(readRecentConventions(dir)).toEqual([entry(2), entry(1)]);
      writeFileSync(join(dir, RECENT_FILE), '{not json');
      expect(readRecentConventions(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(
      parseRecentConventions([
        { id: 3, label: 'A' },
        { id: '4', label: 'string id' },
        { id: -1, label: 'negative' },
        { id: 3, label: 'duplicate' },
        { id: 5, label: 42 },
        null,
        ...[6, 7, 8, 9, 10, 11].map((id) => ({ id, label: `L${id}` })),
      ]).map((item) => item.id),
    ).toEqual([3, 6, 7, 8, 9]);
    expect(parseRecentConventions({ id: 1 })).toEqual([]);
  });
});
