/**
 * Can the three Word documents be signed? Generated through the real backend for the demo
 * and for a convention built from the shared fixtures (both in one database: the fixture
 * convention is created while the demo is loaded), then read back with an independent
 * reader (tests/helpers/docxTables.ts) and checked the way a DREETS agent would:
 * (a) the organisation's column equals the FEC's class totals of ../shared/fixtures;
 * (b) C in the SIEG annex equals the sum of its printed parts;
 * (c) every total equals its parts (rule in tests/helpers/tableArithmetic.ts);
 * (d) every percentage agrees with the printed figures it comes from;
 * (e) no masked « < 5 » cell can be worked back from the activity reports and the bilan;
 * (f) the CSV and XLSX exports print the same cells as the Word tables;
 * (g) with LibreOffice, the contents' page numbers are the headings' pages.
 * Expected values come from the fixtures, never from the services that feed the reports.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  cellAt,
  columnIndex,
  normaliseLabel,
  readDocx,
  rowLabelled,
  tablesTitled,
  type DocTable,
  type DocxDocument,
} from '../helpers/docxTables';
import { euros, numericValue, readFigure } from '../helpers/frenchNumbers';
import { domainOf, possibleValues, type Constraint, type Unknown } from '../helpers/maskedCells';
import {
  percentFindings,
  totalBlocks,
  totalColumnFindings,
  totalFindings,
} from '../helpers/tableArithmetic';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { convertToPdf, missingPdfTools } from '../unit/reports/pdf';
import {
  createFixtureConvention,
  KEY,
  PREMISES_CENTS,
  STATE_CENTS,
} from './helpers/fixtureConvention';
import { testBackend, type TestBackend } from './helpers/testBackend';

interface FecExpected {
  charges_cents: number;
  produits_cents: number;
  net_debit_by_class2_cents: Record<string, number>;
}
const fecExpected = JSON.parse(
  readFileSync(sharedFixture('fec', 'expected.json'), 'utf8'),
) as Record<string, FecExpected>;
const FEC_BY_YEAR: Record<number, FecExpected> = {
  1: fecExpected['123456789FEC20251231.txt']!,
  2: fecExpected['123456789FEC20261231.txt']!,
};

type Kind = 'activity' | 'financial' | 'final';
interface Generated {
  name: string;
  kind: Kind;
  yearIndex: number | null;
  doc: DocxDocument;
  buffer: Buffer;
  csv: string;
  xlsx: Buffer;
}

let backend: TestBackend;
const generated: Record<'demo' | 'fixture', Generated[]> = { demo: [], fixture: [] };

async function generate(conventionId: number, name: string, kind: Kind, yearIndex: number | null) {
  const entry = await backend.call('reports.generate', {
    conventionId,
    kind,
    yearIndex,
    allowDraft: true,
  });
  const file = await backend.call('reports.file', { id: entry.id });
  const buffer = Buffer.from(file.contentBase64, 'base64');
  const csv = await backend.call('reports.tables', { id: entry.id, format: 'csv' });
  const xlsx = await backend.call('reports.tables', { id: entry.id, format: 'xlsx' });
  return {
    name,
    kind,
    yearIndex,
    buffer,
    doc: await readDocx(buffer),
    csv: Buffer.from(csv.contentBase64, 'base64').toString('utf8'),
    xlsx: Buffer.from(xlsx.contentBase64, 'base64'),
  } satisfies Generated;
}

const DOCUMENTS: [Kind, number | null][] = [
  ['financial', 1],
  ['financial', 2],
  ['activity', 1],
  ['activity', 2],
  ['final', null],
];

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const [demo] = await backend.call('conventions.list', {});
  // The fixture convention is created with the demo loaded: no conflict between them.
  const { conventionId } = await createFixtureConvention(backend);
  for (const [set, id] of [
    ['demo', demo!.id],
    ['fixture', conventionId],
  ] as const)
    for (const [kind, yearIndex] of DOCUMENTS)
      generated[set].push(
        await generate(id, `${set} ${kind}${yearIndex ? ` ${yearIndex}` : ''}`, kind, yearIndex),
      );
}, 240_000);
afterAll(() => backend?.dispose());

const all = () => [...generated.demo, ...generated.fixture];
const one = (set: 'demo' | 'fixture', kind: Kind, yearIndex: number | null) =>
  generated[set].find((g) => g.kind === kind && g.yearIndex === yearIndex)!;

/** The CERFA side tables (charges / produits) of a compte rendu: the ones with a total of that side. */
function sideTable(doc: DocxDocument, side: 'charges' | 'produits'): DocTable {
  const found = doc.tables.filter(
    (t) =>
      t.header.length > 0 &&
      t.rows.some((r) => new RegExp(`^total des ${side}`, 'i').test(r.cells[0] ?? '')),
  );
  if (found.length === 0)
    throw new Error(
      `No table with « Total des ${side} » in: ${doc.tables.map((t) => t.title).join(', ')}`,
    );
  return found[0]!;
}

