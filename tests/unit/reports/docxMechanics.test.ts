/**
 * The Word mechanics of the three reports, read from the files: the contents are links to
 * bookmarks on the headings (no page number that can go stale, no « update fields? »
 * prompt), the file's properties say what and whose it is, and the text is set in French
 * typography (’, −, no-break space before « : ; ! ? »). Where LibreOffice is installed, the
 * PDF it makes shows each heading of the contents on a page after the contents.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildActivityContent,
  buildFinalContent,
  buildFinancialContent,
  renderDocx,
} from '../../../electron/backend/reports';
import { typographic } from '../../../electron/backend/reports/typography';
import { openDocx, paragraphs, type DocxParts } from './docxXml';
import { convertToPdf, missingPdfTools, pdfPages } from './pdf';
import { sampleActivityModel, sampleFinalModel, sampleFinancialModel } from './sampleModels';

const AUTHOR = 'Camille Testeur';

const documents = {
  activite: () => buildActivityContent(sampleActivityModel()),
  financier: () => buildFinancialContent(sampleFinancialModel()),
  bilan: () => buildFinalContent(sampleFinalModel()),
};
type Name = keyof typeof documents;

const files = {} as Record<Name, { buffer: Buffer; docx: DocxParts }>;

beforeAll(async () => {
  for (const [name, build] of Object.entries(documents) as [Name, () => never][]) {
    const buffer = await renderDocx(build(), { author: AUTHOR });
    files[name] = { buffer, docx: await openDocx(buffer) };
  }
});

function unescape(text: string) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The contents: each link's anchor and text, in order. */
function contentsEntries(document: string) {
  return [
    ...document.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"[^>]*>([\s\S]*?)<\/w:hyperlink>/g),
  ].map((match) => ({ anchor: match[1]!, text: paragraphs(`<w:p>${match[2]}</w:p>`)[0]! }));
}

/** Heading paragraphs: style level, bookmark names on them, text. */
function headings(document: string) {
  return [...document.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)]
    .map((match) => match[0])
    .filter((xml) => /<w:pStyle w:val="Heading[12]"\/>/.test(xml))
    .map((xml) => ({
      bookmarks: [...xml.matchAll(/<w:bookmarkStart w:name="([^"]+)"/g)].map((m) => m[1]!),
      text: paragraphs(xml)[0]!,
    }));
}

describe.each(Object.keys(documents) as Name[])('%s', (name) => {
  it('lists every level 1–2 heading in the contents, as a link to its bookmark', () => {
    const { document } = files[name].docx;
    const entries = contentsEntries(document);
    const heads = headings(document);
    expect(entries.length).toBeGreaterThan(3);
    // One entry per heading, in the same order, each pointing at the bookmark on it.
    expect(entries.map((entry) => entry.text)).toEqual(heads.map((head) => head.text));
    for (const [index, entry] of entries.entries()) {
      expect(heads[index]!.bookmarks, entry.text).toContain(entry.anchor);
    }
    expect(new Set(entries.map((entry) => entry.anchor)).size).toBe(entries.length);
    // No TOC field: nothing for Word to update, no cached page number to go stale.
    expect(document).not.toMatch(/TOC \\/);
    expect(files[name].docx.settings).not.toMatch(/updateFields/);
  });

  it('says in its properties what it is and who generated it', () => {
    const core = unescape(files[name].docx.core);
    const content = documents[name]();
    const title = /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1];
    expect(title).toMatch(new RegExp(`^${typographic(content.title)} — `));
    // The year (or the whole period) the document covers.
    expect(title).toMatch(/20\d\d/);
    expect(/<dc:creator>([^<]*)<\/dc:creator>/.exec(core)?.[1]).toBe(AUTHOR);
    expect(/<cp:lastModifiedBy>([^<]*)</.exec(core)?.[1]).toBe(AUTHOR);
    expect(/<dc:subject>([^<]*)</.exec(core)?.[1]).toContain(content.header.conventionReference);
    expect(core).not.toMatch(/Un-named/i);
  });

  it('is set in French typography', () => {
    const { document, headers, footers } = files[name].docx;
    const text = [document, ...headers, ...footers].flatMap(paragraphs).join('\n');
    expect(text).not.toContain("'");
    // A hyphen-minus as a sign (not inside "DEMO-2025" or "18-25"): a minus sign instead.
    expect(text).not.toMatch(/(?<![\p{L}\p{N}-])-\d/u);
    // The sample models hold negative figures: they are printed with U+2212.
    if (name === 'financier') expect(text).toMatch(/\u2212\d/);
    // A plain space, or none, before a double punctuation mark.
    expect(text).not.toMatch(/ [:;!?]/);
    expect(text).not.toMatch(/\p{L}[;!?](?=\s|$)/mu);
    expect(text).not.toMatch(/\p{L}:(?=\s|$)/mu);
  });
});

describe('typographic', () => {
  it.each([
    ["l'organisme", 'l’organisme'],
    ['Solde : -3 000,00 €', 'Solde\u00a0: \u22123 000,00 €'],
    ['(-16,0 %)', '(\u221216,0 %)'],
    ['DEMO-O2R-BRE-2025-035', 'DEMO-O2R-BRE-2025-035'],
    ['18-25 ans', '18-25 ans'],
    ['Pourquoi ? Parce que ; enfin !', 'Pourquoi\u00a0? Parce que\u00a0; enfin\u00a0!'],
    ['Note: voir', 'Note\u00a0: voir'],
    ['à 10:30, https://exemple.fr/?a=1', 'à 10:30, https://exemple.fr/?a=1'],
    ['« Faits marquants »', '«\u00a0Faits marquants\u00a0»'],
  ])('%j → %j', (input, output) => {
    expect(typographic(input)).toBe(output);
  });
});

describe.skipIf(missingPdfTools.length > 0)('contents of the PDF made by LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pilote-cpo-sommaire-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each entry’s heading is on a page after the contents, in order', () => {
    for (const [name, { buffer }] of Object.entries(files))
      writeFileSync(join(dir, `${name}.docx`), buffer);
    convertToPdf(dir, Object.keys(files));
    for (const name of Object.keys(files) as Name[]) {
      const pages = pdfPages(join(dir, `${name}.pdf`));
      const contentsPage = pages.findIndex((page) => page.includes('Sommaire'));
      expect(contentsPage, name).toBeGreaterThanOrEqual(1);
      const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');
      let previous = contentsPage + 1;
      for (const entry of contentsEntries(files[name].docx.document)) {
        const page = pages.findIndex(
          (text, index) => index >= previous && text.includes(plain(entry.text)),
        );
        expect(page, `${name}: « ${entry.text} »`).toBeGreaterThan(contentsPage);
        previous = page;
      }
    }
  }, 180_000);
});
