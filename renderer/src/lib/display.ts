/**
 * How indicator values, durations and counts read on screen (formatting itself is
 * shared/format; audit entries read through shared/auditDisplay).
 */
import type { IndicatorUnit } from '../../../shared/domain/referenceLists';
import { formatEuros, formatNumber } from '../../../shared/format';

export function formatIndicatorValue(
  value: number | null | undefined,
  unit: IndicatorUnit,
): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'euros':
      return formatEuros(value, { whole: true });
    case 'percent':
      return `${formatNumber(value, { decimals: true })}\u00a0%`;
    case 'months':
      return `${formatNumber(value, { decimals: true })}\u00a0mois`;
    default:
      return formatNumber(value, { decimals: true });
  }
}

/** Minutes as people say them: `45 min`, `1 h`, `1 h 30`. */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${formatNumber(rest)}\u00a0min`;
  if (rest === 0) return `${formatNumber(hours)}\u00a0h`;
  return `${formatNumber(hours)}\u00a0h\u00a0${String(rest).padStart(2, '0')}`;
}

export const stageLabels = {
  identified: 'Repéré',
  remobilisation: 'En remobilisation',
  accompaniment: 'En accompagnement',
  exited: 'Sorti',
} as const;
export type Stage = keyof typeof stageLabels;
export const stageColors: Record<Stage, string> = {
  identified: 'gray',
  remobilisation: 'cyan',
  accompaniment: 'indigo',
  exited: 'teal',
};

const separatorNames: Record<string, string> = {
  TAB: 'tabulation',
  '\t': 'tabulation',
  '|': 'barre verticale',
  ';': 'point-virgule',
  ',': 'virgule',
};

/** A file's column separator in words (`point-virgule`), or quoted when it has no name. */
export function separatorName(separator: string): string {
  return separatorNames[separator] ?? (separator ? `« ${separator} »` : '—');
}

/** Agrees the noun with the count: `plural(1, 'personne')` → `1 personne`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)}\u00a0${count > 1 ? pluralForm : singular}`;
}
