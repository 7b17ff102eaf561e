/**
 * Set-up for the import benches that need people already recorded (follow-ups, barriers):
 * N people with a pathway that has ended, written straight into the database so the bench
 * measures the import and not the set-up. File numbers `B-00001`…
 */
import type Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const benchFileNumber = (index: number) => `B-${String(index + 1).padStart(5, '0')}`;

export function recordPeopleWithExit(
  sqlite: Database.Database,
  conventionId: number,
  people: number,
) {
  const person = sqlite.prepare('INSERT INTO persons (convention_id, file_number) VALUES (?, ?)');
  const pathway = sqlite.prepare(
    `INSERT INTO pathways (person_id, identified_on, accompaniment_start, exit_date, exit_type)
     VALUES (?, '2025-02-01', '2025-03-01', '2025-12-15', 'employment_durable')`,
  );
  sqlite.transaction(() => {
    for (let index = 0; index < people; index += 1) {
      const id = Number(person.run(conventionId, benchFileNumber(index)).lastInsertRowid);
      pathway.run(id);
    }
  })();
}

/** A `;`-separated CSV (UTF-8, CRLF) as the wizard receives it. */
export function csvFile(conventionId: number, fileName: string, lines: readonly string[]) {
  return {
    conventionId,
    fileName,
    contentBase64: Buffer.from(lines.join('\r\n'), 'utf8').toString('base64'),
  };
}

/**
 * A fixture sheet (Windows-1252, CRLF, as operators' spreadsheets save it) grown to `rows`
 * rows by repeating its own, each passed through `row` (its index: to make keys unique),
 * as the wizard receives it.
 */
export function grownFixtureFile(
  conventionId: number,
  fixture: readonly string[],
  fileName: string,
  rows: number,
  row: (text: string, index: number) => string = (text) => text,
) {
  const text = iconv.decode(readFileSync(join('tests', 'fixtures', ...fixture)), 'win1252');
  const [header, ...body] = text.split('\r\n').filter(Boolean);
  const lines = [
    header!,
    ...Array.from({ length: rows }, (_, i) => row(body[i % body.length]!, i)),
  ];
  return {
    conventionId,
    fileName,
    contentBase64: iconv.encode(lines.join('\r\n'), 'win1252').toString('base64'),
  };
}
