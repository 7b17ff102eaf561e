/**
 * An independent reader of the generated Word files, for tests: it knows nothing of the
 * app's report model and reads only what a person opening the file would see — the body's
 * paragraphs (with their heading level, bookmarks and internal links) and its tables as
 * cell texts, each table named by the caption or heading printed just above it, and each
 * row flagged when it is printed as a total (bold and shaded, blue) or a subtotal (bold and
 * shaded, grey). It is keyed on texts, never on positions, so the layout may move.
 */
import JSZip from 'jszip';

export interface DocParagraph {
  text: string;
  /** 1–9 for a heading (style HeadingN), else null. */
  heading: number | null;
  /** Bookmarks opened in the paragraph (what an internal link can point at). */
  bookmarks: string[];
  /** Anchors of the internal hyperlinks in the paragraph (a table of contents' entries). */
  anchors: string[];
  /** Field codes inside the paragraph (PAGEREF, TOC…), as written. */
  fields: string[];
}

export type RowEmphasis = 'total' | 'subtotal' | null;

export interface DocRow {
  cells: string[];
  emphasis: RowEmphasis;
}

export interface DocTable {
  /** The caption or heading printed just above the table. */
  title: string;
  /** The repeated header row(s), as the reader sees them; [] for a key/value table. */
  header: string[];
  rows: DocRow[];
}

export interface DocBody {
  /** Paragraphs and tables in the order of the document (paragraphs inside tables excluded). */
  blocks: ({ kind: 'paragraph'; paragraph: DocParagraph } | { kind: 'table'; table: DocTable })[];
  paragraphs: DocParagraph[];
  headings: DocParagraph[];
  tables: DocTable[];
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}

/** The visible text of a fragment: w:t runs, tabs and breaks; deleted text and field codes excluded. */
function visibleText(xml: string): string {
  let out = '';
  for (const match of xml.matchAll(
    /<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:t\/>|<w:tab\/>|<w:br\/>|<w:noBreakHyphen\/>/g,
  )) {
    if (match[1] !== undefined) out += unescapeXml(match[1]);
    else if (match[0] === '<w:tab/>') out += '\t';
    else if (match[0] === '<w:br/>') out += '\n';
    else if (match[0] === '<w:noBreakHyphen/>') out += '-';
  }
  return out;
}

function readParagraph(xml: string): DocParagraph {
  const style = /<w:pStyle w:val="([^"]*)"/.exec(xml)?.[1] ?? '';
  const level = /^(?:Heading|Titre)(\d)$/i.exec(style)?.[1];
  return {
    text: visibleText(xml),
    heading: level ? Number(level) : null,
    bookmarks: [...xml.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]*)"/g)].map((m) => m[1]!),
    anchors: [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]*)"/g)].map((m) => m[1]!),
    fields: [
      ...[...xml.matchAll(/<w:instrText(?: [^>]*)?>([^<]*)<\/w:instrText>/g)].map((m) =>
        unescapeXml(m[1]!).trim(),
      ),
      ...[...xml.matchAll(/<w:fldSimple [^>]*w:instr="([^"]*)"/g)].map((m) =>
        unescapeXml(m[1]!).trim(),
      ),
    ],
  };
}

/** Top-level elements of `xml` with the given tag names, nesting respected. */
function topLevel(xml: string, tags: readonly string[]): { tag: string; xml: string }[] {
  const pattern = new RegExp(`<(/?)(${tags.join('|')})((?: [^>]*)?)(/?)>`, 'g');
  const out: { tag: string; xml: string }[] = [];
  let depth = 0;
  let start = 0;
  let openTag = '';
  for (const match of xml.matchAll(pattern)) {
    const [, closing, tag, , selfClosing] = match;
    if (selfClosing) {
      if (depth === 0) out.push({ tag: tag!, xml: match[0] });
      continue;
    }
    if (!closing) {
      if (depth === 0) {
        start = match.index;
        openTag = tag!;
      }
      if (tag === openTag || depth === 0) depth += 1;
      continue;
    }
    if (tag !== openTag) continue;
    depth -= 1;
    if (depth === 0) out.push({ tag: tag!, xml: xml.slice(start, match.index + match[0].length) });
  }
  return out;
}

/** Whether every run with text in the cell is bold. */
function allBold(cellXml: string): boolean {
  const runs = topLevel(cellXml, ['w:r']).filter((run) => /<w:t[ >]/.test(run.xml));
  return (
    runs.length > 0 && runs.every((run) => /<w:b\/>|<w:b w:val="(?:true|1|on)"\/>/.test(run.xml))
  );
}

