/**
 * The tables of a report as a workbook a spreadsheet can add up: amounts, counts, percents
 * and dates are stored as values with their format, masked cells stay text. The CSV keeps
 * the printed text, with formulas neutralised. The sums are checked against the sample
 * model's own cents, not against what the builders computed.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  buildActivityContent,
  buildFinancialContent,
  tablesToCsv,
  tablesToXlsx,
  type ReportContent,
} from '../../../electron/backend/reports';
import { cellValue } from '../../../electron/backend/reports/cellValue';
import type { TableColumn } from '../../../electron/backend/reports/content';
import { sampleActivityModel, sampleFinancialModel } from './sampleModels';

const NBSP = '\u00a0';
const figures: TableColumn = { label: 'Montant', align: 'right', weight: 1 };
const label: TableColumn = { label: 'Rubrique', align: 'left', weight: 1 };

describe('cellValue reads back exactly what shared/format.ts wrote, or keeps the text', () => {
  it.each([
    [`15${NBSP}000,00${NBSP}€`, { kind: 'euros', cents: 1_500_000, whole: false }],
    [`-1${NBSP}234,56${NBSP}€`, { kind: 'euros', cents: -123_456, whole: false }],
    [`\u22121${NBSP}234,56${NBSP}€`, { kind: 'euros', cents: -123_456, whole: false }],
    [`+6${NBSP}234,56${NBSP}€`, { kind: 'euros', cents: 623_456, whole: false }],
    [`1${NBSP}500${NBSP}€`, { kind: 'euros', cents: 150_000, whole: true }],
    [`99${NBSP}%`, { kind: 'percent', ratio: 0.99, decimals: 0 }],
    [`-16,0${NBSP}%`, { kind: 'percent', ratio: -0.16, decimals: 1 }],
    [`+69,3${NBSP}%`, { kind: 'percent', ratio: 0.693, decimals: 1 }],
    ['23/11/2026', { kind: 'date', iso: '2026-11-23' }],
  ])('%j', (text, expected) => {
    expect(cellValue(text, label)).toEqual(expected);
  });

  it('reads plain numbers only in a figures (right-aligned) column or a declared count', () => {
    expect(cellValue(`1${NBSP}234`, figures)).toEqual({ kind: 'count', value: 1234, decimals: 0 });
    expect(cellValue('7,4', figures)).toEqual({ kind: 'count', value: 7.4, decimals: 1 });
    expect(cellValue('2025', label)).toEqual({ kind: 'text', text: '2025' });
    expect(cellValue('64', { ...label, kind: 'count' })).toMatchObject({ value: 64 });
  });

  it.each([
    '< 5',
    's',
    '—',
    '',
    'effectif < 5',
    '15 000,00 €', // plain spaces: not what formatEuros writes
    `15${NBSP}000,0${NBSP}€`,
    `1${NBSP}5000,00${NBSP}€`,
    `0012${NBSP}€`,
    '31/02/2026',
    '2026-11-23',
    `1${NBSP}150 / 1${NBSP}600 (71,9${NBSP}%)`,
    '-0,00 €',
  ])('%j stays text', (text) => {
    expect(cellValue(text, figures)).toEqual({ kind: 'text', text });
  });

  it('a column declared as text keeps even an amount as text', () => {
    const text = `15${NBSP}000,00${NBSP}€`;
    expect(cellValue(text, { ...figures, kind: 'text' })).toEqual({ kind: 'text', text });
  });
});

async function workbookOf(content: ReportContent) {
  const workbook = new ExcelJS.Workbook();
  const xlsx = await tablesToXlsx(content);
  // exceljs types its Buffer before Node's generic Buffer; the bytes are the same.
  await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  return workbook;
}

describe('XLSX export', () => {
  const model = sampleFinancialModel();
  const content = buildFinancialContent(model);

  it('stores amounts as numbers in euros; the charges add up to their total row', async () => {
    const sheet = (await workbookOf(content)).getWorksheet('Charges')!;
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, index) => index > 1 && rows.push(row));
    const totalIndex = rows.findIndex((row) => row.getCell(1).value === 'Total des charges');
    expect(totalIndex).toBeGreaterThan(0);
    for (const column of [2, 3]) {
      const cells = rows.slice(0, totalIndex).map((row) => row.getCell(column));
      for (const cell of cells) {
        expect(cell.type).toBe(ExcelJS.ValueType.Number);
        expect(cell.numFmt).toBe('#,##0.00 "€"');
      }
      const sumCents = cells.reduce((sum, cell) => sum + Math.round(Number(cell.value) * 100), 0);
      const total = rows[totalIndex]!.getCell(column);
      expect(total.type).toBe(ExcelJS.ValueType.Number);
      expect(Math.round(Number(total.value) * 100)).toBe(sumCents);
    }
    // Against the model: the forecast of the charge rows (60 to 68 and the flat rate).
    const chargeForecast = model.rows
      .filter((row) => /^6\d$/.test(row.code) || row.code === 'indirect')
      .reduce((sum, row) => sum + row.forecast, 0);
    const forecastTotal = rows[totalIndex]!.getCell(2).value;
    expect(Math.round(Number(forecastTotal) * 100)).toBe(chargeForecast);
  });

  it('stores percents as ratios with a % format, « — » as text', async () => {
    const sheet = (await workbookOf(content)).getWorksheet('Charges')!;
    const staff = findRow(sheet, '64 — Charges de personnel')!;
    const percent = staff.getCell(4);
    expect(percent.type).toBe(ExcelJS.ValueType.Number);
    expect(percent.numFmt).toBe('0.0%');
    const row = model.rows.find((entry) => entry.code === '64')!;
    expect(Number(percent.value)).toBeCloseTo(
      Math.round((row.actual / row.forecast) * 1000) / 1000,
      6,
    );
    const financial = findRow(sheet, '66 — Charges financières')!;
    expect(financial.getCell(4).value).toBe('—');
  });

  it('keeps counts as numbers and masked cells as text', async () => {
    const sheet = (await workbookOf(buildActivityContent(sampleActivityModel()))).getWorksheet(
      'Contacts par canal',
    )!;
    const masked = findRow(sheet, 'Venue spontanée')!;
    expect(masked.getCell(2).value).toBe('< 5');
    expect(masked.getCell(2).type).toBe(ExcelJS.ValueType.String);
    const total = findRow(sheet, 'Total')!;
    expect(total.getCell(2).value).toBe(1234);
    expect(total.getCell(2).numFmt).toBe('#,##0');
    expect(total.getCell(3).value).toBe(1);
    expect(total.getCell(3).numFmt).toBe('0%');
  });
});

function findRow(sheet: ExcelJS.Worksheet, first: string): ExcelJS.Row | undefined {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(1).value === first) found = row;
  });
  return found;
}

describe('CSV export', () => {
  it('keeps the printed text and neutralises what a spreadsheet would run', () => {
    const content: ReportContent = {
      title: 'Essai',
      subtitle: '',
      header: { operatorName: 'O', conventionReference: 'R' },
      cover: { lines: [] },
      draft: null,
      sections: [
        {
          orientation: 'portrait',
          blocks: [
            {
              kind: 'table',
              id: 't',
              title: 'Financeurs',
              columns: [label, figures],
              rows: [
                { cells: ['=HYPERLINK("http://x.test";"clic")', `-9${NBSP}000,00${NBSP}€`] },
                { cells: ['@SOMME(A1)', `+6${NBSP}234,56${NBSP}€`] },
              ],
            },
          ],
        },
      ],
    };
    const csv = tablesToCsv(content);
    expect(csv).toContain(`"'=HYPERLINK(""http://x.test"";""clic"")";-9${NBSP}000,00${NBSP}€\r\n`);
    expect(csv).toContain(`'@SOMME(A1);+6${NBSP}234,56${NBSP}€\r\n`);
  });
});
