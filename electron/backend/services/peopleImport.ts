/**
 * Import of people and pathways from the spreadsheet operators keep (CSV or XLSX).
 *
 * The preview and the commit run the same plan: decode the file, read each row with the
 * mapping (shared/import/peopleRows.ts), lay it over what is recorded for the same file
 * number in the convention, and check it with the contract's schemas. The commit is all
 * or nothing: one issue anywhere and it throws before writing, so the call's transaction
 * leaves the database as it was. Writes go through people.ts (rules and audit); identity
 * values stay out of the audit log and out of the preview.
 */
import { eq } from 'drizzle-orm';
import type { ImportIssue, ImportPreview } from '../../../shared/contract/people';
import {
  cleanMapping,
  emptyBase,
  emptyIdentity,
  guessMapping,
  identityFieldKeys,
  parsePeopleTable,
  peopleImportFields,
  resolveRow,
  type IdentityValues,
  type ImportMapping,
  type PathwayValues,
  type PersonValues,
  type RecordBase,
} from '../../../shared/import/peopleRows';
import type { MutationContext } from '../context';
import { deferCheckpoint } from '../db/deferredCheckpoint';
import { MAX_BUFFERED_ROWS, nextAutoincrementId, rowBuffer } from '../db/rowBuffer';
import type { Db } from '../db/open';
import { barriers, pathways, personIdentities, persons } from '../db/schema';
import type { HandlerGroup } from '../handlerTypes';
import { bytesFromBase64, decodeCsv, type DecodedTable } from '../import/decodeTable';
import {
  assertConvention,
  mappingStore,
  readImportFile,
  refuseImport,
  type ImportInput,
} from '../import/importSteps';
import {
  createdValues,
  pathwayColumns,
  personColumns,
  updatePathway,
  updatePerson,
} from './people';

const SAMPLE_ROWS = 10;
const { saved: savedMapping, save: saveMapping } = mappingStore('people');

interface RecordedPerson {
  id: number;
  anonymised: boolean;
  base: RecordBase;
  hasPathway: boolean;
  barrierCategories: Set<string>;
}

interface PlannedRow {
  line: number;
  fileNumber: string;
  recorded: RecordedPerson | null;
  person: PersonValues;
  identity: IdentityValues | null;
  pathway: PathwayValues;
  personChanged: boolean;
  identityChanged: boolean;
  pathwayChanged: boolean;
  newBarriers: { category: string; identifiedOn: string }[];
}

interface Plan {
  table: DecodedTable;
  mapping: ImportMapping;
  parsed: ReturnType<typeof parsePeopleTable>;
  sample: Record<string, string>[];
  rows: PlannedRow[];
  issues: ImportIssue[];
  counts: ImportPreview['counts'];
}

/** Everything recorded for the convention, by file number, in four queries. */
function readRecorded(
  db: Db,
  conventionId: number,
  withIdentity: boolean,
): Map<string, RecordedPerson> {
  const rows = db
    .select({ person: persons, pathway: pathways })
    .from(persons)
    .leftJoin(pathways, eq(pathways.personId, persons.id))
    .where(eq(persons.conventionId, conventionId))
    .all();
  const identities = new Map<number, IdentityValues>();
  if (withIdentity) {
    const identityRows = db
      .select({ identity: personIdentities })
      .from(personIdentities)
      .innerJoin(persons, eq(persons.id, personIdentities.personId))
      .where(eq(persons.conventionId, conventionId))
      .all();
    for (const { identity } of identityRows) {
      identities.set(identity.personId, {
        lastName: identity.lastName,
        firstName: identity.firstName,
        phone: identity.phone,
        email: identity.email,
      });
    }
  }
  const categories = new Map<number, Set<string>>();
  const barrierRows = db
    .select({ personId: barriers.personId, category: barriers.category })
    .from(barriers)
    .innerJoin(persons, eq(persons.id, barriers.personId))
    .where(eq(persons.conventionId, conventionId))
    .all();
  for (const { personId, category } of barrierRows) {
    const set = categories.get(personId) ?? new Set<string>();
    set.add(category);
    categories.set(personId, set);
  }
  const recorded = new Map<string, RecordedPerson>();
  for (const { person, pathway } of rows) {
    const base = emptyBase(person.fileNumber);
    base.person = {
      fileNumber: person.fileNumber,
      sex: person.sex as PersonValues['sex'],
      birthYear: person.birthYear,
      commune: person.commune,
      inseeCode: person.inseeCode,
      qpv: person.qpv,
      qpvName: person.qpvName,
      zrr: person.zrr,
      eligibilityGround: person.eligibilityGround as PersonValues['eligibilityGround'],
      lastReferentContact: person.lastReferentContact,
      situationFlags: JSON.parse(person.situationFlags) as PersonValues['situationFlags'],
    };
    if (pathway) {
      const { id: _id, personId: _personId, ...values } = pathway;
      base.pathway = values as PathwayValues;
    }
    base.identity = identities.get(person.id) ?? emptyIdentity();
    recorded.set(person.fileNumber, {
      id: person.id,
      anonymised: person.anonymisedAt !== null,
      base,
      hasPathway: pathway !== null,
      barrierCategories: categories.get(person.id) ?? new Set(),
    });
  }
  return recorded;
}

