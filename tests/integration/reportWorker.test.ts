/**
 * Document generation in its worker thread (electron/backend/reports/reportWorker.ts, BUILT to
 * out/main/reportWorker.js — the TypeScript sources run by vitest have no worker, so the
 * backend would prepare in-thread; these tests point it at the built file). Checks:
 * - while a document is prepared, the other calls are answered: their worst latency is a
 *   small part of the generation's time, and smaller than when the same preparation runs
 *   in the backend's thread (so this test fails if the worker is not used);
 * - the worker's document is the in-thread one: same Word parts byte for byte, except the
 *   creation/modification dates the docx library stamps in docProps/core.xml;
 * - a refusal (something missing, no draft asked) comes back as the same French error.
 * Run `npx electron-vite build` first; without the built worker the suite is skipped.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useReportWorker } from '../../electron/backend/reports/reportThread';
import { seedDataDir } from '../../bench/uiSeed';
import { testBackend, type TestBackend } from './helpers/testBackend';

const BUILT_WORKER = resolve('out/main/reportWorker.js');
const built = existsSync(BUILT_WORKER);
if (!built) {
  console.warn(
    `reportWorker.test.ts skipped: ${BUILT_WORKER} is absent — run \`npx electron-vite build\` first.`,
  );
}
/** Enough people that the figures take a while to read, as on a real convention. */
const PEOPLE = 2_000;

let backend: TestBackend;
let conventionId: number;

beforeAll(async () => {
  if (!built) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-report-worker-'));
  conventionId = seedDataDir(dataDir, PEOPLE, 0);
  backend = await testBackend({ dataDir });
}, 120_000);
afterAll(() => {
  useReportWorker(undefined);
  backend?.dispose();
});

const request = () => ({ conventionId, kind: 'activity' as const, yearIndex: 1, allowDraft: true });

/**
 * Generates one document while another user keeps asking for the conventions list, one
 * call after the other (a 5 ms pause between). Returns the generation's time and the
 * longest the other user went without an answer: the gap between two consecutive answers,
 * which includes any stretch the backend's thread spent on the generation.
 */
async function generateUnderLoad() {
  let end: number | null = null;
  const answeredAt: number[] = [];
  const other = (async () => {
    // Until one answer after the generation's end, so the last wait is counted too.
    while (end === null || (answeredAt.at(-1) ?? 0) < end) {
      await backend.call('conventions.list', {});
      answeredAt.push(performance.now());
      await new Promise((wake) => setTimeout(wake, 5));
    }
  })();
  // The other user is already asking when the generation starts.
  await new Promise((wake) => setTimeout(wake, 30));
  const start = performance.now();
  const entry = await backend.call('reports.generate', request());
  end = performance.now();
  const generationMs = end - start;
  await other;
  const during = answeredAt.filter((at) => at >= start && at <= end!);
  const gaps = answeredAt.slice(1).map((at, index) => at - answeredAt[index]!);
  return { entry, generationMs, worstGapMs: Math.max(...gaps), calls: during.length };
}

/**
 * Numbers docx takes from counters kept for the whole process (bookmark and drawing ids),
 * renumbered in order of appearance: in one process they go on from the last document
 * generated, while each worker starts afresh. They only link parts of one file together.
 */
function renumberProcessIds(xml: string): string {
  const renumber = (text: string, pattern: RegExp) => {
    const seen = new Map<string, number>();
    return text.replace(pattern, (_match, before: string, id: string) => {
      if (!seen.has(id)) seen.set(id, seen.size + 1);
      return `${before}${seen.get(id)}"`;
    });
  };
  return renumber(
    renumber(xml, /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=")(\d+)"/g),
    /(<wp:docPr\b[^>]*?\bid=")(\d+)"/g,
  );
}

/** The Word package's parts, with the dates docx stamps at packing taken out of core.xml. */
async function parts(buffer: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const result = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) {
    const file = zip.files[name]!;
    if (file.dir) continue;
    let text = Buffer.from(await file.async('uint8array')).toString('base64');
    if (name === 'word/document.xml') text = renumberProcessIds(await file.async('string'));
    if (name === 'docProps/core.xml') {
      text = (await file.async('string')).replace(
        /<dcterms:(created|modified)[^>]*>[^<]*<\/dcterms:\1>/g,
        '',
      );
    }
    result.set(name, text);
  }
  return result;
}

