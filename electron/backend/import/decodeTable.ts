/**
 * A spreadsheet file's bytes → a table of text: header and data rows, each with the line
 * the user will find it on. CSV (any of `;`, `,`, TAB; UTF-8 or Windows-1252; CRLF or LF)
 * and XLSX (first worksheet). What to do with the cells is decided by shared/import.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import type { ImportIssue } from '../../../shared/contract/people';
import { AppError } from '../../../shared/errors';
import type { SourceRow, SourceTable } from '../../../shared/import/peopleRows';
import { readFirstSheet, XlsxError } from './readXlsx';

export interface DecodedTable extends SourceTable {
  format: 'csv' | 'xlsx';
  /** The text encoding of a CSV (null for XLSX, whose XML says its own). */
  encoding: string | null;
  /** The CSV separator found (null for XLSX). */
  delimiter: string | null;
  /** The line of the header (1 unless empty lines come first). */
  headerLine: number;
  /** Problems found while reading (an unterminated quote), with their line. */
  issues: ImportIssue[];
}

const refuse = (message: string) =>
  AppError.validation([{ path: 'contentBase64', message }], message);

/** The file's bytes; a `data:…;base64,` prefix (what a FileReader gives) is tolerated. */
export function bytesFromBase64(content: string): Buffer {
  return Buffer.from(content.replace(/^data:[^,]*,/, ''), 'base64');
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]) =>
  signature.every((byte, index) => bytes[index] === byte);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The text of a CSV. A BOM decides; otherwise chardet spots UTF-16 without BOM, and the
 * choice between UTF-8 and the Windows code page is made by whether the bytes are valid
 * UTF-8: an accented Windows-1252 text almost never is, and a valid one read as 1252
 * would turn every accent into two signs. Windows-1252 is a superset of ISO-8859-1 for
 * printable characters, so Latin-1 files are read right too.
 */
export function decodeText(bytes: Buffer): { text: string; encoding: string } {
  if (startsWith(bytes, UTF8_BOM))
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  if (startsWith(bytes, [0xff, 0xfe]))
    return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  // UTF-16 text has NUL bytes (every ASCII sign has one); without any, chardet is not asked
  // (it costs more than the rest of the decoding on a large file).
  const head = bytes.subarray(0, 64 * 1024);
  const guess = head.includes(0) ? chardet.detect(head) : null;
  if (guess === 'UTF-16LE' || guess === 'UTF-16BE') {
    return {
      text: iconv.decode(bytes, guess === 'UTF-16LE' ? 'utf-16le' : 'utf-16be'),
      encoding: guess,
    };
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'UTF-8' };
  return { text: iconv.decode(bytes, 'win1252'), encoding: 'windows-1252' };
}

/** Line breaks as a text editor counts them: a LF inside a quoted cell of a CRLF file too. */
function countLineBreaks(text: string, from: number, to: number, linebreak: string): number {
  const mark = linebreak === '\r' ? '\r' : '\n';
  let count = 0;
  for (
    let index = text.indexOf(mark, from);
    index !== -1 && index < to;
    index = text.indexOf(mark, index + 1)
  ) {
    count += 1;
  }
  return count;
}

/** The longest CSV line read (see MAX_LINE_CHARS of the FEC reader): no real row comes near. */
export const MAX_CSV_LINE_CHARS = 64 * 1024;

/** The first line longer than the cap (1-based), or null: such a file is refused whole. */
function overlongLine(text: string): number | null {
  let line = 1;
  let start = 0;
  for (;;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // A CR-only file counts its lines by CR.
    let from = start;
    for (
      let cr = text.indexOf('\r', from);
      cr !== -1 && cr < end - 1;
      cr = text.indexOf('\r', from)
    ) {
      if (cr - from > MAX_CSV_LINE_CHARS) return line;
      line += 1;
      from = cr + 1;
    }
    if (end - from > MAX_CSV_LINE_CHARS + 1) return line;
    if (end >= text.length) return null;
    line += 1;
    start = end + 1;
  }
}