/**
 * The file the last preview read: decoded, and its rows read with the mapping. The wizard
 * commits the very file it has just previewed, and decoding and reading 10 000 lines again
 * was ≈ 70 ms of the commit. Both are functions of the bytes and the mapping alone, so the
 * commit may take them as they are; what is recorded is read again, inside its transaction.
 * One file is kept, until the commit that follows (or the next preview).
 */
let lastRead: {
  fileName: string;
  contentBase64: string;
  table: DecodedTable;
  mappingKey: string;
  parsed: ReturnType<typeof parsePeopleTable>;
} | null = null;

async function readFile(input: ImportInput): Promise<DecodedTable> {
  const kept = lastRead;
  if (kept && kept.fileName === input.fileName && kept.contentBase64 === input.contentBase64) {
    return kept.table;
  }
  lastRead = null;
  return readImportFile(input);
}

/** The mapping as a key: the same columns for the same fields, whatever the key order. */
const keyOf = (mapping: ImportMapping) => JSON.stringify(Object.entries(mapping).sort());

function readRows(table: DecodedTable, mapping: ImportMapping) {
  const mappingKey = keyOf(mapping);
  const kept = lastRead;
  if (kept && kept.table === table && kept.mappingKey === mappingKey) return kept.parsed;
  return parsePeopleTable(table, mapping, table.headerLine, SAMPLE_ROWS);
}

/** As the audit log compares values: so "changed" here means "would be logged" there. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function differs(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return Object.keys(after).some((key) => asText(before[key]) !== asText(after[key]));
}

function plan(db: Db, input: ImportInput, table: DecodedTable, today: string): Plan {
  assertConvention(db, input.conventionId);
  const mapping = input.mapping
    ? cleanMapping(input.mapping)
    : guessMapping(table.headers, savedMapping(db, input.conventionId));
  const parsed = readRows(table, mapping);
  const identityMapped = identityFieldKeys.some((key) => mapping[key]);
  const recorded = readRecorded(db, input.conventionId, identityMapped);
  const issues: ImportIssue[] = [...table.issues, ...parsed.issues];
  const rows: PlannedRow[] = [];
  const counts = { rows: table.rows.length, toCreate: 0, toUpdate: 0, unchanged: 0 };
  for (const patch of parsed.rows) {
    const existing = patch.fileNumber ? (recorded.get(patch.fileNumber) ?? null) : null;
    const resolved = resolveRow(patch, existing?.base ?? emptyBase(patch.fileNumber), mapping, {
      ignoreIdentity: existing?.anonymised ?? false,
      today,
      mappingIsClean: true,
    });
    issues.push(...resolved.issues);
    if (!('person' in resolved) || patch.issues.length > 0) {
      // A row with errors is counted by whether its file number is already recorded.
      if (existing) counts.toUpdate += 1;
      else counts.toCreate += 1;
      continue;
    }
    const identity = resolved.identity;
    const wanted = new Set(resolved.barriers);
    const newBarriers = [...wanted]
      .filter((category) => !existing?.barrierCategories.has(category))
      .map((category) => ({ category, identifiedOn: resolved.barrierDate! }));
    const planned: PlannedRow = {
      line: patch.line,
      fileNumber: resolved.person.fileNumber,
      recorded: existing,
      person: resolved.person,
      identity,
      pathway: resolved.pathway,
      personChanged:
        !existing || differs(personColumns(existing.base.person), personColumns(resolved.person)),
      identityChanged:
        identity !== null && (!existing || differs(existing.base.identity, identity)),
      pathwayChanged:
        !existing ||
        !existing.hasPathway ||
        differs(pathwayColumns(existing.base.pathway), pathwayColumns(resolved.pathway)),
      newBarriers,
    };
    rows.push(planned);
    if (!existing) counts.toCreate += 1;
    else if (
      planned.personChanged ||
      planned.identityChanged ||
      planned.pathwayChanged ||
      newBarriers.length > 0
    ) {
      counts.toUpdate += 1;
    } else counts.unchanged += 1;
  }
  issues.sort((a, b) => a.line - b.line);
  return {
    table,
    mapping,
    parsed,
    // Copies: the rows' own objects may be read again by the commit (lastRead).
    sample: parsed.rows.slice(0, SAMPLE_ROWS).map((row) => ({ ...row.display })),
    rows,
    issues,
    counts,
  };
}

/**
 * Writes the people a file adds, as people.ts insertPerson does (same rows, same audit
 * rows, see createdValues), and the barriers a person does not have yet (never removes one,
 * each audited as barriers.add does), by multi-row statements (db/rowBuffer.ts): at 10 000
 * lines, one statement run per row cost more than SQLite's writes. Ids are the ones
 * AUTOINCREMENT would have given, in the same order; `flush()` before any other write
 * keeps every table's ids as they were with one statement a row. The column lists follow
 * db/schema.ts (persons, person_identities, pathways, barriers); the integration tests read
 * every value back. insertPerson's file-number check is not repeated: plan() already
 * refused a number used twice in the file, and a number already recorded in the
 * convention is an update, never a creation (the unique index stands behind both).
 */
