/**
 * CSV cells a spreadsheet opens without running anything. A cell that starts with = + - @,
 * a tab or a carriage return is read by Excel or LibreOffice as a formula (« =HYPERLINK… »,
 * « -2+3+cmd|… »): it is written with a leading apostrophe, which the spreadsheet shows as
 * text. A number as the app writes it (« -1 234,56 € », « -12,5 % », « +3 ») is not a
 * formula and stays as it is, so figures keep reading as figures.
 */

/** A French-formatted number: sign, digits grouped by spaces, decimals, € or % after. */
const frenchNumber =
  /^[-+\u2212]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d+)?(?:[ \u00a0\u202f]?[€%])?$/;

const formulaStart = /^[=+\-@\t\r]/;

/** The text of a cell, with an apostrophe before it when it would run as a formula. */
export function neutraliseFormula(text: string): string {
  if (!formulaStart.test(text) || frenchNumber.test(text)) return text;
  return `'${text}`;
}

/**
 * A `;`-separated CSV field: neutralised, then quoted when it holds the separator, a quote,
 * a line break, or spaces at either end (which a spreadsheet would otherwise drop).
 */
export function csvField(value: string | number): string {
  const safe = neutraliseFormula(String(value));
  return /[;"\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