async function fileOf(id: number) {
  const file = await backend.call('reports.file', { id });
  return Buffer.from(file.contentBase64, 'base64');
}

describe.skipIf(!built)('document generation in the built worker thread', () => {
  test('the other calls are answered while a document is prepared', async () => {
    useReportWorker(BUILT_WORKER);
    const inWorker = await generateUnderLoad();
    useReportWorker(null);
    const inThread = await generateUnderLoad();
    console.log(
      `reportWorker: worker ${inWorker.generationMs.toFixed(0)} ms, others' worst wait ${inWorker.worstGapMs.toFixed(0)} ms (${inWorker.calls} answers); ` +
        `in-thread ${inThread.generationMs.toFixed(0)} ms, others' worst wait ${inThread.worstGapMs.toFixed(0)} ms (${inThread.calls} answers)`,
    );
    // Several answers during the generation, none kept waiting for most of it.
    expect(inWorker.calls).toBeGreaterThanOrEqual(3);
    expect(inWorker.worstGapMs).toBeLessThan(inWorker.generationMs / 3);
    // The same preparation in the backend's thread does keep them waiting.
    expect(inWorker.worstGapMs).toBeLessThan(inThread.worstGapMs / 2);
  }, 120_000);

  test('the worker prints the same document as the in-thread preparation', async () => {
    useReportWorker(BUILT_WORKER);
    const fromWorker = await backend.call('reports.generate', request());
    useReportWorker(null);
    const fromThread = await backend.call('reports.generate', request());
    expect(fromWorker.id).not.toBe(fromThread.id);
    // Hash and size differ by the packing dates and the process-wide ids (see `parts`).
    const { id: _w, sha256: _ws, sizeBytes: _wb, ...workerEntry } = fromWorker;
    const { id: _t, sha256: _ts, sizeBytes: _tb, ...threadEntry } = fromThread;
    expect(workerEntry).toEqual(threadEntry);
    const workerParts = await parts(await fileOf(fromWorker.id));
    const threadParts = await parts(await fileOf(fromThread.id));
    expect([...workerParts.keys()]).toEqual([...threadParts.keys()]);
    expect(workerParts.size).toBeGreaterThan(5);
    for (const [name, content] of threadParts) {
      expect(workerParts.get(name), name).toBe(content);
    }
    // The tables kept for export are the same figures.
    const workerTables = await backend.call('reports.tables', { id: fromWorker.id, format: 'csv' });
    const threadTables = await backend.call('reports.tables', { id: fromThread.id, format: 'csv' });
    expect(workerTables.contentBase64).toBe(threadTables.contentBase64);
  }, 120_000);

  test('a refusal made in the worker reaches the caller as the same French error', async () => {
    useReportWorker(BUILT_WORKER);
    const digestBefore = (await backend.call('reports.list', { conventionId })).length;
    const refused = await backend
      .call('reports.generate', { ...request(), allowDraft: false })
      .catch((error: unknown) => error);
    useReportWorker(null);
    const inThread = await backend
      .call('reports.generate', { ...request(), allowDraft: false })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'VALIDATION',
      message: 'Le document est incomplet : complétez ce qui manque ou générez un projet.',
    });
    expect((refused as { fields: unknown[] }).fields.length).toBeGreaterThan(0);
    expect(refused).toEqual(inThread);
    expect((refused as Error).constructor.name).toBe('AppError');
    // Nothing archived on refusal.
    expect(await backend.call('reports.list', { conventionId })).toHaveLength(digestBefore);
  }, 120_000);

  test('a worker that cannot start leaves the document to this thread, not undone', async () => {
    // What a native module failing to load in the thread would do.
    const broken = join(backend.dataDir, 'brokenWorker.js');
    writeFileSync(broken, "throw new Error('module introuvable');\n");
    useReportWorker(broken);
    const entry = await backend.call('reports.generate', request());
    useReportWorker(null);
    const reference = await backend.call('reports.generate', request());
    expect(entry.fileName).toBe(reference.fileName);
    expect(await parts(await fileOf(entry.id))).toEqual(await parts(await fileOf(reference.id)));
  }, 120_000);
});
