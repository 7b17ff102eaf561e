/** Opens a generated .docx the way a test needs it: the XML parts and their plain text. */
import JSZip from 'jszip';

export interface DocxParts {
  document: string;
  headers: string[];
  footers: string[];
  styles: string;
  settings: string;
  /** docProps/core.xml: title, subject, creator… (File > Properties). */
  core: string;
  /** Every part of the package, text files only, to look for what must not be there. */
  all: string;
  media: string[];
}

export async function openDocx(buffer: Buffer): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(buffer);
  const read = (name: string) => zip.file(name)?.async('string') ?? Promise.resolve('');
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
  const textNames = names.filter((name) => /\.(xml|rels|svg)$/.test(name));
  const parts = await Promise.all(textNames.map(read));
  return {
    document: await read('word/document.xml'),
    headers: await Promise.all(
      names.filter((name) => /^word\/header\d*\.xml$/.test(name)).map(read),
    ),
    footers: await Promise.all(
      names.filter((name) => /^word\/footer\d*\.xml$/.test(name)).map(read),
    ),
    styles: await read('word/styles.xml'),
    settings: await read('word/settings.xml'),
    core: await read('docProps/core.xml'),
    all: parts.join('\n'),
    media: names.filter((name) => name.startsWith('word/media/')),
  };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of each paragraph, in order. */
export function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((match) =>
    unescapeXml(
      [...match[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    ),
  );
}

/** The text of every table row as its cells, in order (nested tables are not used). */
export function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => paragraphs(cell[0]).join('\n')),
  );
}

/** The row whose first cell is `label`. */
export function rowOf(xml: string, label: string): string[] | undefined {
  return tableRows(xml).find((cells) => cells[0] === label);
}
