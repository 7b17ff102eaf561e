/**
 * French typography for the Word documents, applied when the text is written: the
 * typographic apostrophe, the minus sign (U+2212) for a negative figure, and a no-break
 * space before « : ; ! ? » and inside guillemets. Screens and CSV keep the text of
 * shared/format.ts as it is; only the printed document is set like a printed page.
 */
const NBSP = '\u00a0';
const MINUS = '\u2212';

export function typographic(text: string): string {
  return (
    text
      .replace(/'/g, '’')
      // A sign, not a hyphen: "-12 €", "(-3 %)", "= -5". Not "DEMO-2025" nor "18-25".
      .replace(/(^|[^\p{L}\p{N}-])-(?=\d)/gu, `$1${MINUS}`)
      // A space (or none) before the double punctuation becomes a no-break space; "10:30",
      // "https://" and "?x=" are left alone (no space before, not followed by a space).
      .replace(/[ \t]+([:;!?])/g, `${NBSP}$1`)
      .replace(/([\p{L}\p{N})»’])([;!?])(?=\s|$)/gu, `$1${NBSP}$2`)
      .replace(/(\p{L})(:)(?=\s|$)/gu, `$1${NBSP}$2`)
      .replace(/«[ \t]*/g, `«${NBSP}`)
      .replace(/[ \t]*»/g, `${NBSP}»`)
  );
}
