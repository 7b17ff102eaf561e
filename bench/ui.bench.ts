/**
 * Speed a user feels: the built app (web bridge + renderer from out/) on a data folder of
 * the demo convention grown to 10 000 people and 100 000 actions over three years, driven
 * in Debian's Chromium at 1366×768.
 *
 * Each screen is reached by its URL from a light screen of the same convention, with an
 * empty query cache (the page is reloaded first) and, just before, a change to a person's
 * record committed, so every run pays for what that change makes the backend read again
 * (everything people-based; the rest stays kept, as in a day's work). « Ready »
 * means: the screen's own content is drawn, no call to the backend is under way and no
 * loader shows, measured inside the page (performance.now), median of RUNS runs.
 *
 * Needs `npm run build` (out/). Baseline: the home screen's list of conventions, the
 * lightest screen, in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, test } from 'vitest';
import backendFlags from '../resources/backend-node-flags.json';
import { report } from './report';
import { seedDataDir, UI_TODAY } from './uiSeed';

const PEOPLE = 10_000;
const ACTIONS = 100_000;
const RUNS = Number(process.env.PILOTE_CPO_UI_RUNS ?? 5);
const SCREEN_TARGET_MS = 300;
const DOCUMENT_TARGET_MS = 1_000;
const DASHBOARD_BACKEND_TARGET_MS = 50;
/** Where to save a screenshot of each screen once measured, to check what was waited for. */
const shots = process.env.PILOTE_CPO_SCREENSHOTS;

const chromiumPath =
  process.env.PILOTE_CPO_CHROMIUM ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/**
 * What shows a screen is ready, as a CSS selector on its own content (not on the navigation
 * around it, which changes): a table or region named by its aria-label, or a data-testid.
 */
const screens: { section: string; label: string; ready: string; from?: string }[] = [
  {
    section: 'tableau-de-bord',
    label: 'Tableau de bord',
    ready: 'main [aria-label="Période du tableau de bord"]',
  },
  { section: 'identite', label: 'Identité', ready: 'main input', from: 'avenants' },
  { section: 'volets', label: 'Volets', ready: 'main input[type="checkbox"]' },
  {
    section: 'objectifs',
    label: 'Objectifs',
    ready: 'table[aria-label="Objectifs par année"] tbody tr',
  },
  { section: 'avenants', label: 'Avenants', ready: 'main [aria-label^="Avenant n°"]' },
  {
    section: 'personnes',
    label: 'Personnes',
    ready: 'table[aria-label="Liste des personnes"] tbody tr[data-index]',
  },
  { section: 'reperage', label: 'Repérage', ready: 'main table tbody tr' },
  {
    section: 'coordination',
    label: 'Coordination',
    ready: 'table[aria-label="Actions de coordination"]',
  },
  {
    section: 'donnees-personnelles',
    label: 'Données personnelles',
    ready: '[aria-label="Purge des identités"]',
  },
  {
    section: 'realisations',
    label: 'Réalisations (FEC)',
    ready: 'table[aria-label="Imports des FEC"]',
  },
  { section: 'budget', label: 'Budget', ready: 'main table' },
  { section: 'compensation', label: 'Compensation', ready: 'main table' },
  { section: 'rapports', label: 'Rapports', ready: '[data-testid="report-check"]' },
  {
    section: 'historique',
    label: 'Historique',
    ready: 'table[aria-label="Historique des modifications"] tbody tr',
  },
];

/** What the page's functions below use of the browser (the bench is typed for Node). */
interface PageElement {
  textContent: string | null;
  getClientRects(): { length: number };
}
interface PageWindow {
  __calls: number;
  __inFlight: number;
  fetch: typeof fetch;
  location: { hash: string };
  document: { querySelector(selector: string): PageElement | null };
  requestAnimationFrame(callback: () => void): number;
}

/**
 * Counts the page's calls to the backend (fetch to /api/call/…): « ready » waits for none
 * under way. Installed before the app's own scripts run.
 */
