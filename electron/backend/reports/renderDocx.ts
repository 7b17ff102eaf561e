/**
 * Report content → Word file. Only layout happens here: every text arrives formatted and
 * masked. Word structure a director and a DREETS reader expect: cover page, table of
 * contents, Heading styles (navigation pane), header with the operator and the convention,
 * "Page X sur Y" footer, repeated table headers, A4 with wide tables in landscape sections.
 */
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  HeightRule,
  LineRuleType,
  ImageRun,
  InternalHyperlink,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { renderChart } from './charts';
import type { Block, ChartBlock, ReportContent, TableBlock } from './content';
import { typographic } from './typography';

export const FONT = 'Arial';
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134; // 2 cm
// Room above the text for the header (and its draft line) so it never runs into the body.
const TOP_MARGIN = 1587;
const TEXT_WIDTH = {
  portrait: A4.width - 2 * MARGIN,
  landscape: A4.height - 2 * MARGIN,
};
const BLUE = '1F4E79';
const LIGHT_BLUE = 'DCE6F1';
const GREY = '595959';
const LIGHT_GREY = 'F2F2F2';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };
const DRAFT_MARK = 'PROJET — document incomplet';
/** Pixels per twip at 96 dpi (1 px = 15 twips). */
const TWIPS_PER_PX = 15;

type Orientation = 'portrait' | 'landscape';

const alignments = {
  left: AlignmentType.LEFT,
  right: AlignmentType.RIGHT,
  center: AlignmentType.CENTER,
} as const;

function cellParagraph(
  text: string,
  align: keyof typeof alignments,
  options: { bold?: boolean; colour?: string; keepNext?: boolean } = {},
): Paragraph {
  return new Paragraph({
    alignment: alignments[align],
    keepNext: options.keepNext ?? false,
    spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [
      new TextRun({
        text: typographic(text),
        bold: options.bold ?? false,
        color: options.colour,
        size: 18,
      }),
    ],
  });
}

function cell(
  text: string,
  align: keyof typeof alignments,
  width: number,
  options: { bold?: boolean; fill?: string; colour?: string; keepNext?: boolean } = {},
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 50, bottom: 50, left: 90, right: 90 },
    shading: options.fill
      ? { type: ShadingType.CLEAR, color: 'auto', fill: options.fill }
      : undefined,
    children: [cellParagraph(text, align, options)],
  });
}

function columnWidths(table: TableBlock, orientation: Orientation): number[] {
  const total = table.columns.reduce((sum, column) => sum + column.weight, 0);
  const width = TEXT_WIDTH[orientation];
  return table.columns.map((column) => Math.floor((column.weight / total) * width));
}

/** Tables up to this many rows are kept on one page (keep-with-next on each row). */
const KEEP_TOGETHER_ROWS = 16;

function renderTable(table: TableBlock, orientation: Orientation): Table {
  const widths = columnWidths(table, orientation);
  const keepTogether = table.rows.length <= KEEP_TOGETHER_ROWS;
  const rows: TableRow[] = [];
  if (!table.keyValue) {
    rows.push(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: table.columns.map((column, index) =>
          cell(column.label, column.align === 'right' ? 'right' : column.align, widths[index]!, {
            bold: true,
            fill: BLUE,
            colour: 'FFFFFF',
            keepNext: true,
          }),
        ),
      }),
    );
  }
  for (const [rowIndex, row] of table.rows.entries()) {
    const keepNext = keepTogether && rowIndex < table.rows.length - 1;
    rows.push(
      new TableRow({
        cantSplit: true,
        children: row.cells.map((text, index) => {
          const first = index === 0;
          const fill = row.emphasis
            ? row.emphasis === 'total'
              ? LIGHT_BLUE
              : LIGHT_GREY
            : table.keyValue && first
              ? LIGHT_GREY
              : undefined;
          return cell(text, table.columns[index]?.align ?? 'left', widths[index]!, {
            bold: Boolean(row.emphasis) || (table.keyValue === true && first),
            fill,
            keepNext,
          });
        }),
      }),
    );
  }
  return new Table({
    width: { size: TEXT_WIDTH[orientation], type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows,
  });
}

