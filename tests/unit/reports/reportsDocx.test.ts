/**
 * The three reports as Word files: built from the sample models, unzipped, and read as XML.
 * Expected figures are computed here from the models, with their own French formatter, so a
 * mistake in the builders cannot hide in the expectation.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildActivityContent,
  buildFinalContent,
  buildFinancialContent,
  renderDocx,
  tablesToCsv,
  tablesToXlsx,
} from '../../../electron/backend/reports';
import { tablesOf } from '../../../electron/backend/reports/content';
import { openDocx, paragraphs, rowOf, tableRows, type DocxParts } from './docxXml';
import {
  CANARY,
  sampleActivityModel,
  sampleFinalModel,
  sampleFinancialModel,
} from './sampleModels';

const NBSP = '\u00a0';
/** fr-FR as Intl writes it, with the narrow no-break spaces turned into no-break spaces. */
const euro = (cents: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
    .format(cents / 100)
    .replace(/[\u202f\u00a0]/g, NBSP);
const int = (value: number) =>
  new Intl.NumberFormat('fr-FR').format(value).replace(/[\u202f\u00a0]/g, NBSP);

function expectWordStructure(docx: DocxParts, operator: string, reference: string) {
  // Heading styles (navigation pane) used in the body and defined in the styles.
  expect(docx.document).toContain('<w:pStyle w:val="Heading1"/>');
  expect(docx.document).toContain('<w:pStyle w:val="Heading2"/>');
  expect(docx.styles).toMatch(/w:styleId="Heading1"/);
  expect(docx.styles).toMatch(/w:styleId="Heading2"/);
  expect(docx.styles).toContain('w:ascii="Arial"');
  // Contents: links to bookmarks on the headings (docxMechanics.test.ts checks each one),
  // no TOC field whose cached page numbers go stale, no « update fields? » prompt.
  expect(docx.document).toMatch(/<w:hyperlink [^>]*w:anchor="titre1"/);
  expect(docx.document).not.toMatch(/<w:instrText[^>]*>\s*TOC \\/);
  expect(docx.settings).not.toMatch(/<w:updateFields/);
  // Header with the operator and the convention; footer "Page X sur Y".
  expect(docx.headers.length).toBeGreaterThan(0);
  for (const header of docx.headers) {
    expect(paragraphs(header).join(' ')).toContain(operator);
    expect(paragraphs(header).join(' ')).toContain(reference);
  }
  expect(docx.footers.length).toBeGreaterThan(0);
  for (const footer of docx.footers) {
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*</);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*</);
    const text = paragraphs(footer).join('');
    expect(text).toContain('Page ');
    expect(text).toContain(' sur ');
  }
  // Repeated header rows; A4.
  expect(docx.document).toContain('<w:tblHeader/>');
  expect(docx.document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  // Nothing planted in the model's archive fields reaches the file.
  expect(docx.all).not.toContain(CANARY);
}

