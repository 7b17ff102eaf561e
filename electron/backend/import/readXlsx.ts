/**
 * Reads the first worksheet of an XLSX workbook as rows of text, with exceljs.
 *
 * exceljs reads asynchronously, so the import decodes the file before its transaction
 * (a mutation's `prepare` step, see handlers.ts) and only writes inside it.
 *
 * Cell text: strings as they are; numbers without float noise; dates as dd/mm/yyyy taken
 * in UTC (exceljs gives a Date at UTC midnight for a date cell, so no time zone can shift
 * the day); booleans VRAI/FAUX; formulas by their cached result; rich text joined.
 */
import ExcelJS from 'exceljs';

export class XlsxError extends Error {}

export interface SheetRow {
  /** The sheet's row number (1-based), what the user sees in Excel. */
  line: number;
  cells: string[];
}

function two(value: number) {
  return String(value).padStart(2, '0');
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return `${two(value.getUTCDate())}/${two(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'number') return String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

export async function readFirstSheet(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new XlsxError("le contenu n'est pas celui d'un classeur .xlsx");
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new XlsxError('le classeur ne contient aucune feuille');
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    rows.push({ line: rowNumber, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return rows;
}
