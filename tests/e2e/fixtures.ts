/**
 * Each test gets its own app: the built web bridge (out/main/webBridge.js) on a random
 * port with a fresh data folder, started with the same Node as the test runner.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import backendFlags from '../../resources/backend-node-flags.json';

export interface RunningApp {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
}

const bridgeScript = resolve('out/main/webBridge.js');

/**
 * The day every e2e app runs on (PILOTE_CPO_TODAY, read by the bridge): what is late, due
 * or purgeable must not depend on the day the tests run. The demo's 2026 balance, due
 * 30/09/2026, is late on this day.
 */
export const E2E_TODAY = '2026-11-30';

export async function startApp(
  options: { demo?: boolean; dataDir?: string } = {},
): Promise<RunningApp> {
  if (!existsSync(bridgeScript)) throw new Error('Run `npm run build` before the e2e tests');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pilote-cpo-e2e-'));
  const args = [...backendFlags.flags, bridgeScript, '--data-dir', dataDir, '--json'];
  if (options.demo === false) args.push('--no-demo');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PILOTE_CPO_TODAY: E2E_TODAY },
  });
  const line = await new Promise<string>((resolveLine, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`web bridge exited with code ${code}`)));
  });
  const info = JSON.parse(line) as { url: string; port: number; token: string };
  return {
    url: info.url,
    origin: `http://127.0.0.1:${info.port}`,
    token: info.token,
    dataDir,
    process: child,
  };
}

export async function stopApp(app: RunningApp, options: { keepData?: boolean } = {}) {
  await new Promise<void>((done) => {
    if (app.process.exitCode !== null) return done();
    app.process.once('exit', () => done());
    app.process.kill('SIGTERM');
  });
  if (!options.keepData) rmSync(app.dataDir, { recursive: true, force: true });
}

/** Opens the app and answers the first-start question with a user name. */
export async function openApp(page: Page, app: RunningApp, userName = 'Camille Durand') {
  await page.goto(app.url);
  const dialog = page.getByRole('dialog', { name: 'Bienvenue dans Pilote CPO' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Votre nom').fill(userName);
  await dialog.getByRole('button', { name: 'Commencer' }).click();
  await expect(page.getByRole('heading', { name: 'Conventions', exact: true })).toBeVisible();
}

/** One call of the contract through the bridge, with the token; a refusal throws. */
export async function api<T>(app: RunningApp, channel: string, input: unknown): Promise<T> {
  const response = await fetch(`${app.origin}/api/call/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.token}` },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!envelope.ok) throw new Error(`${channel}: ${JSON.stringify(envelope.error)}`);
  return envelope.data as T;
}

/**
 * Creates a convention through the API, as the setup of a test that then works in the UI
 * (the demo already holds its 2025 FEC, so the FEC and budget tests use their own).
 */
export async function createConventionViaApi(
  app: RunningApp,
  input: Record<string, unknown>,
): Promise<number> {
  const created = await api<{ id: number }>(app, 'conventions.create', input);
  return created.id;
}

export const test = base.extend<{ app: RunningApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
  app: async ({}, use) => {
    const app = await startApp();
    await use(app);
    await stopApp(app);
  },
});

export { expect };

export const screenshotDir = process.env.PILOTE_CPO_SCREENSHOTS ?? resolve('test-results', 'screenshots');
