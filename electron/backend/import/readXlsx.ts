/**
 * Reads the first worksheet of an XLSX workbook as rows of text, synchronously.
 *
 * Why not exceljs here: its reader is asynchronous only (JSZip, streams), and the import's
 * commit is a mutation, which must run synchronously inside one SQLite transaction
 * (backend.ts refuses a Promise). The preview and the commit must read the file the same
 * way, so both use this reader: ZIP central directory + node:zlib, and the few parts of
 * SpreadsheetML a table needs (workbook, relationships, shared strings, styles, sheet).
 * exceljs remains what the tests write workbooks with.
 *
 * Cell text: strings as they are; numbers without float noise; date-formatted numbers
 * as dd/mm/yyyy, counted in whole days from the workbook's epoch (UTC, so no time zone can
 * shift the day; a time of day is dropped); booleans VRAI/FAUX; formulas by their cached value.
 */
import { inflateRawSync } from 'node:zlib';

export class XlsxError extends Error {}

export interface SheetRow {
  /** The sheet's row number (1-based), what the user sees in Excel. */
  line: number;
  cells: string[];
}

const MAX_PART_BYTES = 256 * 1024 * 1024;
const MAX_COLUMNS = 16_384;

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(zip: Buffer): Map<string, ZipEntry> {
  const minEnd = Math.max(0, zip.length - 22 - 65_535);
  let end = -1;
  for (let offset = zip.length - 22; offset >= minEnd; offset -= 1) {
    if (zip.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new XlsxError("l'archive est incomplète (fin de l'archive introuvable)");
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  if (offset === 0xffffffff)
    throw new XlsxError("l'archive est au format ZIP64, non pris en charge");
  const entries = new Map<string, ZipEntry>();
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) {
      throw new XlsxError("le répertoire de l'archive est abîmé");
    }
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    // Part names are case-insensitive in OOXML.
    entries.set(name.replace(/^\/+/, '').toLowerCase(), {
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      localOffset: zip.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function entryText(zip: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name.toLowerCase());
  if (!entry) return null;
  const local = entry.localOffset;
  if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) {
    throw new XlsxError(`la partie « ${name} » est abîmée`);
  }
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method !== 8)
    throw new XlsxError(`la partie « ${name} » est compressée d'une façon non prise en charge`);
  try {
    return inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }).toString('utf8');
  } catch {
    throw new XlsxError(`la partie « ${name} » ne se décompresse pas`);
  }
}

// --- XML, as much as SpreadsheetML needs --------------------------------------------------

function decodeXml(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_match, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower === 'lt') return '<';
      if (lower === 'gt') return '>';
      if (lower === 'amp') return '&';
      if (lower === 'quot') return '"';
      if (lower === 'apos') return "'";
      const code = lower.startsWith('#x')
        ? parseInt(lower.slice(2), 16)
        : parseInt(lower.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_match, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
}

const attributePatterns = new Map<string, RegExp>();

function attribute(attributes: string, name: string): string | null {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  if (!match) return null;
  return decodeXml(match[1] ?? match[2] ?? '');
}

/** The text of a string item (`<si>` or `<is>`): its runs, without phonetic guides. */
function richText(xml: string): string {
  const withoutPhonetic = xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let text = '';
  for (const match of withoutPhonetic.matchAll(
    /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g,
  )) {
    text += match[1] ?? '';
  }
  return decodeXml(text);
}

const elementPatterns = new Map<string, RegExp>();

function elements(xml: string, name: string): { attributes: string; body: string }[] {
  let pattern = elementPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(
      `<(?:\\w+:)?${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${name}>)`,
      'g',
    );
    elementPatterns.set(name, pattern);
  }
  // matchAll works on a copy of the pattern, so the shared one keeps no state.
  return [...xml.matchAll(pattern)].map((match) => ({
    attributes: match[1] ?? '',
    body: match[2] ?? '',
  }));
}

// --- Relationships --------------------------------------------------------------------------

function resolvePart(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = fromPart.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

function relationships(zip: Buffer, entries: Map<string, ZipEntry>, part: string) {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = entryText(zip, entries, relsPath) ?? '';
  return elements(xml, 'Relationship').map(({ attributes }) => ({
    id: attribute(attributes, 'Id') ?? '',
    type: attribute(attributes, 'Type') ?? '',
    target: resolvePart(part, attribute(attributes, 'Target') ?? ''),
  }));
}

// --- Numbers and dates ----------------------------------------------------------------------

const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58,
]);