function rowWriter(ctx: MutationContext, conventionId: number) {
  const personRows = rowBuffer(
    ctx.sqlite,
    `INSERT INTO persons (id, convention_id, file_number, sex, birth_year, commune, insee_code,
       qpv, qpv_name, zrr, eligibility_ground, last_referent_contact, situation_flags)`,
    13,
  );
  const identityRows = rowBuffer(
    ctx.sqlite,
    'INSERT INTO person_identities (person_id, last_name, first_name, phone, email)',
    5,
  );
  const pathwayRows = rowBuffer(
    ctx.sqlite,
    `INSERT INTO pathways (person_id, identified_on, identification_channel, remobilisation_start,
       accompaniment_start, planned_end, extended_until, extension_reason, exit_date, exit_type,
       exit_partner, follow_up_date, follow_up_situation, referent)`,
    14,
  );
  const barrierRows = rowBuffer(
    ctx.sqlite,
    'INSERT INTO barriers (id, person_id, category, identified_on, lifted_on)',
    5,
  );
  let nextPersonId = nextAutoincrementId(ctx.sqlite, 'persons');
  let nextBarrierId = nextAutoincrementId(ctx.sqlite, 'barriers');

  /** Persons first: the other tables' rows point to them. */
  const flush = () => {
    personRows.flush();
    identityRows.flush();
    pathwayRows.flush();
    barrierRows.flush();
  };
  const flushWhenFull = () => {
    if (
      personRows.rows >= MAX_BUFFERED_ROWS ||
      identityRows.rows >= MAX_BUFFERED_ROWS ||
      pathwayRows.rows >= MAX_BUFFERED_ROWS ||
      barrierRows.rows >= MAX_BUFFERED_ROWS
    ) {
      flush();
    }
  };

  const addBarriers = (personId: number, fileNumber: string, list: PlannedRow['newBarriers']) => {
    for (const barrier of list) {
      const barrierId = nextBarrierId++;
      barrierRows.add(barrierId, personId, barrier.category, barrier.identifiedOn, null);
      ctx.audit.created('frein', `${fileNumber}/${barrierId}`, conventionId, {
        categorie: barrier.category,
        identifieLe: barrier.identifiedOn,
        leveLe: null,
      });
    }
    flushWhenFull();
  };

  const createPerson = (row: PlannedRow): number => {
    const identity = row.identity ?? emptyIdentity();
    const person = personColumns(row.person);
    const personId = nextPersonId++;
    personRows.add(
      personId,
      conventionId,
      person.fileNumber,
      person.sex,
      person.birthYear,
      person.commune,
      person.inseeCode,
      person.qpv ? 1 : 0,
      person.qpvName,
      person.zrr ? 1 : 0,
      person.eligibilityGround,
      person.lastReferentContact,
      person.situationFlags,
    );
    // As writeIdentity: an all-empty identity is no row at all.
    if (Object.values(identity).some((value) => value.trim() !== '')) {
      identityRows.add(
        personId,
        identity.lastName,
        identity.firstName,
        identity.phone,
        identity.email,
      );
    }
    const pathway = pathwayColumns(row.pathway);
    pathwayRows.add(
      personId,
      pathway.identifiedOn,
      pathway.identificationChannel,
      pathway.remobilisationStart,
      pathway.accompanimentStart,
      pathway.plannedEnd,
      pathway.extendedUntil,
      pathway.extensionReason,
      pathway.exitDate,
      pathway.exitType,
      pathway.exitPartner,
      pathway.followUpDate,
      pathway.followUpSituation,
      pathway.referent,
    );
    ctx.audit.created(
      'personne',
      row.person.fileNumber,
      conventionId,
      createdValues(row.person, identity, row.pathway),
    );
    flushWhenFull();
    return personId;
  };

  return { createPerson, addBarriers, flush };
}

