/**
 * The one date-cell reader of the spreadsheet imports (shared/import/dateCell.ts): what it
 * accepts, what it refuses, and that a real Excel date cell reaches it as the same day.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeTable } from '../../electron/backend/import/decodeTable';
import { dateCellValue, DATE_FORMAT_REASON, readDateCell } from '../../shared/import/dateCell';
import { parseBarrierTable } from '../../shared/import/barrierRows';
import { parseCoordinationTable } from '../../shared/import/coordinationRows';
import { parseFollowUpTable } from '../../shared/import/followUpRows';
import { parseOutreachTable } from '../../shared/import/outreachRows';
import { parsePeopleTable } from '../../shared/import/peopleRows';

describe('readDateCell', () => {
  test('dd/mm/yyyy (one or two digits) and yyyy-mm-dd, real calendar dates only', () => {
    expect(readDateCell('21/03/2025')).toEqual({ iso: '2025-03-21' });
    expect(readDateCell(' 1/2/2025 ')).toEqual({ iso: '2025-02-01' });
    expect(readDateCell('2025-03-21')).toEqual({ iso: '2025-03-21' });
    expect(readDateCell('29/02/2024')).toEqual({ iso: '2024-02-29' });
    expect(readDateCell('')).toEqual({ iso: null });
    expect(readDateCell('   ')).toEqual({ iso: null });
    expect(readDateCell('29/02/2025')).toEqual({
      error: "Cette date n'existe pas dans le calendrier.",
    });
    expect(readDateCell('31/04/2025')).toEqual({
      error: "Cette date n'existe pas dans le calendrier.",
    });
    expect(readDateCell('01/01/1850')).toEqual({ error: 'Date invalide : année hors limites.' });
  });

  test('never guesses: other separators, two-digit years, times, words are refused', () => {
    for (const text of [
      '01.02.2025', // dots: not the format asked for
      '01-02-2025', // day or month first? an English export writes 02-01-2025
      '21/03/25', // which century?
      '2025/03/21',
      'mars 2025',
      '21/03/2025 10:00',
      '2025-03-21T00:00:00',
      'le 21/03/2025',
    ]) {
      expect(readDateCell(text), text).toEqual({ error: DATE_FORMAT_REASON });
    }
  });

  test('an Excel serial number is refused, and the message says what to change', () => {
    const read = readDateCell('46188');
    expect('error' in read && read.error).toMatch(/^Date illisible.*« 46188 » est un nombre/);
  });

  test('any calendar date written dd/mm/yyyy or yyyy-mm-dd reads back as itself', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2090-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const french = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
          expect(readDateCell(french)).toEqual({ iso });
          expect(readDateCell(iso)).toEqual({ iso });
        },
      ),
    );
  });

  test('dateCellValue: shown in French, an empty required cell refused by its name', () => {
    expect(dateCellValue('2026-06-15')).toEqual({ iso: '2026-06-15', shown: '15/06/2026' });
    expect(dateCellValue('')).toEqual({ iso: null, shown: '' });
    expect(dateCellValue('', 'Date du suivi')).toEqual({ error: 'Date du suivi obligatoire.' });
  });
});

describe('a real Excel date cell', () => {
  test('reaches the reader as the day Excel shows, a number-formatted serial does not', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Suivis');
    sheet.addRow(['N° dossier', 'Date du suivi', 'Situation à 6 mois']);
    // exceljs writes a Date as a date cell (serial + date format): what Excel itself saves.
    sheet.addRow(['S-001', new Date(Date.UTC(2026, 5, 15)), 'En emploi']);
    // The same day as a bare number: Excel shows 46188, not a date — refused, not guessed.
    sheet.addRow(['S-002', 46188, 'En emploi']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const table = await decodeTable('suivis.xlsx', bytes);
    const mapping = {
      fileNumber: 'N° dossier',
      followUpDate: 'Date du suivi',
      followUpSituation: 'Situation à 6 mois',
    };
    const { rows, issues } = parseFollowUpTable(table, mapping, table.headerLine);
    expect(rows[0]!.values).toEqual({
      followUpDate: '2026-06-15',
      followUpSituation: 'employment',
    });
    expect(issues.map(({ line, column, value }) => ({ line, column, value }))).toEqual([
      { line: 3, column: 'Date du suivi', value: '46188' },
    ]);
  });
});

describe('every row reader uses it, naming line and column', () => {
  const table = (headers: string[], cells: string[]) => ({
    headers,
    rows: [{ line: 2, cells }],
  });
  // The same refused cell, through each import's reader: same reason, its line and column.
  test.each([
    [
      'people',
      () =>
        parsePeopleTable(table(['N° dossier', 'Date de repérage'], ['P-1', '15.06.2026']), {
          fileNumber: 'N° dossier',
          identifiedOn: 'Date de repérage',
        }).issues,
      'Date de repérage',
    ],
    [
      'outreach',
      () =>
        parseOutreachTable(table(['Date', 'Canal', 'Nombre'], ['15.06.2026', 'Maraude', '3']), {
          date: 'Date',
          channel: 'Canal',
          count: 'Nombre',
        }).issues,
      'Date',
    ],
    [
      'coordination',
      () =>
        parseCoordinationTable(
          table(['Date', 'Type', 'Intitulé'], ['15.06.2026', 'COPIL', 'Comité']),
          { date: 'Date', kind: 'Type', title: 'Intitulé' },
        ).issues,
      'Date',
    ],
    [
      'follow-ups',
      () =>
        parseFollowUpTable(
          table(['N° dossier', 'Date du suivi', 'Situation'], ['S-1', '15.06.2026', 'En emploi']),
          {
            fileNumber: 'N° dossier',
            followUpDate: 'Date du suivi',
            followUpSituation: 'Situation',
          },
        ).issues,
      'Date du suivi',
    ],
    [
      'barriers',
      () =>
        parseBarrierTable(
          table(['N° dossier', 'Frein', 'Identifié le'], ['F-1', 'Santé', '15.06.2026']),
          { fileNumber: 'N° dossier', category: 'Frein', identifiedOn: 'Identifié le' },
        ).issues,
      'Identifié le',
    ],
  ])('%s', (_kind, read, column) => {
    expect(read()).toEqual([{ line: 2, column, value: '15.06.2026', reason: DATE_FORMAT_REASON }]);
  });
});