const ORGANISATION = /comptes de l.organisme|organisme/i;

describe('(a) the organisation’s column is the FEC', () => {
  const cases = [
    ['demo', 1],
    ['fixture', 1],
    ['fixture', 2],
  ] as const;
  test.each(cases)('%s, year %i: charges, produits, 86 and 87 equal expected.json', (set, year) => {
    const { doc } = one(set, 'financial', year);
    const fec = FEC_BY_YEAR[year]!;
    const charges = sideTable(doc, 'charges');
    const produits = sideTable(doc, 'produits');
    expect(columnIndex(charges, ORGANISATION), charges.header.join(' | ')).toBeGreaterThan(0);
    const at = (table: DocTable, row: RegExp) => euros(cellAt(table, row, ORGANISATION));
    expect(at(charges, /^total des charges/i), 'class 6').toBe(fec.charges_cents);
    expect(at(produits, /^total des produits/i), 'class 7').toBe(fec.produits_cents);
    expect(at(charges, /^86\b/), 'class 86').toBe(fec.net_debit_by_class2_cents['86']);
    expect(at(produits, /^87\b/), 'class 87').toBe(-fec.net_debit_by_class2_cents['87']!);
    // Each CERFA row of the organisation is its two-digit group of the FEC.
    for (const group of ['60', '61', '62', '63', '64', '68'])
      expect(at(charges, new RegExp(`^${group}\\b`)), group).toBe(
        fec.net_debit_by_class2_cents[group],
      );
    // Every 74 funder row of the CERFA is printed, even at zero.
    for (const funder of [
      /^74.*état/i,
      /^74.*département/i,
      /^74.*europ/i,
      /^74.*commune|^74.*ville/i,
    ])
      expect(rowLabelled(produits, funder), String(funder)).toBeDefined();
  });
});

/** The SIEG table « Compensation et coûts par année »: the year's column. */
function siegYear(doc: DocxDocument, year: number) {
  const [table] = tablesTitled(doc, /compensation et coûts par année/i);
  if (!table) throw new Error('No « Compensation et coûts par année » table');
  const column = table.header.findIndex((h) => new RegExp(`^Année ${year}\\b`).test(h));
  const value = (row: RegExp) => euros(rowLabelled(table, row)!.cells[column]!);
  return {
    c: value(/\(C\)/),
    r: value(/\(R\)/),
    k: value(/\(K\)/),
    balance: value(/^solde/i),
  };
}

/** Σ threeQuarters of each charge group: the fixture's 2025 K (every cost general, time key). */
function fixtureK2025(): number {
  const groups = FEC_BY_YEAR[1]!.net_debit_by_class2_cents;
  return ['60', '61', '62', '63', '64', '65', '66', '67', '68'].reduce((sum, group) => {
    const cents = groups[group] ?? 0;
    return (
      sum + Math.sign(cents) * Math.round((Math.abs(cents) * KEY.siegQuantity) / KEY.totalQuantity)
    );
  }, 0);
}