function caption(text: string): Paragraph {
  return new Paragraph({
    keepNext: true,
    spacing: { before: 160, after: 80 },
    children: [new TextRun({ text: typographic(text), bold: true, size: 19, color: GREY })],
  });
}

function note(text: string): Paragraph {
  return new Paragraph({
    spacing: { before: 60, after: 120 },
    children: [new TextRun({ text: typographic(text), italics: true, size: 16, color: GREY })],
  });
}

/** Small gap after a table, so the next heading or paragraph does not touch it. */
function after(): Paragraph {
  return new Paragraph({ spacing: { before: 0, after: 120 }, children: [] });
}

async function renderChartBlock(block: ChartBlock, orientation: Orientation): Promise<Paragraph[]> {
  const chart = await renderChart(block.spec);
  const maxWidth = TEXT_WIDTH[orientation] / TWIPS_PER_PX;
  const scale = Math.min(1, maxWidth / chart.width);
  const transformation = {
    width: Math.round(chart.width * scale),
    height: Math.round(chart.height * scale),
  };
  const altText = {
    name: block.id,
    title: typographic(block.title),
    description: typographic(block.altText),
  };
  return [
    caption(`Graphique — ${block.title}`),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: Boolean(block.note),
      spacing: { before: 60, after: block.note ? 0 : 200 },
      children: [
        new ImageRun({
          type: 'svg',
          data: chart.svg,
          transformation,
          altText,
          fallback: { type: 'png', data: chart.png },
        }),
      ],
    }),
    ...(block.note ? [note(block.note)] : []),
  ];
}

const headingLevels = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

/** Headings listed in the contents (levels 1 and 2), each with its bookmark. */
const CONTENTS_LEVELS = 2;

interface ContentsEntry {
  level: 1 | 2;
  text: string;
  anchor: string;
}

/**
 * The contents entries, in order, with a bookmark name per heading. Names are short ASCII
 * (Word limits them to 40 characters, a letter first) and never start with "_" (hidden).
 */
function contentsOf(content: ReportContent): Map<Block, ContentsEntry> {
  const entries = new Map<Block, ContentsEntry>();
  for (const section of content.sections)
    for (const block of section.blocks)
      if (block.kind === 'heading' && block.level <= CONTENTS_LEVELS)
        entries.set(block, {
          level: block.level as 1 | 2,
          text: block.text,
          anchor: `titre${entries.size + 1}`,
        });
  return entries;
}

async function renderBlocks(
  blocks: readonly Block[],
  orientation: Orientation,
  contents: Map<Block, ContentsEntry>,
): Promise<(Paragraph | Table)[]> {
  const out: (Paragraph | Table)[] = [];
  let lastHeading = '';
  for (const [index, block] of blocks.entries()) {
    const next = blocks[index + 1];
    switch (block.kind) {
      case 'heading': {
        lastHeading = block.text;
        const run = new TextRun(typographic(block.text));
        const entry = contents.get(block);
        out.push(
          new Paragraph({
            heading: headingLevels[block.level],
            children: entry ? [new Bookmark({ id: entry.anchor, children: [run] })] : [run],
            pageBreakBefore: block.newPage ?? false,
          }),
        );
        break;
      }
      case 'paragraph':
        out.push(
          new Paragraph({
            spacing: { after: 120 },
            alignment: AlignmentType.JUSTIFIED,
            // An introduction stays on the page of the table or chart it introduces.
            keepNext: next?.kind === 'table' || next?.kind === 'chart',
            children: [
              new TextRun({
                text: typographic(block.text),
                bold: block.tone === 'strong',
                italics: block.tone === 'muted',
                color: block.tone === 'muted' ? GREY : undefined,
              }),
            ],
          }),
        );
        break;
      case 'bullets':
        for (const item of block.items)
          out.push(
            new Paragraph({
              bullet: { level: 0 },
              spacing: { after: 60 },
              children: [new TextRun(typographic(item))],
            }),
          );
        break;
      case 'table':
        // A table right under a heading of the same name needs no caption of its own.
        if (block.title !== lastHeading) out.push(caption(block.title));
        out.push(renderTable(block, orientation));
        if (block.note) out.push(note(block.note));
        else out.push(after());
        lastHeading = '';
        break;
      case 'chart':
        out.push(...(await renderChartBlock(block, orientation)));
        lastHeading = '';
        break;
      case 'signature':
        out.push(
          ...block.lines.map(
            (line, index) =>
              new Paragraph({
                keepNext: true,
                spacing: { before: index === 0 ? 360 : 60, after: 60 },
                children: [new TextRun({ text: typographic(line), bold: index === 1 })],
              }),
          ),
          signatureBox(TEXT_WIDTH[orientation]),
        );
        break;
    }
  }
  return out;
}

