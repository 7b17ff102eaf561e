/**
 * The audit log: every mutation writes who changed what, when, from which value to which.
 * Rows are only ever inserted. Values are stored as text as the user would read them
 * (JSON for lists), so the history stays readable after the schema changes.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { auditLog } from '../db/schema';
import type { CallParsedInput } from '../../../shared/contract';
import type { HandlerGroup } from '../handlerTypes';

type Scalar = string | number | boolean | null | undefined;
type Values = Record<string, unknown>;

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function same(a: unknown, b: unknown): boolean {
  return asText(a as Scalar) === asText(b as Scalar);
}

type AuditRow = Omit<typeof auditLog.$inferInsert, 'at' | 'user'>;

// One prepared statement per connection: an import writes tens of thousands of audit rows,
// and rebuilding the SQL for each one costs more than SQLite's insert itself.
const insertStatements = new WeakMap<Database.Database, Database.Statement>();

function insertStatement(sqlite: Database.Database) {
  let statement = insertStatements.get(sqlite);
  if (!statement) {
    statement = sqlite.prepare(
      `INSERT INTO audit_log (at, user, convention_id, entity, entity_id, action, field, old_value, new_value)
       VALUES (@at, @user, @conventionId, @entity, @entityId, @action, @field, @oldValue, @newValue)`,
    );
    insertStatements.set(sqlite, statement);
  }
  return statement;
}

// Bulk writes (imports): rows buffered and inserted BATCH_ROWS at a time, in their order.
// `at` and `user` are the same for every row of a call: bound once (@at, @user) a statement.
// Two layouts of a buffered row. 'any': its seven values bound. 'create': a creation in the
// convention the buffer holds, four values bound (entity, entity id, field, new value), the
// convention bound once, 'create' and NULL written in the statement. Binding a value costs
// more than SQLite storing it: 180 000 rows took 245 ms of CPU with seven, 197 ms with four.
type Layout = 'any' | 'create';
const BATCH_ROWS = 500;
const LAYOUT_VALUES: Record<Layout, number> = { any: 7, create: 4 };
const LAYOUT_TUPLE: Record<Layout, string> = {
  any: '(@at, @user, ?, ?, ?, ?, ?, ?, ?)',
  create: "(@at, @user, @conventionId, ?, ?, 'create', ?, NULL, ?)",
};
const batchStatements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function batchStatement(sqlite: Database.Database, layout: Layout, rows: number) {
  let byShape = batchStatements.get(sqlite);
  if (!byShape) batchStatements.set(sqlite, (byShape = new Map()));
  const key = `${layout}:${rows}`;
  let statement = byShape.get(key);
  if (!statement) {
    statement = sqlite.prepare(
      `INSERT INTO audit_log (at, user, convention_id, entity, entity_id, action, field, old_value, new_value)
       VALUES ${new Array<string>(rows).fill(LAYOUT_TUPLE[layout]).join(', ')}`,
    );
    byShape.set(key, statement);
  }
  return statement;
}

export class AuditWriter {
  /**
   * Set inside batched(): one array a layout, a statement's worth of values each. Rows wait,
   * flat (LAYOUT_VALUES[layout] values a row), in the current layout's array, its first
   * `filled` values in use. The same arrays are bound again and again: no copy and no new
   * array per full statement (171 623 rows for 10 000 lines).
   */
  private buffers: Record<Layout, (string | number | null)[]> | null = null;
  private filled = 0;
  private layout: Layout = 'any';
  /** The convention of every row buffered in the 'create' layout. */
  private convention: number | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly user: string,
    private readonly at: string,
  ) {}

  /**
   * Runs `write` with its audit rows inserted by multi-row statements: the same rows, in the
   * same order, in the caller's transaction, written by the time this returns. For imports,
   * where one statement per row costs more than the rows themselves.
   */
  batched<T>(write: () => T): T {
    if (this.buffers) return write();
    const buffer = (layout: Layout) =>
      new Array<string | number | null>(BATCH_ROWS * LAYOUT_VALUES[layout]).fill(null);
    this.buffers = { any: buffer('any'), create: buffer('create') };
    this.filled = 0;
    try {
      const result = write();
      this.flush();
      return result;
    } finally {
      this.buffers = null;
    }
  }

  private flush() {
    const filled = this.filled;
    if (filled === 0) return;
    this.filled = 0;
    const layout = this.layout;
    const values = this.buffers![layout];
    const width = LAYOUT_VALUES[layout];
    const named =
      layout === 'create'
        ? { at: this.at, user: this.user, conventionId: this.convention }
        : { at: this.at, user: this.user };
    if (filled === BATCH_ROWS * width) {
      batchStatement(this.sqlite, layout, BATCH_ROWS).run(values, named);
      return;
    }
    // A part-filled buffer (the end of a call, a change of layout) goes in by statements of
    // 256, 128, … 1 rows, in order: a handful of statements prepared once, whatever the counts.
    let offset = 0;
    let rows = 256;
    while (offset < filled) {
      while (filled - offset < rows * width) rows >>= 1;
      const end = offset + rows * width;
      batchStatement(this.sqlite, layout, rows).run(values.slice(offset, end), named);
      offset = end;
    }
  }

  /** Buffers one row in the 'any' layout (batched() only). */
  private push(
    conventionId: number | null,
    entity: string,
    entityId: string,
    action: string,
    field: string | null,
    oldValue: string | null,
    newValue: string | null,
  ) {
    // Creations may share the buffer in this layout: only a 'create' buffer is closed first.
    if (this.layout !== 'any') {
      this.flush();
      this.layout = 'any';
    }
    const values = this.buffers!.any;
    let at = this.filled;
    values[at++] = conventionId;
    values[at++] = entity;
    values[at++] = entityId;
    values[at++] = action;
    values[at++] = field;
    values[at++] = oldValue;
    values[at++] = newValue;
    this.filled = at;
    if (at === BATCH_ROWS * LAYOUT_VALUES.any) this.flush();
  }

  /** Buffers one creation row (batched() only), in the 'create' layout when it can. */
  private pushCreated(
    conventionId: number | null,
    entity: string,
    entityId: string,
    field: string | null,
    newValue: string | null,
  ) {
    if (this.filled === 0) {
      this.layout = 'create';
      this.convention = conventionId;
    } else if (this.layout === 'any') {
      this.push(conventionId, entity, entityId, 'create', field, null, newValue);
      return;
    } else if (this.convention !== conventionId) {
      this.flush();
      this.convention = conventionId;
    }
    const values = this.buffers!.create;
    let at = this.filled;
    values[at++] = entity;
    values[at++] = entityId;
    values[at++] = field;
    values[at++] = newValue;
    this.filled = at;
    if (at === BATCH_ROWS * LAYOUT_VALUES.create) this.flush();
  }

  private insert(row: AuditRow) {
    if (this.buffers) {
      this.push(
        row.conventionId ?? null,
        row.entity,
        row.entityId,
        row.action,
        row.field ?? null,
        row.oldValue ?? null,
        row.newValue ?? null,
      );
      return;
    }
    insertStatement(this.sqlite).run({
      at: this.at,
      user: this.user,
      conventionId: row.conventionId ?? null,
      entity: row.entity,
      entityId: row.entityId,
      action: row.action,
      field: row.field ?? null,
      oldValue: row.oldValue ?? null,
      newValue: row.newValue ?? null,
    });
  }

  created(entity: string, entityId: number | string, conventionId: number | null, values: Values) {
    let wrote = false;
    const id = String(entityId);
    for (const field in values) {
      const text = asText(values[field]);
      if (text === null || text === '' || text === '[]') continue;
      wrote = true;
      // Imports: straight into the buffer, the same row insert() would write.
      if (this.buffers) {
        this.pushCreated(conventionId, entity, id, field, text);
        continue;
      }
      this.insert({
        conventionId,
        entity,
        entityId: id,
        action: 'create',
        field,
        oldValue: null,
        newValue: text,
      });
    }
    if (!wrote) {
      this.insert({
        conventionId,
        entity,
        entityId: String(entityId),
        action: 'create',
        field: null,
      });
    }
  }

  /** One row per field whose value changed; returns how many fields changed. */
  updated(
    entity: string,
    entityId: number | string,
    conventionId: number | null,
    before: Values,
    after: Values,
  ): number {
    let changed = 0;
    for (const [field, value] of Object.entries(after)) {
      if (same(before[field], value)) continue;
      this.insert({
        conventionId,
        entity,
        entityId: String(entityId),
        action: 'update',
        field,
        oldValue: asText(before[field]),
        newValue: asText(value),
      });
      changed += 1;
    }
    return changed;
  }

  deleted(entity: string, entityId: number | string, conventionId: number | null, before: Values) {
    this.insert({
      conventionId,
      entity,
      entityId: String(entityId),
      action: 'delete',
      field: null,
      oldValue: JSON.stringify(before),
      newValue: null,
    });
  }
}