describe('(b) C in the SIEG annex is the sum of its printed parts', () => {
  test('fixture 2025: C and K worked out from the fixtures', () => {
    const { doc } = one('fixture', 'financial', 1);
    const year = siegYear(doc, 1);
    // C = the State's 180 000 € + the Département's 40 000 € + FSE+ 30 000 € + the premises.
    expect(year.c).toBe(STATE_CENTS + 4_000_000 + 3_000_000 + PREMISES_CENTS);
    // K = the general costs' share by the key + the valued premises, counted in C and in K
    // at the same value (finance.md §1).
    expect(year.k).toBe(fixtureK2025() + PREMISES_CENTS);
    // R = the key's share of the common revenue (sales 70, dues 75, financial income 76: no
    // analytic code in 2025), shared like the common costs (decision 2012/21/UE art. 5 §4).
    const groups = FEC_BY_YEAR[1]!.net_debit_by_class2_cents;
    expect(year.r).toBe(
      ['70', '75', '76'].reduce(
        (sum, group) => sum + Math.round((-groups[group]! * KEY.siegQuantity) / KEY.totalQuantity),
        0,
      ),
    );
    expect(year.balance).toBe(year.c + year.r - year.k);
  });

  test.each([
    ['demo', 1],
    ['fixture', 1],
    ['fixture', 2],
  ] as const)(
    '%s, year %i: a block breaks C down, its parts add up to the C printed',
    (set, year) => {
      const { doc } = one(set, 'financial', year);
      const { c } = siegYear(doc, year);
      // B's reconciliation block: a total labelled as C (compensation publique) with its parts.
      const blocks = doc.tables.flatMap((table) =>
        totalBlocks(table)
          .filter((b) => /^compensation publique|^C\b/i.test(b.total.cells[0] ?? ''))
          .map((b) => ({ table, ...b })),
      );
      const keyValue = doc.tables.filter(
        (t) => t.header.length === 0 && /compensation publique|composantes de C/i.test(t.title),
      );
      expect(
        blocks.length + keyValue.length,
        `no table breaks C down; tables: ${doc.tables.map((t) => t.title).join(', ')}`,
      ).toBeGreaterThan(0);
      for (const { table, total, parts } of blocks) {
        const column = table.header.findIndex(
          (h, i) => i > 0 && readFigure(total.cells[i] ?? '')?.kind === 'euros',
        );
        expect(euros(total.cells[column]!), `${table.title}: C`).toBe(c);
        expect(parts.reduce((sum, p) => sum + euros(p.cells[column]!), 0)).toBe(c);
      }
    },
  );
});

describe('(c) every total equals its parts', () => {
  test('in every table of every document', () => {
    const findings = all().flatMap(({ name, doc }) =>
      doc.tables
        .flatMap((t) => [...totalFindings(t), ...totalColumnFindings(t)])
        .map((f) => `${name}: ${f}`),
    );
    expect(findings).toEqual([]);
  });

  test('the period control: OC = ΣC + ΣR − ΣK − ΣBR + carried in', () => {
    for (const { name, doc } of all().filter((g) => g.kind !== 'activity')) {
      for (const table of tablesTitled(doc, /contrôle par période/i))
        for (let column = 1; column < table.header.length; column += 1) {
          const v = (row: RegExp) => {
            const found = rowLabelled(table, row);
            return found ? euros(found.cells[column]!) : 0;
          };
          const oc = v(/surcompensation/i);
          expect(oc, `${name}: ${table.header[column]}`).toBe(
            v(/\(C\)/) + v(/\(R\)/) - v(/\(K\)/) - v(/\((BR|RP)\)/) + v(/report/i),
          );
        }
    }
  });
});

describe('(d) every percentage agrees with its printed figures', () => {
  test('in every table of every document', () => {
    const findings = all().flatMap(({ name, doc }) =>
      doc.tables.flatMap((t) => percentFindings(t)).map((f) => `${name}: ${f}`),
    );
    expect(findings).toEqual([]);
  });
});

/**
 * Masked cells of one convention's activity reports and bilan as unknowns, with every
 * printed relation between them: totals and subtotals (rule above), a « Total » column over
 * the years, shares of a printed total, realisation rates, the positive exits (emploi +
 * formation + droit commun = the positive exit types; their rate over the exits), and the
 * same indicator printed in the year's report and in the bilan.
 */