function readCsv(text: string): { rows: SourceRow[]; delimiter: string; issues: ImportIssue[] } {
  const rows: SourceRow[] = [];
  const issues: ImportIssue[] = [];
  let delimiter = ';';
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [';', ',', '\t'],
    step(result) {
      delimiter = result.meta.delimiter;
      rows.push({ line, cells: result.data });
      for (const error of result.errors) {
        if (error.code === 'MissingQuotes' || error.code === 'InvalidQuotes') {
          issues.push({
            line,
            column: '',
            value: '',
            reason: 'Guillemet non refermé : la ligne et les suivantes ne peuvent pas être lues.',
          });
        }
      }
      // The row's text runs up to the cursor, its line break included; a quoted cell may
      // span several lines, so the next row's line is counted in the text itself.
      const end = result.meta.cursor;
      line += countLineBreaks(text, start, end, result.meta.linebreak);
      start = end;
    },
  });
  return { rows, delimiter, issues };
}

/** Empty rows dropped, header named (empty → « Colonne N », repeated → « Nom (2) »). */
function toTable(rows: SourceRow[], fileName: string) {
  const filled = rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const [header, ...data] = filled;
  if (!header) throw refuse(`Le fichier « ${fileName} » est vide : aucune ligne à importer.`);
  if (data.length === 0) {
    throw refuse(
      `Le fichier « ${fileName} » ne contient que la ligne d'en-tête (ligne ${header.line}) : aucune personne à importer.`,
    );
  }
  const cells = [...header.cells];
  while (cells.length > 0 && cells[cells.length - 1]!.trim() === '') cells.pop();
  const seen = new Map<string, number>();
  const headers = cells.map((cell, index) => {
    const name = cell.replace(/\s+/g, ' ').trim() || `Colonne ${index + 1}`;
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    return times === 1 ? name : `${name} (${times})`;
  });
  return { headers, rows: data, headerLine: header.line };
}

function refuseOtherFormats(fileName: string, bytes: Buffer, extension: string) {
  if (bytes.length === 0) throw refuse(`Le fichier « ${fileName} » est vide.`);
  if (startsWith(bytes, OLE) || extension === 'xls') {
    throw refuse(
      `Le fichier « ${fileName} » est un classeur Excel 97-2003 (.xls) ou un fichier protégé : enregistrez-le au format .xlsx ou CSV, puis importez-le.`,
    );
  }
  if (extension === 'ods') {
    throw refuse(
      `Le fichier « ${fileName} » est un classeur OpenDocument : enregistrez-le au format .xlsx ou CSV, puis importez-le.`,
    );
  }
}

const extensionOf = (fileName: string) => /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
const isXlsx = (bytes: Buffer, extension: string) =>
  startsWith(bytes, ZIP) || extension === 'xlsx' || extension === 'xlsm';

/** A CSV file, synchronously (the demo's people are loaded this way at first start). */
export function decodeCsv(fileName: string, bytes: Buffer): DecodedTable {
  const extension = extensionOf(fileName);
  refuseOtherFormats(fileName, bytes, extension);
  if (isXlsx(bytes, extension)) throw refuse(`Le fichier « ${fileName} » n'est pas un CSV.`);
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw refuse(
      `Le fichier « ${fileName} » n'est pas un fichier texte (CSV) ni un classeur .xlsx.`,
    );
  }
  const tooLong = overlongLine(text);
  if (tooLong !== null) {
    throw refuse(
      `Le fichier « ${fileName} » est refusé : ligne ${tooLong} trop longue (plus de ${MAX_CSV_LINE_CHARS / 1024} Kio sans fin de ligne).`,
    );
  }
  const csv = readCsv(text);
  const table = toTable(csv.rows, fileName);
  return { format: 'csv', encoding, delimiter: csv.delimiter, issues: csv.issues, ...table };
}

/** A CSV or XLSX file. */
export async function decodeTable(fileName: string, bytes: Buffer): Promise<DecodedTable> {
  const extension = extensionOf(fileName);
  refuseOtherFormats(fileName, bytes, extension);
  if (!isXlsx(bytes, extension)) return decodeCsv(fileName, bytes);
  let sheetRows;
  try {
    sheetRows = await readFirstSheet(bytes);
  } catch (error) {
    const detail = error instanceof XlsxError ? error.message : "le contenu n'est pas lisible";
    throw refuse(`Le classeur « ${fileName} » ne peut pas être lu : ${detail}.`);
  }
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    issues: [],
    ...toTable(sheetRows, fileName),
  };
}