export const peopleImportHandlers = {
  async 'people.importPreview'(input, ctx) {
    const table = await readFile(input);
    const result = plan(ctx.db, input, table, ctx.today());
    lastRead = {
      fileName: input.fileName,
      contentBase64: input.contentBase64,
      table,
      mappingKey: keyOf(result.mapping),
      parsed: result.parsed,
    };
    return {
      format: result.table.format,
      encoding: result.table.encoding,
      delimiter: result.table.delimiter,
      headers: [...result.table.headers],
      mapping: result.mapping,
      fields: peopleImportFields,
      sample: result.sample,
      counts: result.counts,
      issues: result.issues,
    };
  },

  'people.importCommit': {
    prepare: (input) => readFile(input),
    apply: (input, table, ctx) => applyImport(ctx, input, table),
  },
} satisfies HandlerGroup<'people.importPreview' | 'people.importCommit'>;

/** Writes a decoded file: all rows or, at the first issue, nothing (the caller's transaction). */
export function applyImport(
  ctx: MutationContext,
  input: ImportInput & { mapping: ImportMapping },
  table: DecodedTable,
) {
  {
    const result = plan(ctx.db, input, table, ctx.today());
    // The preview's reading serves this commit only (written or refused alike).
    lastRead = null;
    if (result.issues.length > 0) throw refuseImport(input.fileName, result.issues);
    const { conventionId } = input;
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    // Thousands of rows: the WAL's copy back into the database file waits until after the call.
    deferCheckpoint(ctx.sqlite);
    const writer = rowWriter(ctx, conventionId);
    // Audit rows go in by hundreds, in this transaction: all written, or none with the rest.
    ctx.audit.batched(() => {
      for (const row of result.rows) {
        const recorded = row.recorded;
        if (!recorded) {
          const personId = writer.createPerson(row);
          writer.addBarriers(personId, row.fileNumber, row.newBarriers);
          created += 1;
          continue;
        }
        const touched =
          row.personChanged ||
          row.identityChanged ||
          row.pathwayChanged ||
          row.newBarriers.length > 0;
        // people.ts writes at once: the rows buffered so far go first, in their order.
        if (row.personChanged || row.identityChanged || row.pathwayChanged) writer.flush();
        if (row.personChanged || row.identityChanged) {
          // Identity is passed only when it changed: an erased identity is never passed (plan).
          updatePerson(ctx, recorded.id, row.person, row.identityChanged ? row.identity : null);
        }
        if (row.pathwayChanged) updatePathway(ctx, recorded.id, row.pathway);
        writer.addBarriers(recorded.id, row.fileNumber, row.newBarriers);
        if (touched) updated += 1;
        else unchanged += 1;
      }
      writer.flush();
    });
    saveMapping(ctx, conventionId, result.mapping);
    ctx.audit.created('import', input.fileName, conventionId, {
      bilan: {
        format: result.table.format,
        lignes: result.counts.rows,
        creees: created,
        misesAJour: updated,
        inchangees: unchanged,
        correspondance: result.mapping,
      },
    });
    return { created, updated, unchanged };
  }
}

/** The demo's spreadsheet, imported synchronously at first start with the guessed mapping. */
export function importPeopleCsv(ctx: MutationContext, input: ImportInput) {
  const table = decodeCsv(input.fileName, bytesFromBase64(input.contentBase64));
  const { mapping } = plan(ctx.db, input, table, ctx.today());
  return applyImport(ctx, { ...input, mapping }, table);
}
