/**
 * Rows of one table written by multi-row INSERTs, in the order they were added: for bulk
 * writes (imports) where one statement run per row costs more than SQLite storing the row
 * (10 000 persons with their identity and pathway: ≈ 75 ms of CPU one row a run, ≈ 48 ms by
 * hundreds). Rows whose ids are needed at once (a person's pathway, a barrier's audit row)
 * get them from nextAutoincrementId, the id SQLite would have chosen.
 */
import type Database from 'better-sqlite3';

type Value = string | number | null;

/** The largest statement: a buffer is written by statements of 128, 64, … 1 rows. */
export const MAX_BUFFERED_ROWS = 128;

// Prepared once per connection and shape: a few statements whatever the row counts.
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function statement(sqlite: Database.Database, head: string, tuple: string, rows: number) {
  let byShape = statements.get(sqlite);
  if (!byShape) statements.set(sqlite, (byShape = new Map()));
  const key = `${rows}|${head}`;
  let prepared = byShape.get(key);
  if (!prepared) {
    prepared = sqlite.prepare(`${head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`);
    byShape.set(key, prepared);
  }
  return prepared;
}

export interface RowBuffer {
  /** Buffers one row: its values in the order of the columns of `head`. */
  add(...row: Value[]): void;
  /** Writes every buffered row, in order. */
  flush(): void;
  readonly rows: number;
}

/** `head`: `INSERT INTO table (col, …)`, `width` columns, every value bound. */
export function rowBuffer(sqlite: Database.Database, head: string, width: number): RowBuffer {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const values: Value[] = [];
  let rows = 0;
  return {
    add(...row) {
      for (const value of row) values.push(value);
      rows += 1;
    },
    flush() {
      let offset = 0;
      let size = MAX_BUFFERED_ROWS;
      while (rows > 0) {
        while (size > rows) size >>= 1;
        const end = offset + size * width;
        const batch = offset === 0 && end === values.length ? values : values.slice(offset, end);
        statement(sqlite, head, tuple, size).run(batch);
        offset = end;
        rows -= size;
      }
      values.length = 0;
    },
    get rows() {
      return rows;
    },
  };
}

/**
 * The id AUTOINCREMENT gives the next row of `table` (an integer `id` primary key): one more
 * than the largest id the table holds or ever held (sqlite_sequence). Inserting rows with
 * these ids, in order, leaves the table and sqlite_sequence as AUTOINCREMENT would have.
 */
export function nextAutoincrementId(sqlite: Database.Database, table: string): number {
  const row = sqlite
    .prepare(
      `SELECT max(
         coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
         coalesce((SELECT max(id) FROM "${table}"), 0)
       ) + 1 AS next`,
    )
    .get(table) as { next: number };
  return row.next;
}