/** An empty framed space for the handwritten signature and the stamp. */
function signatureBox(textWidth: number): Table {
  const width = Math.round(textWidth * 0.55);
  return new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    layout: TableLayoutType.FIXED,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({
        height: { value: 2270, rule: HeightRule.ATLEAST },
        cantSplit: true,
        children: [new TableCell({ children: [new Paragraph('')] })],
      }),
    ],
  });
}

function header(content: ReportContent, orientation: Orientation): Header {
  const children = [
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH[orientation] }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6', space: 4 } },
      children: [
        new TextRun({
          text: typographic(content.header.operatorName),
          bold: true,
          size: 16,
          color: GREY,
        }),
        new TextRun({
          text: `\tConvention ${content.header.conventionReference}`,
          size: 16,
          color: GREY,
        }),
      ],
    }),
  ];
  if (content.draft) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 60 },
        children: [new TextRun({ text: DRAFT_MARK, bold: true, size: 18, color: 'C00000' })],
      }),
    );
  }
  return new Header({ children });
}

function footer(content: ReportContent, orientation: Orientation): Footer {
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH[orientation] }],
        children: [
          new TextRun({ text: typographic(content.title), size: 16, color: GREY }),
          new TextRun({
            children: ['\tPage ', PageNumber.CURRENT, ' sur ', PageNumber.TOTAL_PAGES],
            size: 16,
            color: GREY,
          }),
        ],
      }),
    ],
  });
}

function sectionProperties(orientation: Orientation): ISectionOptions['properties'] {
  return {
    page: {
      size: {
        width: A4.width,
        height: A4.height,
        orientation:
          orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
      },
      margin: {
        top: TOP_MARGIN,
        bottom: MARGIN,
        left: MARGIN,
        right: MARGIN,
        header: 567,
        footer: 567,
      },
    },
  };
}

/**
 * The contents: one line per heading, a link to the bookmark on that heading. No page
 * numbers: a number cached in the file goes stale as soon as the layout differs (Word and
 * LibreOffice both print the cached one), and updating fields on opening asks the reader a
 * question. The links work in Word, LibreOffice and a PDF made from either.
 */
function contentsBlocks(contents: Map<Block, ContentsEntry>): Paragraph[] {
  return [...contents.values()].map(
    (entry) =>
      new Paragraph({
        indent: { left: entry.level === 1 ? 0 : 400 },
        spacing: { before: entry.level === 1 ? 120 : 20, after: 20 },
        children: [
          new InternalHyperlink({
            anchor: entry.anchor,
            children: [
              new TextRun({
                text: typographic(entry.text),
                bold: entry.level === 1,
                color: BLUE,
              }),
            ],
          }),
        ],
      }),
  );
}

