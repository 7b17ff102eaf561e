/**
 * « Conventions récentes »: the last conventions opened, remembered between runs in
 * `conventions-recentes.json` in the data folder (like window-state.json). The main process
 * learns that a convention was opened from the page's own URL (`#/conventions/<id>…`, seen
 * on did-navigate-in-page) and asks the backend its label, so the page sends nothing new.
 * Pure rules and plain file I/O, no `electron` import: unit-tested in tests/unit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecentConvention {
  id: number;
  /** « Référence — Opérateur », as the menu shows it. */
  label: string;
}

export const RECENT_FILE = 'conventions-recentes.json';
export const MAX_RECENT = 5;
/** A menu label longer than this is cut (a reference is at most 80 characters). */
const MAX_LABEL = 120;

/**
 * The convention a page URL shows, or null: `…#/conventions/12`, `…#/conventions/12/budget`
 * and `…#/conventions/12/personnes/4` all name convention 12; `#/conventions/nouvelle` none.
 */
export function conventionIdFromUrl(url: string): number | null {
  const hash = url.indexOf('#');
  if (hash < 0) return null;
  const match = /^#\/conventions\/(\d{1,9})(?:[/?]|$)/.exec(url.slice(hash));
  if (!match) return null;
  const id = Number(match[1]);
  return id > 0 ? id : null;
}

/** The convention just opened goes first; it appears once; the list keeps MAX_RECENT. */
export function rememberConvention(
  list: readonly RecentConvention[],
  opened: RecentConvention,
  max = MAX_RECENT,
): RecentConvention[] {
  const label = opened.label.replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL);
  return [{ id: opened.id, label }, ...list.filter((item) => item.id !== opened.id)].slice(0, max);
}

/** A convention that no longer exists (deleted, or another database restored) leaves the list. */
export function forgetConvention(
  list: readonly RecentConvention[],
  id: number,
): RecentConvention[] {
  return list.filter((item) => item.id !== id);
}

export function recentLabel(convention: { reference: string; operator: { name: string } }): string {
  return `${convention.reference} — ${convention.operator.name}`;
}

/**
 * The menu's entries, numbered so they can be reached from the keyboard. `&` is doubled:
 * on Windows and Linux a single one marks the access key (« Durand & fils » would lose it).
 */
export function recentMenuLabels(
  list: readonly RecentConvention[],
): { id: number; label: string }[] {
  return list.map((item, index) => ({
    id: item.id,
    label: `&${index + 1}  ${item.label.replace(/&/g, '&&')}`,
  }));
}

/** The saved list if the file holds one we can trust; anything else is ignored. */
export function parseRecentConventions(value: unknown): RecentConvention[] {
  if (!Array.isArray(value)) return [];
  const list: RecentConvention[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, label } = item as { id?: unknown; label?: unknown };
    if (!Number.isSafeInteger(id) || (id as number) <= 0 || typeof label !== 'string') continue;
    if (list.some((known) => known.id === id)) continue;
    list.push({ id: id as number, label: label.slice(0, MAX_LABEL) });
  }
  return list.slice(0, MAX_RECENT);
}

export function readRecentConventions(dataDir: string): RecentConvention[] {
  try {
    return parseRecentConventions(JSON.parse(readFileSync(join(dataDir, RECENT_FILE), 'utf8')));
  } catch {
    return []; // first run, or a damaged file: an empty submenu
  }
}

export function writeRecentConventions(dataDir: string, list: readonly RecentConvention[]): void {
  try {
    writeFileSync(join(dataDir, RECENT_FILE), JSON.stringify(list));
  } catch {
    // Losing the recent list is not worth an error.
  }
}