const countCalls = () => {
  const state = globalThis as unknown as PageWindow;
  state.__calls = 0;
  state.__inFlight = 0;
  const original = state.fetch.bind(state);
  state.fetch = async (...args: Parameters<typeof fetch>) => {
    const url = String(args[0] instanceof Request ? args[0].url : args[0]);
    if (!url.includes('/api/call/')) return original(...args);
    state.__calls += 1;
    state.__inFlight += 1;
    try {
      const response = await original(...args);
      // The body is read by the app right after: count the call done once it is.
      void response
        .clone()
        .arrayBuffer()
        .finally(() => {
          state.__inFlight -= 1;
        });
      return response;
    } catch (error) {
      state.__inFlight -= 1;
      throw error;
    }
  };
};

/**
 * Sets the hash and resolves with the milliseconds until `ready` is drawn with no call
 * under way and no loader, for two frames in a row (the time of the first of them).
 */
async function timeNavigation(page: Page, hash: string, ready: string): Promise<number> {
  return page.evaluate(
    ({ hash, ready }) =>
      new Promise<number>((resolveTime, reject) => {
        const state = globalThis as unknown as PageWindow;
        const { document } = state;
        const start = performance.now();
        let since: number | null = null;
        const deadline = start + 30_000;
        const loading = () =>
          document.querySelector(
            '.mantine-Loader-root, [aria-busy="true"], [aria-label="Chargement"]',
          ) !== null || (document.querySelector('main')?.textContent ?? '').includes('Chargement…');
        const frame = () => {
          const now = performance.now();
          const element = document.querySelector(ready);
          const done =
            element !== null &&
            element.getClientRects().length > 0 &&
            state.__inFlight === 0 &&
            !loading();
          if (done) {
            if (since !== null) return resolveTime(since - start);
            since = now;
          } else since = null;
          if (now > deadline) return reject(new Error(`${hash}: « ${ready} » never ready`));
          state.requestAnimationFrame(frame);
        };
        state.location.hash = hash;
        state.requestAnimationFrame(frame);
      }),
    { hash, ready },
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

interface Bridge {
  origin: string;
  url: string;
  token: string;
  process: ChildProcess;
}

async function startBridge(dataDir: string): Promise<Bridge> {
  const script = resolve('out/main/webBridge.js');
  if (!existsSync(script)) throw new Error('Run `npm run build` before the UI bench');
  const child = spawn(
    process.execPath,
    [...backendFlags.flags, script, '--data-dir', dataDir, '--json'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PILOTE_CPO_TODAY: UI_TODAY } },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`web bridge exited with code ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; port: number; token: string };
  return {
    origin: `http://127.0.0.1:${info.port}`,
    url: info.url,
    token: info.token,
    process: child,
  };
}

async function api<T>(bridge: Bridge, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${bridge.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge.token}` },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-bench-ui-'));
let bridge: Bridge | null = null;
let browser: Browser | null = null;
afterAll(async () => {
  await browser?.close();
  if (bridge && bridge.process.exitCode === null) {
    const exited = new Promise((done) => bridge!.process.once('exit', done));
    bridge.process.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('screens at 10 000 people / 100 000 actions / 3 years, in Chromium', async () => {
  const conventionId = seedDataDir(dataDir, PEOPLE, ACTIONS);
  bridge = await startBridge(dataDir);
  const running = bridge;
  await api(running, 'session.setUser', { name: 'Banc UI' });
  // The change before each run is a change to a person's record (a barrier noted), the kind
  // of write a day's work is made of and one every people-based figure reads: the indicators
  // (barriers lifted), the people list and its warnings. The backend's read cache keeps what
  // a change did not touch (by topic) and patches every person's record with the changed
  // one (readCache.ts), so a change no screen reads would measure a warm backend instead of
  // « as after a change ».
  const people = await api<{ id: number }[]>(running, 'people.list', {
    conventionId,
    today: '2026-11-30',
  });
  const someone = people[0]!.id;
  const commit = () =>
    api(running, 'barriers.add', {
      personId: someone,
      category: 'housing',
      identifiedOn: '2026-11-30',
    });
  await commit();

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    acceptDownloads: true,
  });
  await context.addInitScript(countCalls);
  const page = await context.newPage();
  await page.goto(running.url);
  await page.getByRole('heading', { name: 'Conventions', exact: true }).waitFor();

  const conventionHash = (section: string) => `#/conventions/${conventionId}/${section}`;
  /** Reloaded on `from` (an empty query cache), then `to` timed, after a commit. */
  async function measure(from: string, fromReady: string, to: string, ready: string) {
    const times: number[] = [];
    const callCount = () => page.evaluate(() => (globalThis as unknown as PageWindow).__calls);
    let calls = 0;
    for (let run = 0; run < RUNS; run += 1) {
      await commit();
      await page.goto(`${running.origin}/${from}`);
      await page.reload();
      await page.waitForSelector(fromReady, { timeout: 60_000 });
      await page.waitForFunction(() => (globalThis as unknown as PageWindow).__inFlight === 0);
      const before = await callCount();
      times.push(await timeNavigation(page, to, ready));
      calls = (await callCount()) - before;
    }
    return { value: median(times), first: times[0] ?? 0, calls };
  }

  const identity = conventionHash('identite');
  const home = await measure(identity, 'main input', '#/', 'main a[href*="conventions/"]');
  report({
    case: 'ui-home',
    value: home.value,
    unit: 'ms',
    target: SCREEN_TARGET_MS,
    better: 'max',
    extra: { runs: RUNS },
  });
  const baseline = { label: 'home screen (conventions list), same run', value: home.value };

  const open = await measure(
    '#/',
    'main a[href*="conventions/"]',
    `#/conventions/${conventionId}`,
    screens[0]!.ready,
  );
  report({
    case: 'ui-convention-open',
    value: open.value,
    unit: 'ms',
    target: SCREEN_TARGET_MS,
    better: 'max',
    baseline,
    extra: { runs: RUNS, firstRun: Math.round(open.first), calls: open.calls },
  });

  const results: { screen: string; value: number }[] = [];
  let dashboardCalls: { channel: string; input: unknown }[] = [];
  for (const screen of screens) {
    if (screen.section === 'tableau-de-bord') {
      // The dashboard's own calls, recorded once, for the backend case below.
      const seen: { channel: string; input: unknown }[] = [];
      const listener = (request: { url(): string; postData(): string | null }) => {
        const match = /\/api\/call\/([^?]+)/.exec(request.url());
        if (match)
          seen.push({
            channel: decodeURIComponent(match[1]!),
            input: JSON.parse(request.postData() ?? '{}'),
          });
      };
      await page.goto(`${running.origin}/${identity}`);
      await page.reload();
      await page.waitForSelector('main input');
      page.on('request', listener);
      await timeNavigation(page, conventionHash(screen.section), screen.ready);
      page.off('request', listener);
      dashboardCalls = seen;
    }
    // From the identity screen (only the convention's own call), or to it from another.
    const from = screen.from ? screens.find((each) => each.section === screen.from)! : null;
    const measured = await measure(
      from ? conventionHash(from.section) : identity,
      from ? from.ready : 'main input',
      conventionHash(screen.section),
      screen.ready,
    );
    results.push({ screen: screen.label, value: measured.value });
    if (shots) await page.screenshot({ path: join(shots, `ui-${screen.section}.png`) });
    report({
      case: `ui-${screen.section}`,
      value: measured.value,
      unit: 'ms',
      target: SCREEN_TARGET_MS,
      better: 'max',
      baseline,
      extra: { runs: RUNS, firstRun: Math.round(measured.first), calls: measured.calls },
    });
  }

  // The dashboard's backend: its calls one after the other, as after a change (cold).
  // Then the same again with nothing changed in between (what reopening it costs). The page
  // is left first: the screen it shows would refetch after each change (the history, which
  // every change touches) at the same time, and that is not the dashboard's cost.
  await page.goto('about:blank');
  const backendTimes: number[] = [];
  const warmTimes: number[] = [];
  const perCall = new Map<string, number[]>();
  const allCalls = async (record: boolean) => {
    const start = performance.now();
    for (const { channel, input } of dashboardCalls) {
      const began = performance.now();
      await api(running, channel, input);
      if (record)
        perCall.set(channel, [...(perCall.get(channel) ?? []), performance.now() - began]);
    }
    return performance.now() - start;
  };
  for (let run = 0; run < RUNS; run += 1) {
    await commit();
    backendTimes.push(await allCalls(true));
    warmTimes.push(await allCalls(false));
  }
  report({
    case: 'ui-dashboard-backend',
    value: median(backendTimes),
    unit: 'ms',
    target: DASHBOARD_BACKEND_TARGET_MS,
    better: 'max',
    extra: {
      // Each call's median after the change, slowest first.
      calls: [...perCall]
        .map(([channel, times]) => ({ channel, ms: Math.round(median(times) * 10) / 10 }))
        .sort((a, b) => b.ms - a.ms)
        .map(({ channel, ms }) => `${channel} ${ms}`)
        .join(', '),
      runs: RUNS,
      unchangedSince: Math.round(median(warmTimes) * 10) / 10,
    },
  });

  // A document: from the click to the file downloaded, and the calls made meanwhile.
  const generateTimes: number[] = [];
  let callsAfter = 0;
  let repeated = '';
  let steps = '';
  for (let run = 0; run < RUNS; run += 1) {
    await page.goto(`${running.origin}/${conventionHash('rapports')}`);
    await page.reload();
    await page.waitForSelector('[data-testid="report-check"]');
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).__inFlight === 0);
    const channels: string[] = [];
    const began = new Map<unknown, number>();
    const listener = (request: { url(): string }) => {
      const match = /\/api\/call\/([^?]+)/.exec(request.url());
      if (!match) return;
      channels.push(decodeURIComponent(match[1]!));
      began.set(request, performance.now());
    };
    const finished = (request: { url(): string }) => {
      const at = began.get(request);
      if (at === undefined) return;
      const channel = decodeURIComponent(/\/api\/call\/([^?]+)/.exec(request.url())![1]!);
      stepTimes.push(
        `${channel} ${Math.round(at - start)}→${Math.round(performance.now() - start)}`,
      );
    };
    const stepTimes: string[] = [];
    page.on('request', listener);
    page.on('requestfinished', finished);
    const button = page.getByRole('button', { name: /^Générer/ });
    const start = performance.now();
    // Until the file is handed to the browser (a blob: it is complete by then).
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    generateTimes.push(performance.now() - start);
    await download.path();
    steps = stepTimes.join(', ');
    // Let the refresh that follows settle, then count what was fetched.
    await page.waitForTimeout(500);
    await page.waitForFunction(() => (globalThis as unknown as PageWindow).__inFlight === 0);
    page.off('request', listener);
    page.off('requestfinished', finished);
    callsAfter = channels.length;
    const counts = new Map<string, number>();
    for (const channel of channels) counts.set(channel, (counts.get(channel) ?? 0) + 1);
    repeated = [...counts]
      .filter(([, count]) => count > 1)
      .map(([channel]) => channel)
      .join(' ');
  }
  report({
    case: 'ui-report-generate',
    value: median(generateTimes),
    unit: 'ms',
    target: DOCUMENT_TARGET_MS,
    better: 'max',
    baseline,
    extra: { runs: RUNS, calls: callsAfter, repeated: repeated || 'none', steps },
  });

  const slowest = results.reduce((worst, each) => (each.value > worst.value ? each : worst));
  report({
    case: 'ui-slowest',
    value: slowest.value,
    unit: 'ms',
    target: SCREEN_TARGET_MS,
    better: 'max',
    baseline,
    extra: { screen: slowest.screen },
  });
}, 900_000);
