/**
 * The tables of a report as CSV (for a spreadsheet opened in French: `;`, UTF-8 with BOM so
 * Excel reads the accents) and as XLSX (one sheet per table). The cells are the report's own
 * text — masked and formatted — so an export can never show more than the document. In the
 * CSV they stay that text (a cell that would run as a formula is neutralised); in the XLSX
 * an amount, a count, a percent or a date is stored as the value it shows, with its format,
 * so the sheet can add them up; masked cells stay text.
 */
import ExcelJS from 'exceljs';
import { csvField } from '../../../shared/csvSafe';
import { cellValue, type CellValue } from './cellValue';
import type { ReportContent, TableBlock } from './content';
import { tablesOf } from './content';

const BOM = '\ufeff';

function csvLine(cells: readonly string[]): string {
  return cells.map(csvField).join(';');
}

/** Every table, one after the other: its title, its header, its rows, a blank line. */
export function tablesToCsv(content: ReportContent): string {
  const lines: string[] = [];
  for (const table of tablesOf(content)) {
    lines.push(csvLine([table.title]));
    lines.push(csvLine(table.columns.map((column) => column.label)));
    for (const row of table.rows) lines.push(csvLine(row.cells));
    if (table.note) lines.push(csvLine([table.note]));
    lines.push('');
  }
  return BOM + lines.join('\r\n');
}

/** Excel caps sheet names at 31 characters. */
const SHEET_NAME_MAX = 31;

/**
 * Text cut to at most `max` characters at a word boundary (never mid-word; a first word
 * longer than `max` is the only thing cut), without a dangling separator.
 */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const words = text.split(' ');
  let out = '';
  for (const word of words) {
    const next = out ? `${out} ${word}` : word;
    if (next.length > max) break;
    out = next;
  }
  // No dangling separator or linking word (« … cible de »): the name ends on a full phrase.
  let cut = out || text.slice(0, max);
  for (let previous = ''; previous !== cut;) {
    previous = cut;
    cut = cut.replace(/[\s\-—–,;.'’]+$/u, '').replace(DANGLING_WORD, '');
  }
  return cut || out || text.slice(0, max);
}

const DANGLING_WORD = /\s(?:de|du|des|d’|d'|la|le|les|l’|l'|et|ou|à|au|aux|en|par|pour|sur)$/iu;

/**
 * Excel forbids []:*?/\ in sheet names and caps them at 31 characters: the table's title cut
 * at a word boundary; names are unique (« … 2 », still within 31 characters).
 */
export function sheetName(table: TableBlock, used: Set<string>): string {
  const clean = (table.title || table.id)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const base = cutAtWord(clean, SHEET_NAME_MAX) || 'Tableau';
  let name = base;
  for (let index = 2; used.has(name.toLowerCase()); index++) {
    const suffix = ` ${index}`;
    name = `${cutAtWord(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
  }
  used.add(name.toLowerCase());
  return name;
}

/** Excel number formats (the separators are the reader's own; « € » and « % » are fixed). */
function numberFormat(value: Exclude<CellValue, { kind: 'text' }>): string {
  const decimals = (count: number) => (count > 0 ? `.${'0'.repeat(count)}` : '');
  switch (value.kind) {
    case 'euros':
      return value.whole ? '#,##0 "€"' : '#,##0.00 "€"';
    case 'count':
      return `#,##0${decimals(value.decimals)}`;
    case 'percent':
      return `0${decimals(value.decimals)}%`;
    case 'date':
      return 'dd/mm/yyyy';
  }
}

function writeCell(target: ExcelJS.Cell, value: CellValue) {
  if (value.kind === 'text') {
    target.value = value.text;
    return;
  }
  switch (value.kind) {
    case 'euros':
      // Cents to euros once, here; the stored double is exact to the cent for any budget.
      target.value = value.cents / 100;
      break;
    case 'count':
      target.value = value.value;
      break;
    case 'percent':
      target.value = value.ratio;
      break;
    case 'date':
      target.value = new Date(`${value.iso}T00:00:00.000Z`);
      break;
  }
  target.numFmt = numberFormat(value);
}

export async function tablesToXlsx(content: ReportContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pilote CPO';
  const used = new Set<string>();
  for (const table of tablesOf(content)) {
    const sheet = workbook.addWorksheet(sheetName(table, used));
    sheet.columns = table.columns.map((column) => ({
      header: column.label,
      width: Math.max(12, Math.round(column.weight * 9)),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const row of table.rows) {
      const added = sheet.addRow([]);
      table.columns.forEach((column, index) => {
        const target = added.getCell(index + 1);
        writeCell(target, cellValue(row.cells[index] ?? '', column));
        target.alignment = { horizontal: column.align, wrapText: true };
      });
      if (row.emphasis) added.font = { bold: true };
    }
    if (table.note) sheet.addRow([]).commit();
    if (table.note) sheet.addRow([table.note]).font = { italic: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
