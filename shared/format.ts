/**
 * The one place where figures and dates become French text. Every screen and every
 * report goes through these functions, so `1 234,56 €` and `23/11/2026` look the same
 * everywhere. Money arrives in integer cents; this is the only place it is rounded.
 */
import { centsToEuros } from './money';

const euroFormat = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  // No "-0,00 €" for an amount that rounds to zero.
  signDisplay: 'negative',
});
const euroWholeFormat = new Intl.NumberFormat('fr-FR', {
  style: 'currency',
  currency: 'EUR',
  maximumFractionDigits: 0,
  signDisplay: 'negative',
});
const integerFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** Intl uses narrow no-break spaces; plain no-break spaces survive every font and Word. */
function normaliseSpaces(text: string): string {
  return text.replace(/\u202f/g, '\u00a0');
}

export function formatEuros(cents: number, options: { whole?: boolean } = {}): string {
  const euros = centsToEuros(cents);
  return normaliseSpaces((options.whole ? euroWholeFormat : euroFormat).format(euros));
}

export function formatNumber(value: number, options: { decimals?: boolean } = {}): string {
  return normaliseSpaces((options.decimals ? decimalFormat : integerFormat).format(value));
}

/** `ratio` is a fraction (0.5 → "50 %"). */
export function formatPercent(ratio: number, fractionDigits = 0): string {
  return normaliseSpaces(
    new Intl.NumberFormat('fr-FR', {
      style: 'percent',
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    }).format(ratio),
  );
}

/** `2026-11-23` → `23/11/2026`. Takes ISO calendar dates only: no time zone can shift them. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** `2026-11-23T10:04:00.000Z` → `23/11/2026 à 11:04` in the user's local time. */
export function formatDateTime(isoDateTime: string): string {
  const date = new Date(isoDateTime);
  if (Number.isNaN(date.getTime())) return isoDateTime;
  return normaliseSpaces(
    new Intl.DateTimeFormat('fr-FR', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(date)
      .replace(' ', ' à '),
  );
}

const longDate = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** `2026-06-30` → `30 juin 2026`. */
export function formatLongDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

/** "dans 12 jours", "aujourd'hui", "dépassée de 3 jours". */
export function formatDaysUntil(days: number): string {
  if (days === 0) return "aujourd'hui";
  if (days === 1) return 'demain';
  if (days > 0) return `dans ${formatNumber(days)} jours`;
  if (days === -1) return 'dépassée de 1 jour';
  return `dépassée de ${formatNumber(-days)} jours`;
}

/** A SIRET as printed: `123 456 789 00015` (SIREN in threes, then the NIC). */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\s/g, '');
  return /^\d{14}$/.test(digits)
    ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`
    : siret;
}

/** Staff are in France: a change's time is read on French clocks whatever the server's zone. */
const parisTime = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});
const parisDay = new Intl.DateTimeFormat('fr-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'Europe/Paris',
});

/**
 * When a record was changed, for a conflict message: `10:04` on the day of `now`, else
 * `10:04 (le 27/11/2026)`, Paris time.
 */
export function formatChangedAt(isoDateTime: string, now: Date): string {
  const at = new Date(isoDateTime);
  if (Number.isNaN(at.getTime())) return isoDateTime;
  const time = normaliseSpaces(parisTime.format(at));
  const day = parisDay.format(at);
  return day === parisDay.format(now) ? time : `${time} (le ${formatDate(day)})`;
}