function fillOf(cellXml: string): string | null {
  const fill = /<w:shd [^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(cellXml)?.[1];
  return fill && fill.toUpperCase() !== 'FFFFFF' ? fill.toUpperCase() : null;
}

/** A grey has its three channels equal; a total is shaded in a colour, a subtotal in grey. */
function isGrey(fill: string): boolean {
  return fill.slice(0, 2) === fill.slice(2, 4) && fill.slice(2, 4) === fill.slice(4, 6);
}

function readTable(xml: string, title: string): DocTable {
  const header: string[] = [];
  const rows: DocRow[] = [];
  for (const row of topLevel(xml, ['w:tr'])) {
    const cells = topLevel(row.xml, ['w:tc']).map((cell) => cell.xml);
    const texts = cells.map((cell) =>
      topLevel(cell, ['w:p'])
        .map((p) => visibleText(p.xml))
        .join('\n'),
    );
    if (/<w:tblHeader\/>|<w:tblHeader w:val="(?:true|1|on)"\/>/.test(row.xml)) {
      header.push(...texts);
      continue;
    }
    const fills = cells.map(fillOf);
    const emphasised =
      cells.length > 0 && fills.every((fill) => fill !== null) && cells.every(allBold);
    rows.push({
      cells: texts,
      emphasis: emphasised ? (isGrey(fills[0]!) ? 'subtotal' : 'total') : null,
    });
  }
  return { title, header, rows };
}

export function readBody(documentXml: string): DocBody {
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(documentXml)?.[1] ?? '';
  const blocks: DocBody['blocks'] = [];
  let lastText = '';
  for (const element of topLevel(body, ['w:p', 'w:tbl', 'w:sdt'])) {
    if (element.tag === 'w:tbl') {
      const table = readTable(element.xml, lastText);
      blocks.push({ kind: 'table', table });
      lastText = '';
      continue;
    }
    // A content control (the table of contents) holds paragraphs of its own.
    const inner =
      element.tag === 'w:sdt'
        ? topLevel(/<w:sdtContent>([\s\S]*)<\/w:sdtContent>/.exec(element.xml)?.[1] ?? '', ['w:p'])
        : [element];
    for (const p of inner) {
      const paragraph = readParagraph(p.xml);
      blocks.push({ kind: 'paragraph', paragraph });
      if (paragraph.text.trim() !== '') lastText = paragraph.text.trim();
    }
  }
  const paragraphs = blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.paragraph] : []));
  return {
    blocks,
    paragraphs,
    headings: paragraphs.filter((p) => p.heading !== null),
    tables: blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : [])),
  };
}

export interface DocxDocument extends DocBody {
  /** word/document.xml as stored. */
  xml: string;
  /** docProps/core.xml as stored ('' when absent). */
  core: string;
  headerTexts: string[];
  footerTexts: string[];
}

export async function readDocx(buffer: Buffer | Uint8Array): Promise<DocxDocument> {
  const zip = await JSZip.loadAsync(buffer);
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const names = Object.keys(zip.files);
  const xml = await read('word/document.xml');
  return {
    ...readBody(xml),
    xml,
    core: await read('docProps/core.xml'),
    headerTexts: await Promise.all(
      names
        .filter((n) => /^word\/header\d*\.xml$/.test(n))
        .map(async (n) => visibleText(await read(n))),
    ),
    footerTexts: await Promise.all(
      names
        .filter((n) => /^word\/footer\d*\.xml$/.test(n))
        .map(async (n) => visibleText(await read(n))),
    ),
  };
}

/** Normalises a label for comparison: spaces of every kind collapsed, apostrophes and case folded. */
export function normaliseLabel(text: string): string {
  return text
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/[’‘`]/g, "'")
    .trim()
    .toLowerCase();
}

/** Tables whose title matches. */
export function tablesTitled(doc: DocBody, title: RegExp): DocTable[] {
  return doc.tables.filter((table) => title.test(table.title));
}

/** The one table whose title matches; throws, naming the titles there are, otherwise. */
export function tableTitled(doc: DocBody, title: RegExp): DocTable {
  const found = tablesTitled(doc, title);
  if (found.length !== 1)
    throw new Error(
      `${found.length} table(s) titled ${title}; titles: ${doc.tables.map((t) => `« ${t.title} »`).join(', ')}`,
    );
  return found[0]!;
}

/** Index of the header column matching; -1 when none. */
export function columnIndex(table: DocTable, header: RegExp): number {
  return table.header.findIndex((label) => header.test(label));
}

/** The row whose first cell matches. */
export function rowLabelled(table: DocTable, label: RegExp): DocRow | undefined {
  return table.rows.find((row) => label.test(row.cells[0] ?? ''));
}

/** The cell at a row (matched on its first cell) and a column (matched on its header). */
export function cellAt(table: DocTable, row: RegExp, column: RegExp): string {
  const r = rowLabelled(table, row);
  const c = columnIndex(table, column);
  if (!r || c < 0)
    throw new Error(
      `No cell ${row} × ${column} in « ${table.title} » (header: ${table.header.join(' | ')}; rows: ${table.rows.map((x) => x.cells[0]).join(' | ')})`,
    );
  return r.cells[c] ?? '';
}
