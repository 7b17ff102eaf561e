/**
 * Small cells of the demo convention's documents cannot be recovered: the activity reports
 * of every year and the bilan are generated from the database, read back as Word text, and
 * an independent attacker (tests/unit/reports/attacker.ts) tries every value of every masked
 * cell under every sum the documents print, across the documents.
 */
import { readFileSync } from 'node:fs';
import { addMonths, format, parse } from 'date-fns';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatEuros } from '../../shared/format';
import { sharedFixture } from '../fixtures/sharedFixtures';
import { Attacker, readActivityReport, readFinalReport, tablesOf } from '../unit/reports/attacker';
import { openDocx, paragraphs, rowOf } from '../unit/reports/docxXml';
import { testBackend, type TestBackend } from './helpers/testBackend';

let backend: TestBackend;
let conventionId: number;
const documents = new Map<string, string>();

async function generated(kind: 'activity' | 'final', yearIndex: number | null): Promise<string> {
  const entry = await backend.call('reports.generate', {
    conventionId,
    kind,
    yearIndex,
    allowDraft: true,
  });
  const file = await backend.call('reports.file', { id: entry.id });
  return (await openDocx(Buffer.from(file.contentBase64, 'base64'))).document;
}

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const list = await backend.call('conventions.list', {});
  conventionId = list.find((c) => c.reference === 'DEMO-O2R-BRE-2025-035')!.id;
  // The demo runs 2025–2027 and the test clock is in 2026: year 3 has not begun.
  documents.set('activity1', await generated('activity', 1));
  documents.set('activity2', await generated('activity', 2));
  documents.set('final', await generated('final', null));
});
afterAll(() => backend?.dispose());

describe('the demo convention’s documents against an attacker', () => {
  test('no masked cell can be pinned to one value from everything the documents print', () => {
    const attacker = new Attacker();
    readActivityReport(attacker, documents.get('activity1')!);
    readActivityReport(attacker, documents.get('activity2')!);
    readFinalReport(attacker, documents.get('final')!);
    const masked = [...attacker.cells.values()].filter((cell) => cell.kind !== 'known');
    // Not a vacuous pass: the demo has small cells, and some masked only for a total.
    expect(masked.filter((cell) => cell.kind === 'small').length).toBeGreaterThanOrEqual(3);
    expect(masked.some((cell) => cell.kind === 'secondary')).toBe(true);
    expect(attacker.sums.length).toBeGreaterThan(20);
    expect(attacker.infeasible).toEqual([]);
    // The same figure is printed the same way in every document.
    expect(attacker.conflicts).toEqual([]);
    expect(attacker.recovered()).toEqual([]);
  });

  test('the attacker does recover the year-1 orientations from the unprotected figures', () => {
    // What the bilan printed before secondary suppression: « < 5 », 19, total 23.
    const attacker = new Attacker();
    attacker.see('Année 1|orientations', '< 5');
    attacker.see('Année 2|orientations', '19');
    attacker.see('CPO|orientations', '23');
    attacker.sum('CPO|orientations', ['Année 1|orientations', 'Année 2|orientations']);
    expect(attacker.recovered()).toEqual([{ name: 'Année 1|orientations', value: 4 }]);
  });

  test('the year-2 figures are masked alike in its activity report and in the bilan', () => {
    const activity = tablesOf(documents.get('activity2')!).find(
      (rows) => rows[0]?.[0] === 'Indicateur',
    )!;
    const final = tablesOf(documents.get('final')!).find(
      (rows) => rows[0]?.[0] === 'Indicateur' && rows[0].includes('Total réalisé'),
    )!;
    const year2 = final[0]!.findIndex((label) => label.startsWith('Année 2 (2026) réalisé'));
    expect(year2).toBeGreaterThan(0);
    let compared = 0;
    for (const row of activity.slice(1)) {
      const same = final.find((candidate) => candidate[0] === row[0]);
      if (!same || row[1] === 'non renseigné') continue;
      expect(same[year2], row[0]).toBe(row[1]);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
  });

  test('the bilan: 2026 in progress, 2027 not begun, targets of the years begun only', () => {
    const xml = documents.get('final')!;
    const header = tablesOf(xml).find((rows) => rows[0]?.includes('Total réalisé'))![0]!;
    expect(header).toContain('Année 2 (2026) réalisé au 23/11/2026 (en cours)');
    // Entries: the people fixture (expected.json) gives 79 in 2025 and 69 in 2026; the demo's
    // targets are 80, 100 and 95 (2027, not begun, is left out of the total target).
    expect(rowOf(xml, 'Entrées en accompagnement')).toEqual([
      'Entrées en accompagnement',
      '79',
      '80',
      '69',
      '100',
      '—',
      '95',
      '148',
      '180',
      '82\u00a0%',
    ]);
    // Nothing was ever recorded: « non renseigné », not 0 % / 0.
    expect(rowOf(xml, 'Part des freins levés')?.[1]).toBe('non renseigné');
    // Follow-ups: none was due in 2025; in 2026 (to 23/11), those due were not recorded.
    const followUps = rowOf(xml, 'Personnes en emploi ou formation 6 mois après la sortie');
    expect(followUps?.[1]).toBe('aucun suivi dû');
    const due2026 = followUpsDueInFixture('2026-01-01', '2026-11-23');
    expect(due2026).toBeGreaterThan(0);
    expect(followUps?.[3]).toBe(`non renseigné (${due2026} dus)`);
  });
});

/** Exits of the people fixture behind the demo whose six-month follow-up falls in a window. */
function followUpsDueInFixture(from: string, to: string): number {
  const [header, ...lines] = readFileSync(sharedFixture('people', 'suivi-2025-2026.csv'), 'latin1')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(';'));
  const column = header!.indexOf('Date de sortie');
  return lines.filter((cells) => {
    const exit = cells[column];
    if (!exit) return false;
    const due = format(addMonths(parse(exit, 'dd/MM/yyyy', new Date()), 6), 'yyyy-MM-dd');
    return due >= from && due <= to;
  }).length;
}