function maskedSystem(documents: readonly Generated[]) {
  const unknowns = new Map<string, Unknown>();
  const known = new Map<string, number>();
  const constraints: Constraint[] = [];
  type Ref = { key: string } | { value: number } | null;

  const keyOf = (g: Generated, table: DocTable, row: string, column: number) => {
    const header = table.header[column] ?? '';
    if (/indicateurs/i.test(table.title)) {
      if (g.kind === 'activity' && /^réalisé$/i.test(header))
        return `ind|${normaliseLabel(row)}|${g.yearIndex}`;
      const year = /^année (\d+).*réalisé/i.exec(header)?.[1];
      if (year) return `ind|${normaliseLabel(row)}|${year}`;
    }
    return `${g.name}|${table.title}|${normaliseLabel(row)}|${header}`;
  };
  const refs = new Map<DocTable, Ref[][]>();
  for (const g of documents)
    for (const table of g.doc.tables) {
      if (table.header.length === 0) continue;
      refs.set(
        table,
        table.rows.map((row) =>
          row.cells.map((cell, column) => {
            if (column === 0) return null;
            const figure = readFigure(cell);
            const key = keyOf(g, table, row.cells[0] ?? '', column);
            if (figure?.kind === 'masked') {
              if (!unknowns.has(key))
                unknowns.set(key, {
                  key,
                  where: `${g.name}, « ${table.title} », « ${row.cells[0]} » × « ${table.header[column]} »`,
                  domain: domainOf(figure.text),
                });
              return { key };
            }
            if (figure?.kind === 'number') {
              if (known.has(key) && known.get(key) !== figure.value) return { value: figure.value };
              known.set(key, figure.value);
              return { value: figure.value };
            }
            if (figure?.kind === 'blank') return { value: 0 };
            return null;
          }),
        ),
      );
    }
  // The same figure printed in two documents: masked in one, printed in the other.
  for (const [key, value] of known)
    if (unknowns.has(key))
      constraints.push({
        label: `${key} printed elsewhere`,
        terms: [{ coef: 1, key }],
        rhs: value,
      });

  const refAt = (table: DocTable, row: number, column: number): Ref =>
    refs.get(table)?.[row]?.[column] ?? null;
  const linear = (label: string, parts: [number, Ref][], total: Ref) => {
    if (!total || parts.some(([, r]) => r === null)) return;
    const terms = [...parts.map(([coef, r]) => ({ coef, ...r! })), { coef: -1, ...total }];
    if (!terms.some((t) => 'key' in t)) return;
    constraints.push({ label, terms: terms as never, rhs: 0 });
  };
  const ratio = (label: string, num: Ref[], den: Ref, printed: string) => {
    const p = readFigure(printed);
    if (p?.kind !== 'percent' || !den || num.some((r) => r === null)) return;
    const refsUsed = [...num, den] as ({ key: string } | { value: number })[];
    const keys = refsUsed.flatMap((r) => ('key' in r ? [r.key] : []));
    if (keys.length === 0) return;
    const half = 0.5 * 10 ** -p.decimals + 1e-9;
    const read = (r: { key: string } | { value: number }, values: Map<string, number>) =>
      'key' in r ? values.get(r.key)! : r.value;
    constraints.push({
      label,
      keys,
      holds: (values) => {
        const d = read(den as never, values);
        if (d === 0) return false;
        const n = (num as never[]).reduce((s: number, r) => s + read(r, values), 0);
        return Math.abs((100 * n) / d - p.value) <= half;
      },
    });
  };

  for (const g of documents)
    for (const table of g.doc.tables) {
      if (table.header.length === 0) continue;
      const index = (row: { cells: string[] }) => table.rows.indexOf(row as never);
      for (const block of totalBlocks(table))
        for (let column = 1; column < table.header.length; column += 1)
          linear(
            `${g.name} « ${table.title} » « ${block.total.cells[0]} » × « ${table.header[column]} »`,
            block.parts.map((p, i) => [block.signs?.[i] ?? 1, refAt(table, index(p), column)]),
            refAt(table, index(block.total), column),
          );
      const totalDone = columnIndex(table, /^total réalisé$/i);
      if (totalDone > 0)
        for (const [r, row] of table.rows.entries())
          linear(
            `${g.name} « ${table.title} » « ${row.cells[0]} » over the years`,
            table.header.flatMap((h, c) =>
              /^année .*réalisé/i.test(h) ? [[1, refAt(table, r, c)] as [number, Ref]] : [],
            ),
            refAt(table, r, totalDone),
          );
      const share = columnIndex(table, /^part$/i);
      const count = columnIndex(table, /^(effectif|nombre)$/i);
      const totalRow = table.rows.findIndex((row) => row.emphasis === 'total');
      if (share > 0 && count > 0 && totalRow >= 0)
        for (const [r, row] of table.rows.entries())
          ratio(
            `${g.name} « ${table.title} » share of « ${row.cells[0]} »`,
            [refAt(table, r, count)],
            refAt(table, totalRow, count),
            row.cells[share]!,
          );
      const rate = columnIndex(table, /^taux de réalisation$/i);
      const done = columnIndex(table, /^(total )?réalisé$/i);
      const target = columnIndex(table, /^(total )?cible$/i);
      if (rate > 0 && done > 0 && target > 0)
        for (const [r, row] of table.rows.entries())
          ratio(
            `${g.name} « ${table.title} » rate of « ${row.cells[0]} »`,
            [refAt(table, r, done)],
            refAt(table, r, target),
            row.cells[rate]!,
          );
    }

  // Positive exits, per year: emploi + formation + droit commun; their rate over all exits.
  for (const g of documents.filter((d) => d.kind === 'activity')) {
    const indicators = tablesTitled(g.doc, /indicateurs/i)[0];
    const exits = tablesTitled(g.doc, /sorties par type/i)[0];
    if (!indicators) continue;
    const done = columnIndex(indicators, /^réalisé$/i);
    const at = (label: RegExp) => {
      const r = indicators.rows.findIndex((row) => label.test(row.cells[0] ?? ''));
      return r < 0
        ? null
        : { ref: refAt(indicators, r, done), text: indicators.rows[r]!.cells[done]! };
    };
    const positives = [
      at(/^sorties vers l.emploi/i),
      at(/^sorties vers une formation/i),
      at(/droit commun/i),
    ];
    if (positives.some((p) => p === null)) continue;
    const refsPositive = positives.map((p) => p!.ref);
    if (exits) {
      const count = columnIndex(exits, /^(effectif|nombre)$/i);
      const totalRow = exits.rows.findIndex((row) => row.emphasis === 'total');
      const positiveRows = exits.rows.flatMap((row, r) =>
        /positive/i.test(row.cells[0] ?? '') ? [r] : [],
      );
      if (count > 0 && positiveRows.length > 0) {
        const terms = [
          ...positiveRows.map((r) => [1, refAt(exits, r, count)] as [number, Ref]),
          ...refsPositive.map((ref) => [-1, ref] as [number, Ref]),
        ];
        if (terms.every(([, ref]) => ref !== null)) {
          const t = terms.map(([coef, ref]) => ({ coef, ...ref! }));
          if (t.some((x) => 'key' in x))
            constraints.push({
              label: `${g.name}: positive exit types = E + F + D`,
              terms: t as never,
              rhs: 0,
            });
        }
      }
      // Abandons, lost contacts and moves: the exit types that are not positive.
      const others = at(/^abandons/i);
      const otherRows = exits.rows.flatMap((row, r) =>
        row.emphasis === null && !/positive/i.test(row.cells[0] ?? '') ? [r] : [],
      );
      if (count > 0 && others && others.ref && otherRows.length > 0)
        linear(
          `${g.name}: exit types that are not positive = abandons, perdus de vue, déménagements`,
          otherRows.map((r) => [1, refAt(exits, r, count)] as [number, Ref]),
          others.ref,
        );
      // A sentence may print the count of positive exits: « 29 sorties positives sur 42 ».
      for (const paragraph of g.doc.paragraphs) {
        const match = /(\d+) sorties positives sur (\d+)/.exec(
          paragraph.text.replace(/[\u00a0\u202f]/g, ' '),
        );
        if (match)
          linear(
            `${g.name}: « ${match[0]} »`,
            refsPositive.map((ref) => [1, ref] as [number, Ref]),
            {
              value: Number(match[1]),
            },
          );
      }
      const rate = at(/taux de sorties positives/i);
      if (count > 0 && totalRow >= 0 && rate)
        ratio(
          `${g.name}: positive exit rate`,
          refsPositive,
          refAt(exits, totalRow, count),
          rate.text,
        );
    }
  }
  return { unknowns: [...unknowns.values()], constraints };
}

