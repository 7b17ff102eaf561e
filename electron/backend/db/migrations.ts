/**
 * The migrations drizzle-kit generated, bundled into the code at build time (Vite's
 * import.meta.glob), so the app and the tests apply exactly the files in the repo
 * without looking for a folder at run time.
 */
import { createHash } from 'node:crypto';
import journal from './migrations/meta/_journal.json';

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

const files = import.meta.glob('./migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export function parseMigration(tag: string, sqlText: string): Migration {
  return {
    tag,
    hash: createHash('sha256').update(sqlText).digest('hex'),
    statements: sqlText
      .split('--> statement-breakpoint')
      .map((statement) => statement.trim())
      .filter((statement) => statement.length > 0),
  };
}

export function bundledMigrations(): Migration[] {
  return journal.entries
    .slice()
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => {
      const text = files[`./migrations/${entry.tag}.sql`];
      if (text === undefined) throw new Error(`Migration file missing: ${entry.tag}.sql`);
      return parseMigration(entry.tag, text);
    });
}