function coverBlocks(
  content: ReportContent,
  contents: Map<Block, ContentsEntry>,
): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      spacing: { before: 1800, after: 120 },
      children: [
        new TextRun({ text: typographic(content.header.operatorName), size: 26, color: GREY }),
      ],
    }),
    new Paragraph({
      spacing: { after: 200 },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: BLUE, space: 8 } },
      children: [
        new TextRun({ text: typographic(content.title), bold: true, size: 52, color: BLUE }),
      ],
    }),
    new Paragraph({
      spacing: { after: 600 },
      children: [new TextRun({ text: typographic(content.subtitle), size: 28 })],
    }),
    renderTable(
      {
        kind: 'table',
        id: 'couverture',
        title: '',
        keyValue: true,
        columns: [
          { label: '', align: 'left', weight: 2 },
          { label: '', align: 'left', weight: 5 },
        ],
        rows: content.cover.lines.map(([label, value]) => ({ cells: [label, value] })),
      },
      'portrait',
    ),
  ];
  if (content.draft) {
    out.push(
      new Paragraph({
        spacing: { before: 600, after: 120 },
        border: {
          top: { style: BorderStyle.SINGLE, size: 8, color: 'C00000', space: 4 },
          bottom: { style: BorderStyle.SINGLE, size: 8, color: 'C00000', space: 4 },
        },
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: DRAFT_MARK, bold: true, size: 28, color: 'C00000' })],
      }),
      new Paragraph({
        spacing: { after: 80 },
        children: [
          new TextRun({
            text:
              content.draft.missingItems.length > 0
                ? 'Éléments manquants avant envoi :'
                : 'Ce document est un projet.',
            bold: true,
          }),
        ],
      }),
      ...content.draft.missingItems.map(
        (item) =>
          new Paragraph({
            bullet: { level: 0 },
            spacing: { after: 40 },
            children: [new TextRun(typographic(item))],
          }),
      ),
    );
  }
  out.push(
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({
      spacing: { after: 240 },
      children: [new TextRun({ text: 'Sommaire', bold: true, size: 32, color: BLUE })],
    }),
    ...contentsBlocks(contents),
  );
  return out;
}

/** The year or period the document covers, as its cover states it (for the file's title). */
function periodOf(content: ReportContent): string | null {
  const line =
    content.cover.lines.find(([label]) => label === 'Année' || label === 'Exercice') ??
    content.cover.lines.find(([label]) => /^Période/.test(label));
  return line?.[1] ?? null;
}

export interface RenderOptions {
  /** Who generates the document (the session's user): the file's author. */
  author?: string | null;
}

export async function renderDocx(
  content: ReportContent,
  options: RenderOptions = {},
): Promise<Buffer> {
  const contents = contentsOf(content);
  const sections: ISectionOptions[] = [
    {
      properties: sectionProperties('portrait'),
      headers: { default: header(content, 'portrait') },
      footers: { default: footer(content, 'portrait') },
      children: coverBlocks(content, contents),
    },
  ];
  for (const section of content.sections) {
    sections.push({
      properties: sectionProperties(section.orientation),
      headers: { default: header(content, section.orientation) },
      footers: { default: footer(content, section.orientation) },
      children: await renderBlocks(section.blocks, section.orientation, contents),
    });
  }
  const heading = (size: number, before: number) => ({
    run: { font: FONT, size, bold: true, color: BLUE },
    paragraph: { spacing: { before, after: 120 }, keepNext: true, keepLines: true },
  });
  const period = periodOf(content);
  const author = options.author?.trim() || 'Pilote CPO';
  // The file's properties (File > Properties in Word): what and whose it is, never the
  // library's « Un-named ».
  const document = new Document({
    creator: author,
    lastModifiedBy: author,
    title: typographic(period ? `${content.title} — ${period}` : content.title),
    subject: typographic(
      `Convention ${content.header.conventionReference} — ${content.header.operatorName}`,
    ),
    description: typographic(content.subtitle),
    keywords: 'CPO O2R, DREETS',
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 20, language: { value: 'fr-FR' } },
          paragraph: { spacing: { line: 264, lineRule: LineRuleType.AUTO } },
        },
        heading1: heading(30, 480),
        heading2: heading(24, 300),
        heading3: heading(21, 200),
      },
    },
    sections,
  });
  return Packer.toBuffer(document);
}