describe('the demo’s activity reports say what is known and what is not', () => {
  test('2025: no follow-up due: « aucun suivi dû », not « non renseigné » nor 0', () => {
    const xml = documents.get('activity1')!;
    expect(followUpsDueInFixture('2025-01-01', '2025-12-31')).toBe(0);
    expect(rowOf(xml, 'Personnes en emploi ou formation 6 mois après la sortie')?.[1]).toBe(
      'aucun suivi dû',
    );
    expect(rowOf(xml, 'Part des freins levés')?.[1]).toBe('non renseigné');
    expect(paragraphs(xml).join('\n')).toContain(
      'Aucun suivi à six mois n’était encore dû pour les personnes sorties.',
    );
  });

  test('2026, in progress: follow-ups due up to the report date against those done', () => {
    const xml = documents.get('activity2')!;
    const due = followUpsDueInFixture('2026-01-01', '2026-11-23');
    expect(due).toBeGreaterThan(5);
    const text = paragraphs(xml).join('\n');
    expect(text).toMatch(
      new RegExp(
        // The Word writer puts no-break spaces before « : » and « ; » (French typography).
        `au plus tard le 23/11/2026\\)\\s?: ${due}\\s?; réalisés \\(situation saisie\\)\\s?: 0\\.`,
      ),
    );
    expect(text).toMatch(/Année en cours\s?: chiffres arrêtés au 23\/11\/2026\./);
    expect(text).toMatch(/Indicateurs\s?: réalisé au 23\/11\/2026 \(année en cours\)/);
  });

  test('the net SIEG cost per person is computed: (K − R) / persons accompanied', () => {
    // The demo's 2025 accounts give K − R = 274 020,38 € for the SIEG (its finances file);
    // the people fixture 79 persons accompanied in 2025 (expected.json).
    const people = JSON.parse(readFileSync(sharedFixture('people', 'expected.json'), 'utf8')) as {
      entered_accompaniment_2025: number;
    };
    const xml = documents.get('activity1')!;
    expect(rowOf(xml, 'Coût net SIEG par personne accompagnée')?.[1]).toBe(
      formatEuros(Math.round(27_402_038 / people.entered_accompaniment_2025)),
    );
    expect(paragraphs(xml).join('\n')).toMatch(/\(coût du service K − autres recettes R\)/);
    // 2026 has no accounts yet: no figure, and the report says why.
    const xml2 = documents.get('activity2')!;
    expect(rowOf(xml2, 'Coût net SIEG par personne accompagnée')?.[1]).toBe('—');
    expect(paragraphs(xml2).join('\n')).toContain('Non calculable avant l’import des comptes');
  });

  test('volet 4: each meeting of the year with its date, partners and decisions', () => {
    // Read from the demo's own data file, not from the report service.
    const demo = JSON.parse(
      readFileSync('resources/demo/horizons-emploi-35-activite.json', 'utf8'),
    ) as {
      partners: { name: string }[];
      coordination: {
        date: string;
        kind: string;
        title: string;
        decisions: string;
        partners: number[];
      }[];
    };
    const kinds: Record<string, string> = {
      coordination: 'Action de coordination',
      cte: "Comité territorial pour l'emploi",
      copil: 'Comité de pilotage (COPIL)',
      other_committee: 'Autre instance',
    };
    // The Word writer sets French typography (’, no-break spaces): compare without it.
    const plain = (text: string) => text.replace(/’/g, "'").replace(/[\u00a0\u202f]/g, ' ');
    const expected = demo.coordination
      .filter((event) => event.date.startsWith('2025'))
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((event) => [
        event.date.split('-').reverse().join('/'),
        // The instance named once: the title alone when it already starts with the kind.
        plain(event.title)
          .toLowerCase()
          .startsWith(plain(kinds[event.kind]!.replace(/ \(.*\)$/, '')).toLowerCase())
          ? event.title
          : `${kinds[event.kind]} — ${event.title}`,
        // In alphabetical order.
        event.partners
          .map((index) => demo.partners[index]!.name)
          .sort((a, b) => a.localeCompare(b, 'fr'))
          .join(', ') || '—',
        event.decisions || '—',
      ]);
    expect(expected.length).toBeGreaterThan(2);
    const table = tablesOf(documents.get('activity1')!).find(
      (rows) => rows[0]?.[0] === 'Date' && rows[0][3] === 'Décisions',
    )!;
    expect(table.slice(1).map((row) => row.map(plain))).toEqual(
      expected.map((row) => row.map(plain)),
    );
  });

  test('shares of a table add up to the printed total; equal counts print equal shares', () => {
    const xml = documents.get('activity1')!;
    let checked = 0;
    for (const rows of tablesOf(xml)) {
      const printedTotal = /^(\d+)\u00a0%$/.exec(rows.at(-1)?.[2] ?? '');
      if (rows[0]?.[2] !== 'Part' || rows.at(-1)?.[0] !== 'Total' || !printedTotal) continue;
      const body = rows.slice(1, -1).filter((row) => /^\d+\u00a0%$/.test(row[2] ?? ''));
      if (body.length !== rows.length - 2) continue;
      const total = Number(rows.at(-1)![1]!.replace(/\D/g, ''));
      const counts = body.map((row) => Number(row[1]!.replace(/\D/g, '')));
      const percents = body.map((row) => Number(row[2]!.replace(/\D/g, '')));
      // 100 %, or a little off when equal counts could not take the last points alike.
      expect(
        percents.reduce((a, b) => a + b, 0),
        rows[0]![0],
      ).toBe(Number(printedTotal[1]));
      expect(Math.abs(Number(printedTotal[1]) - 100)).toBeLessThan(body.length);
      body.forEach((row, index) => {
        const exact = (100 * counts[index]!) / total;
        expect(Math.abs(percents[index]! - exact)).toBeLessThan(1);
        counts.forEach((other, j) => {
          if (other === counts[index]) expect(percents[j], rows[0]![0]).toBe(percents[index]);
        });
      });
      checked += 1;
    }
    // Canal, lieu (the one that added up to 101 %), sexe, âge, éligibilité.
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});

describe('a comment per volet', () => {
  test('printed under its volet when written; an empty one makes no draft', async () => {
    await backend.call('narratives.set', {
      conventionId,
      yearIndex: 1,
      section: 'volet2',
      text: 'Ateliers collectifs hebdomadaires à Fougères et Vitré.',
    });
    const check = await backend.call('reports.check', {
      conventionId,
      kind: 'activity',
      yearIndex: 1,
    });
    expect(JSON.stringify(check)).not.toMatch(/Volet \d/);
    const texts = paragraphs(await generated('activity', 1));
    // The last one: the first is the entry of the table of contents.
    const heading = texts.lastIndexOf('Volet 2 — Remobilisation');
    expect(heading).toBeGreaterThan(0);
    expect(texts[heading + 1]).toBe('Ateliers collectifs hebdomadaires à Fougères et Vitré.');
    // Volet 3 has none: its heading is followed by its figures, not by a placeholder.
    const volet3 = texts.lastIndexOf('Volet 3 — Accompagnement socio-professionnel');
    expect(texts[volet3 + 1]).not.toMatch(/commentaire|saisi/i);
  });
});
