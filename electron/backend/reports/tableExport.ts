/**
 * The tables of a report as CSV (for a spreadsheet opened in French: `;`, UTF-8 with BOM so
 * Excel reads the accents) and as XLSX (one sheet per table). The cells are the report's own
 * text — masked and formatted — so an export can never show more than the document.
 */
import ExcelJS from 'exceljs';
import type { ReportContent, TableBlock } from './content';
import { tablesOf } from './content';

const BOM = '\ufeff';

function csvField(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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

/** Excel forbids []:*?/\ in sheet names and caps them at 31 characters; names are unique. */
function sheetName(table: TableBlock, used: Set<string>): string {
  const base =
    (table.title || table.id)
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 28)
      .trim() || 'Tableau';
  let name = base;
  for (let index = 2; used.has(name.toLowerCase()); index++) name = `${base} ${index}`;
  used.add(name.toLowerCase());
  return name;
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
      const added = sheet.addRow([...row.cells]);
      if (row.emphasis) added.font = { bold: true };
      table.columns.forEach((column, index) => {
        added.getCell(index + 1).alignment = { horizontal: column.align, wrapText: true };
      });
    }
    if (table.note) sheet.addRow([]).commit();
    if (table.note) sheet.addRow([table.note]).font = { italic: true };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