describe('(e) no masked cell can be worked back', () => {
  test.each(['demo', 'fixture'] as const)(
    '%s: activity reports of each year and the bilan final',
    (set) => {
      const documents = generated[set].filter((g) => g.kind !== 'financial');
      const { unknowns, constraints } = maskedSystem(documents);
      // The fixtures' people give small cells in every year: a check with none would prove nothing.
      expect(unknowns.length).toBeGreaterThan(3);
      const { values } = possibleValues(unknowns, constraints);
      const disclosed = unknowns
        .filter((u) => (values.get(u.key)?.size ?? 0) <= 1)
        .map(
          (u) =>
            `${u.where}: only ${[...(values.get(u.key) ?? [])].join(', ') || 'no value'} possible`,
        );
      expect(disclosed).toEqual([]);
    },
  );
});

/** CSV blocks: title, header, rows, [note], blank line. */
function csvTables(csv: string): { title: string; header: string[]; rows: string[][] }[] {
  const parseLine = (line: string) => {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ';') {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    return cells;
  };
  // Quoted fields may hold line breaks: split records outside quotes.
  const records: string[] = [];
  let current = '';
  let quotes = 0;
  for (const part of csv.replace(/^\uFEFF/, '').split('\r\n')) {
    current = current === '' && quotes % 2 === 0 ? part : `${current}\r\n${part}`;
    quotes += (part.match(/"/g) ?? []).length;
    if (quotes % 2 === 0) {
      records.push(current);
      current = '';
      quotes = 0;
    }
  }
  const tables: { title: string; header: string[]; rows: string[][] }[] = [];
  let block: string[][] = [];
  for (const record of [...records, '']) {
    if (record === '') {
      if (block.length >= 2)
        tables.push({ title: block[0]![0]!, header: block[1]!, rows: block.slice(2) });
      block = [];
    } else block.push(parseLine(record));
  }
  return tables;
}

const typography = (text: string) =>
  text
    .replace(/[’‘]/g, "'")
    .replace(/−/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();

describe('(f) the CSV and XLSX exports print the Word tables', () => {
  test('each exported table is a Word table, cell for cell; XLSX numbers are the printed figures', async () => {
    const findings: string[] = [];
    for (const g of all()) {
      const csv = csvTables(g.csv);
      expect(csv.length, `${g.name}: CSV tables`).toBeGreaterThan(3);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(g.xlsx as never);
      expect(workbook.worksheets.length, `${g.name}: one sheet per CSV table`).toBe(csv.length);
      for (const [index, table] of csv.entries()) {
        const word = g.doc.tables.find(
          (t) => normaliseLabel(t.title) === normaliseLabel(table.title) && t.rows.length > 0,
        );
        // An empty table the document replaces by a sentence shows no cell either way.
        if (!word && table.rows.length === 0) continue;
        if (!word) {
          findings.push(`${g.name}: CSV table « ${table.title} » is in no Word table`);
          continue;
        }
        // Same text; Word's typography (’ and −, no-break spaces) aside.
        const same = (a: readonly string[], b: readonly string[]) =>
          a.length === b.length && a.every((x, i) => typography(x) === typography(b[i] ?? ''));
        if (word.header.length > 0 && !same(word.header, table.header))
          findings.push(
            `${g.name}: « ${table.title} » headers differ: ${word.header.join(' | ')} / ${table.header.join(' | ')}`,
          );
        word.rows.forEach((row, r) => {
          const csvRow = table.rows[r];
          if (!csvRow || !same(csvRow, row.cells))
            findings.push(
              `${g.name}: « ${table.title} » row ${r + 1}: Word « ${row.cells.join(' | ')} », CSV « ${csvRow?.join(' | ')} »`,
            );
        });
        const sheet = workbook.worksheets[index]!;
        word.rows.forEach((row, r) => {
          row.cells.forEach((text, c) => {
            const value = sheet.getRow(r + 2).getCell(c + 1).value;
            if (typeof value !== 'number') return;
            const figure = readFigure(text);
            const printed = numericValue(figure);
            const ok =
              figure?.kind === 'euros'
                ? Math.abs(value * 100 - figure.cents) < 0.5
                : figure?.kind === 'percent'
                  ? Math.abs(value * 100 - printed!) <= 0.5 * 10 ** -figure.decimals + 1e-9 ||
                    Math.abs(value - printed!) <= 0.5 * 10 ** -figure.decimals + 1e-9
                  : printed !== null &&
                    Math.abs(value - printed) <=
                      0.5 * 10 ** -(figure as { decimals: number }).decimals;
            if (!ok)
              findings.push(
                `${g.name}: sheet « ${sheet.name} » ${r + 2}:${c + 1} holds ${value}, Word prints « ${text} »`,
              );
          });
        });
      }
    }
    expect(findings).toEqual([]);
  });

  test('the XLSX holds real numbers where the Word tables print amounts', async () => {
    const g = one('fixture', 'financial', 1);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(g.xlsx as never);
    const numbers = workbook.worksheets.flatMap((sheet) => {
      const out: number[] = [];
      sheet.eachRow((row) =>
        row.eachCell((cell) => typeof cell.value === 'number' && out.push(cell.value)),
      );
      return out;
    });
    // The class 6 total of expected.json, in euros, is one of them.
    expect(numbers).toContain(FEC_BY_YEAR[1]!.charges_cents / 100);
  });
});

/** The lines of each page of a PDF, spaces collapsed. */
function pdfPages(file: string): string[][] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text
    .split('\f')
    .map((page) => page.split('\n').map((line) => line.replace(/[\s\u00a0\u202f]+/g, ' ').trim()));
}

describe.skipIf(missingPdfTools.length > 0)('(g) the contents, opened by LibreOffice', () => {
  test('each entry links to its heading and gives the page the heading is on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-confiance-'));
    try {
      const picks = [
        one('fixture', 'financial', 1),
        one('demo', 'activity', 1),
        one('fixture', 'final', null),
      ];
      const names = picks.map((_, i) => `doc${i}`);
      picks.forEach((g, i) => writeFileSync(join(dir, `${names[i]}.docx`), g.buffer));
      convertToPdf(dir, names);
      const findings: string[] = [];
      for (const [i, g] of picks.entries()) {
        const entries = g.doc.paragraphs.filter((p) => p.anchors.length > 0 && p.heading === null);
        expect(entries.length, `${g.name}: contents entries`).toBeGreaterThan(3);
        const pages = pdfPages(join(dir, `${names[i]}.pdf`));
        const contentsPage = pages.findIndex((lines) => lines.includes('Sommaire'));
        for (const entry of entries) {
          const anchor = entry.anchors[0]!;
          const target = g.doc.headings.find((h) => h.bookmarks.includes(anchor));
          const label = entry.text
            .replace(/\t.*$/, '')
            .replace(/\s*\d+\s*$/, '')
            .trim();
          if (!target) {
            findings.push(`${g.name}: entry « ${label} » links to ${anchor}, on no heading`);
            continue;
          }
          if (normaliseLabel(target.text) !== normaliseLabel(label))
            findings.push(`${g.name}: entry « ${label} » links to heading « ${target.text} »`);
          const printed = /(\d+)\s*$/.exec(entry.text)?.[1];
          if (!printed) continue;
          const plain = target.text.replace(/[\s\u00a0\u202f]+/g, ' ');
          // The heading is a line of its own (a table row may hold the same words).
          const page = pages.findIndex((lines, p) => p > contentsPage && lines.includes(plain));
          if (page + 1 !== Number(printed))
            findings.push(
              `${g.name}: « ${label} » printed page ${printed}, heading on page ${page + 1}`,
            );
        }
      }
      expect(findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