describe('rapport d’activité annuel', () => {
  const model = sampleActivityModel();
  let docx: DocxParts;
  let text: string;

  beforeAll(async () => {
    docx = await openDocx(await renderDocx(buildActivityContent(model)));
    text = paragraphs(docx.document).join('\n');
  });

  it('has the Word structure a reader expects', () => {
    expectWordStructure(docx, model.operator.name, model.convention.reference);
    expect(text).toContain('Sommaire');
  });

  it('has a cover page with operator, convention, year, DREETS and the date of generation', () => {
    expect(rowOf(docx.document, 'Organisme')?.[1]).toBe(model.operator.name);
    expect(rowOf(docx.document, 'Convention')?.[1]).toBe(model.convention.reference);
    expect(rowOf(docx.document, 'Année')?.[1]).toBe('Année 1 (2025)');
    expect(rowOf(docx.document, 'Service instructeur')?.[1]).toBe('DREETS Bretagne');
    expect(rowOf(docx.document, 'Document établi le')?.[1]).toBe('18 mai 2026');
    expect(docx.all).not.toContain('PROJET');
  });

  it('prints the figures in French format', () => {
    const contacts = rowOf(docx.document, 'Contacts établis en repérage');
    expect(contacts).toEqual([
      'Contacts établis en repérage',
      `1${NBSP}234`,
      `1${NBSP}000`,
      `${int(Math.round((1234 / 1000) * 100))}${NBSP}%`,
    ]);
    expect(rowOf(docx.document, 'Coût net SIEG par personne accompagnée')?.[1]).toBe(euro(198_765));
    expect(rowOf(docx.document, 'Durée moyenne d’accompagnement')?.[1]).toBe(`7,4 mois`);
    const exits = model.exits.byType;
    const total = exits.reduce((sum, entry) => sum + entry.count, 0);
    const positive = exits.filter((entry) => entry.positive).reduce((s, e) => s + e.count, 0);
    expect(text).toContain(
      // The Word writer sets a no-break space before the colon (French typography).
      `Taux de sorties positives${NBSP}: ${Math.round((positive / total) * 100)}${NBSP}% ` +
        `(${positive} sorties positives sur ${total} sorties).`,
    );
  });

  it('masks counts of fewer than 5 people, and the cell a total would give away', () => {
    expect(rowOf(docx.document, 'Venue spontanée')).toEqual(['Venue spontanée', '< 5', '—']);
    // The total (1 234) would reveal the masked 3: the next smallest count is masked too.
    expect(rowOf(docx.document, 'Maraude numérique')).toEqual(['Maraude numérique', 's', '—']);
    expect(rowOf(docx.document, 'Justice')).toEqual(['Justice', '< 5', '< 5', 'effectif < 5']);
    // Exits by group, detail where it survives: 19 + « < 5 » under a masked group.
    expect(rowOf(docx.document, 'dont Déménagement')?.[1]).toBe('< 5');
    expect(rowOf(docx.document, 'Abandons, pertes de contact, déménagements')?.[1]).toBe('s');
    expect(rowOf(docx.document, 'Autres motifs de sortie')?.[1]).toBe('< 5');
    expect(text).toContain('Secret statistique');
  });

  it('right-aligns numbers', () => {
    const row = /<w:tr[ >](?:(?!<\/w:tr>)[\s\S])*?Personnes repérées[\s\S]*?<\/w:tr>/.exec(
      docx.document,
    )![0];
    const cells = [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((match) => match[0]);
    expect(cells[0]).not.toContain('<w:jc w:val="right"/>');
    expect(cells[1]).toContain('<w:jc w:val="right"/>');
  });

  it('draws the charts as SVG with a PNG fallback and alt text in French', () => {
    expect(docx.media.some((name) => name.endsWith('.svg'))).toBe(true);
    expect(docx.media.some((name) => name.endsWith('.png'))).toBe(true);
    expect(docx.document).toContain('svgBlip');
    expect(docx.document).toMatch(/<wp:docPr[^>]*descr="Graphique en barres du parcours/);
    const svg = docx.all;
    expect(svg).toContain('Entrées en accompagnement');
    expect(svg).toContain('Réalisé, en % de la cible');
  });

  it('prints the narratives, or says they are missing', async () => {
    expect(text).toContain('premières maraudes à Vitré');
    const empty = await openDocx(
      await renderDocx(
        buildActivityContent(
          sampleActivityModel({ narratives: { highlights: '', difficulties: ' ', outlook: '' } }),
        ),
      ),
    );
    expect(paragraphs(empty.document)).toContain('Aucune difficulté n’a été saisie.');
  });

  it('marks a draft in the header and lists what is missing on the cover', async () => {
    const draft = await openDocx(
      await renderDocx(
        buildActivityContent(
          sampleActivityModel({ draft: true, missingItems: ['Cibles 2025 non saisies'] }),
        ),
      ),
    );
    for (const header of draft.headers)
      expect(paragraphs(header)).toContain('PROJET — document incomplet');
    const cover = paragraphs(draft.document);
    expect(cover).toContain('Éléments manquants avant envoi :');
    expect(cover).toContain('Cibles 2025 non saisies');
  });
});

describe('compte rendu financier', () => {
  const model = sampleFinancialModel();
  let docx: DocxParts;
  let text: string;
  const actual = (code: string) => model.rows.find((row) => row.code === code)?.actual ?? 0;
  const forecast = (code: string) => model.rows.find((row) => row.code === code)?.forecast ?? 0;
  const chargeCodes = ['60', '61', '62', '63', '64', '65', '66', '67', '68', 'indirect'];

  beforeAll(async () => {
    docx = await openDocx(await renderDocx(buildFinancialContent(model)));
    text = paragraphs(docx.document).join('\n');
  });

  it('has the Word structure, with the CERFA table in a landscape section', () => {
    expectWordStructure(docx, model.operator.name, model.convention.reference);
    expect(docx.document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it('prints the CERFA rows with forecast, actual, % réalisé, gap and flag', () => {
    const gap = actual('62') - forecast('62');
    // The form's % column: réalisation / prévision, one decimal.
    const realised = Math.round((actual('62') / forecast('62')) * 1000) / 10;
    expect(rowOf(docx.document, '62 — Autres services extérieurs')).toEqual([
      '62 — Autres services extérieurs',
      euro(forecast('62')),
      euro(actual('62')),
      `${realised.toString().replace('.', ',')}${NBSP}%`,
      `+${euro(gap)}`,
      euro(1_200_000),
      'oui',
    ]);
    const totalCharges = chargeCodes.reduce((sum, code) => sum + actual(code), 0);
    expect(rowOf(docx.document, 'Total des charges')?.[2]).toBe(euro(totalCharges));
    expect(euro(totalCharges)).toBe(`154${NBSP}342,57${NBSP}€`);
    expect(rowOf(docx.document, 'TOTAL')?.[2]).toBe(euro(totalCharges + actual('86')));
    // Every 74 row of the form is printed, even at zero; their subtotal follows them.
    expect(rowOf(docx.document, '74 — Région(s)')?.slice(1, 3)).toEqual([euro(0), euro(0)]);
    const subsidies = ['74_state_o2r', '74_department', '74_commune', '74_eu'];
    expect(rowOf(docx.document, '74 — Total des subventions d’exploitation')?.[2]).toBe(
      euro(subsidies.reduce((sum, code) => sum + actual(code), 0)),
    );
    expect(rowOf(docx.document, 'Conseil départemental d’Ille-et-Vilaine')?.[3]).toBe(
      euro(1_500_000),
    );
  });

  it('explains each significant gap in the annex', () => {
    // The annex rows: label, gap €, gap %, explanation.
    const annexRow = (label: string) =>
      tableRows(docx.document).find((cells) => cells[0] === label && cells.length === 4);
    expect(annexRow('74 — Fonds européens (FSE+…)')?.[3]).toContain('décision attendue en 2026');
    expect(annexRow('70 — Ventes, prestations de services')?.[3]).toBe('Explication à fournir.');
    // A row under both thresholds is not in the annex.
    expect(annexRow('64 — Charges de personnel')).toBeUndefined();
    expect(rowOf(docx.document, 'Locaux du siège')?.[2]).toBe(`120 / 200 (60,0${NBSP}%)`);
    expect(rowOf(docx.document, 'Locaux du siège')?.[4]).toBe(euro(216_000));
  });

  it('prints the SIEG control and its conclusion', () => {
    const oc = 900_000;
    expect(
      rowOf(docx.document, 'Solde C + R − K − BR + report (OC, surcompensation si positif)')?.[1],
    ).toBe(`+${euro(oc)}`);
    expect(rowOf(docx.document, 'Seuil de 10\u00a0%')?.[1]).toBe(euro(12_000_000 / 10));
    expect(rowOf(docx.document, 'Solde de l’année C + R − K − BR')).toEqual([
      'Solde de l’année C + R − K − BR',
      euro(500_000),
      euro(200_000),
      euro(200_000),
      euro(900_000),
    ]);
    expect(text).toContain('elle est reportée sur la période suivante');
  });

  it('prints the de minimis block instead under that regime', async () => {
    const deMinimis = await openDocx(
      await renderDocx(
        buildFinancialContent(
          sampleFinancialModel({
            sieg: {
              regime: 'sieg_de_minimis',
              ceiling: 75_000_000,
              grantedRolling3Years: 36_000_000,
              remaining: 39_000_000,
            },
          }),
        ),
      ),
    );
    expect(rowOf(deMinimis.document, 'Montant encore disponible')?.[1]).toBe(euro(39_000_000));
    expect(deMinimis.document).not.toContain('Solde C + R − K − BR + report');
  });

  it('ends with the attestation and a signature space', () => {
    expect(text).toContain('Attestation du représentant légal');
    expect(text).toContain('Fait à Rennes, le 20 mai 2026');
    expect(text).toContain('Claire Martin, présidente');
    expect(docx.document).toContain('<w:pageBreakBefore/>');
  });
});

describe('bilan final', () => {
  const model = sampleFinalModel();
  let docx: DocxParts;

  beforeAll(async () => {
    docx = await openDocx(await renderDocx(buildFinalContent(model)));
  });

  it('puts the three years side by side, cumulated, in landscape', () => {
    expectWordStructure(docx, model.operator.name, model.convention.reference);
    expect(docx.document).toContain('w:orient="landscape"');
    expect(rowOf(docx.document, 'Contacts établis en repérage')).toEqual([
      'Contacts établis en repérage',
      `1${NBSP}234`,
      `1${NBSP}000`,
      `1${NBSP}410`,
      `1${NBSP}200`,
      `1${NBSP}502`,
      `1${NBSP}300`,
      `4${NBSP}146`,
      `3${NBSP}500`,
      `${Math.round((4146 / 3500) * 100)}${NBSP}%`,
    ]);
    // 3 entries in the last year: masked; with the total (322) and 171 in 2026 printed, the
    // 2025 figure (148) would give it back: it is masked too.
    expect(rowOf(docx.document, 'Entrées en accompagnement')?.slice(1, 8)).toEqual([
      's',
      '160',
      '171',
      '170',
      '< 5',
      '170',
      '322',
    ]);
    const staff = model.finances.find((entry) => entry.code === '64')!;
    const staffTotal = staff.byYear.reduce((sum, year) => sum + (year.actual ?? 0), 0);
    // Columns: 3 × (prévision, réalisation), total prévision, prévision of the years with a
    // réalisation (what the réalisation compares with), total réalisation, gap.
    const staffRealisedForecast = staff.byYear
      .filter((year) => year.actual !== null)
      .reduce((sum, year) => sum + year.forecast, 0);
    const staffRow = rowOf(docx.document, '64 — Charges de personnel');
    expect(staffRow?.[8]).toBe(euro(staffRealisedForecast));
    expect(staffRow?.[9]).toBe(euro(staffTotal));
    expect(paragraphs(docx.document).join('\n')).toContain(
      'Contrôle final de la surcompensation (SIEG)',
    );
  });
});

describe('tables exported as CSV and XLSX', () => {
  const content = buildActivityContent(sampleActivityModel());

  it('writes a French CSV: BOM, semicolons, the cells as printed', () => {
    const csv = tablesToCsv(content);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('Canal;Effectif;Part\r\n');
    expect(csv).toContain('Venue spontanée;< 5;—');
    expect(csv).toContain(`Total;1${NBSP}234;100${NBSP}%`);
    expect(csv).not.toContain(CANARY);
    // A field holding the separator is quoted.
    expect(csv).toMatch(/"[^"]*Secret statistique[^"]*;[^"]*"/);
  });

  it('writes one sheet per table', async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its Buffer before Node's generic Buffer; the bytes are the same.
    const xlsx = await tablesToXlsx(content);
    await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets).toHaveLength(tablesOf(content).length);
    const sheet = workbook.getWorksheet('Contacts par canal')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Canal');
    expect(sheet.getRow(6).values).toEqual([undefined, 'Venue spontanée', '< 5', '—']);
  });
});
