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

/**
 * The most a workbook may hold once inflated. A zip bomb (a few kB inflating to gigabytes)
 * would fill the memory while exceljs unpacks it: the central directory's declared sizes
 * are summed first, and the unzip library itself refuses an entry whose inflated size
 * differs from what it declared, so the bound holds.
 */
export const MAX_INFLATED_BYTES = 200 * 1024 * 1024;

/** The sum of the entries' uncompressed sizes as the zip's central directory declares them. */
export function declaredInflatedSize(bytes: Buffer): number {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const floor = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= floor; at -= 1) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError("le contenu n'est pas celui d'un classeur .xlsx");
  const entries = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  let total = 0;
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) {
      throw new XlsxError("le contenu n'est pas celui d'un classeur .xlsx");
    }
    const size = bytes.readUInt32LE(at + 24);
    // 0xFFFFFFFF: the real size is in a ZIP64 field; no workbook of this app needs that.
    if (size === 0xffffffff)
      throw new XlsxError('le classeur est trop volumineux une fois décompressé');
    total += size;
    at +=
      46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}

export async function readFirstSheet(bytes: Buffer): Promise<SheetRow[]> {
  if (declaredInflatedSize(bytes) > MAX_INFLATED_BYTES) {
    throw new XlsxError(
      `le classeur dépasse ${MAX_INFLATED_BYTES / 1024 / 1024} Mio une fois décompressé`,
    );
  }
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