function isDateFormat(id: number, code: string | undefined): boolean {
  if (BUILT_IN_DATE_FORMATS.has(id)) return true;
  if (!code) return false;
  // Quoted text, escaped characters and [colour]/[locale] blocks are not date parts.
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .toLowerCase();
  if (/[dy]/.test(bare)) return true;
  return /m/.test(bare) && !/[hs]/.test(bare);
}

function serialToFrenchDate(serial: number, date1904: boolean): string {
  const days = Math.floor(serial + 1e-9) + (date1904 ? 1462 : 0);
  const date = new Date(Date.UTC(1899, 11, 30) + days * 86_400_000);
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${String(date.getUTCFullYear()).padStart(4, '0')}`;
}

function numberText(value: number): string {
  // Excel keeps 15 significant digits; beyond is binary noise (0.30000000000000004).
  return String(Number(value.toPrecision(15)));
}

function columnIndex(reference: string): number | null {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(reference)?.[1];
  if (!letters) return null;
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

// --- The workbook ---------------------------------------------------------------------------

export function readFirstSheet(bytes: Buffer): SheetRow[] {
  const entries = zipEntries(bytes);
  const rootRels = relationships(bytes, entries, '');
  const workbookPart =
    rootRels.find((rel) => rel.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = entryText(bytes, entries, workbookPart);
  if (workbook === null) throw new XlsxError("ce n'est pas un classeur Excel (.xlsx)");
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']/.test(workbook);
  const workbookRels = relationships(bytes, entries, workbookPart);

  const firstSheet = elements(workbook, 'sheet')[0];
  if (!firstSheet) throw new XlsxError('le classeur ne contient aucune feuille');
  const sheetRelId = attribute(firstSheet.attributes, 'id');
  const sheetPart = workbookRels.find((rel) => rel.id === sheetRelId)?.target;
  const sheet = sheetPart ? entryText(bytes, entries, sheetPart) : null;
  if (sheet === null) throw new XlsxError('la première feuille est introuvable dans le classeur');

  const sharedPart =
    workbookRels.find((rel) => rel.type.endsWith('/sharedStrings'))?.target ??
    'xl/sharedStrings.xml';
  const sharedXml = entryText(bytes, entries, sharedPart) ?? '';
  const shared = elements(sharedXml, 'si').map(({ body }) => richText(body));

  const stylesPart =
    workbookRels.find((rel) => rel.type.endsWith('/styles'))?.target ?? 'xl/styles.xml';
  const styles = entryText(bytes, entries, stylesPart) ?? '';
  const formats = new Map<number, string>();
  for (const { attributes } of elements(styles, 'numFmt')) {
    formats.set(
      Number(attribute(attributes, 'numFmtId')),
      attribute(attributes, 'formatCode') ?? '',
    );
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(styles)?.[1] ?? '';
  const dateStyles = [...cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)].map((match) => {
    const id = Number(attribute(match[1] ?? '', 'numFmtId') ?? 0);
    return isDateFormat(id, formats.get(id));
  });

  const rows: SheetRow[] = [];
  let previousLine = 0;
  for (const row of elements(sheet, 'row')) {
    const line = Number(attribute(row.attributes, 'r')) || previousLine + 1;
    previousLine = line;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cell of elements(row.body, 'c')) {
      const reference = attribute(cell.attributes, 'r');
      const column = (reference ? columnIndex(reference) : null) ?? nextColumn;
      nextColumn = column + 1;
      if (column >= MAX_COLUMNS) continue;
      const type = attribute(cell.attributes, 't') ?? 'n';
      const style = Number(attribute(cell.attributes, 's') ?? 0);
      const rawValue = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/.exec(cell.body)?.[1];
      const value = rawValue === undefined ? '' : decodeXml(rawValue);
      let text: string;
      if (type === 's') text = shared[Number(value)] ?? '';
      else if (type === 'inlineStr')
        text = richText(/<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(cell.body)?.[1] ?? '');
      else if (type === 'b') text = value === '1' ? 'VRAI' : value === '0' ? 'FAUX' : value;
      else if (type === 'd') {
        const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
        text = iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
      } else if (type === 'n' && value.trim() !== '' && Number.isFinite(Number(value))) {
        text = dateStyles[style]
          ? serialToFrenchDate(Number(value), date1904)
          : numberText(Number(value));
      } else text = value;
      while (cells.length < column) cells.push('');
      cells[column] = text;
    }
    rows.push({ line, cells });
  }
  return rows;
}