/** The filters of audit.list as SQL; every one is optional. */
function auditFilter(input: CallParsedInput<'audit.list'>): SQL | undefined {
  return and(
    input.conventionId === null
      ? isNull(auditLog.conventionId)
      : eq(auditLog.conventionId, input.conventionId),
    input.user === null ? undefined : eq(auditLog.user, input.user),
    input.entities.length === 0 ? undefined : inArray(auditLog.entity, input.entities),
    input.action === null ? undefined : eq(auditLog.action, input.action),
    // `at` is written by toISOString (UTC, fixed width): text order is time order.
    input.since === null ? undefined : gte(auditLog.at, new Date(input.since).toISOString()),
    input.until === null ? undefined : lt(auditLog.at, new Date(input.until).toISOString()),
  );
}

export const auditHandlers = {
  'audit.list'(input, ctx) {
    const where = auditFilter(input);
    const rows = ctx.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(input.limit)
      .offset(input.offset)
      .all();
    const total = ctx.db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
    // What the filter lists offer: the convention's whole log, not the filtered rows.
    const scope =
      input.conventionId === null
        ? isNull(auditLog.conventionId)
        : eq(auditLog.conventionId, input.conventionId);
    const distinct = (column: typeof auditLog.user | typeof auditLog.entity) =>
      ctx.db
        .selectDistinct({ value: column })
        .from(auditLog)
        .where(scope)
        .orderBy(asc(column))
        .all()
        .map((row) => row.value);
    return {
      total,
      users: distinct(auditLog.user),
      entities: distinct(auditLog.entity),
      rows: rows.map((row) => ({
        id: row.id,
        at: row.at,
        user: row.user,
        entity: row.entity,
        entityId: row.entityId,
        action: row.action,
        field: row.field,
        oldValue: row.oldValue,
        newValue: row.newValue,
      })),
    };
  },
} satisfies HandlerGroup<'audit.list'>;
