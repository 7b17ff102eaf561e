/**
 * The team server in a browser: the built out/main/teamServer.js on 127.0.0.1 (plain HTTP,
 * allowed on the loopback), a fresh data folder, the first administrator's password given
 * by the environment. Login refused then accepted, the header's account and « Se
 * déconnecter », an account created on « Comptes », no name chooser, and the lockout.
 */
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import backendFlags from '../../resources/backend-node-flags.json';

const script = resolve('out/main/teamServer.js');
const ADMIN_PASSWORD = 'mot de passe de la directrice';
const shots = process.env.PILOTE_CPO_SCREENSHOTS;

let server: ChildProcess;
let origin: string;
let dataDir: string;

test.beforeAll(async () => {
  if (!existsSync(script)) throw new Error('Run `npm run build` before the e2e tests');
  dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-team-e2e-'));
  server = spawn(
    process.execPath,
    [...backendFlags.flags, script, '--data-dir', dataDir, '--port', '0', '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PILOTE_CPO_ADMIN_PASSWORD: ADMIN_PASSWORD },
    },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolveLine);
    server.once('exit', (code) => reject(new Error(`team server exited with code ${code}`)));
  });
  origin = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;
});

test.afterAll(async () => {
  await new Promise<void>((done) => {
    if (server.exitCode !== null) return done();
    server.once('exit', () => done());
    server.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
});

test('sign in, see the account, create an account, sign out', async ({ page }) => {
  await page.goto(`${origin}/`);
  await expect(page.getByRole('heading', { name: /serveur d’équipe/ })).toBeVisible();
  // No local name chooser on the team server.
  await expect(page.getByText('Bienvenue dans Pilote CPO')).toHaveCount(0);

  await page.getByLabel('Identifiant').fill('direction');
  await page.getByLabel('Mot de passe').fill('pas le bon mot de passe');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Identifiant ou mot de passe incorrect.');
  if (shots) await page.screenshot({ path: join(shots, 'team-login-refused.png') });

  await page.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByLabel('Compte connecté')).toHaveText('Administrateur');
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  if (shots) await page.screenshot({ path: join(shots, 'team-home.png') });

  await page.getByRole('link', { name: 'Comptes' }).click();
  await expect(page.getByRole('heading', { name: 'Comptes', level: 2 })).toBeVisible();
  await page.getByLabel('Identifiant').fill('m.durand');
  await page.getByLabel('Nom affiché').fill('Marc Durand');
  await page.getByLabel('Mot de passe provisoire').fill('court');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page.getByText('12 caractères au moins').first()).toBeVisible();
  await page.getByLabel('Mot de passe provisoire').fill('un mot de passe assez long');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await expect(page.getByRole('cell', { name: 'Marc Durand' })).toBeVisible();
  if (shots) await page.screenshot({ path: join(shots, 'team-accounts.png'), fullPage: true });

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();

  // The new account signs in; it is not direction, so no « Comptes » link.
  await page.getByLabel('Identifiant').fill('m.durand');
  await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByLabel('Compte connecté')).toHaveText('Marc Durand');
  await expect(page.getByRole('link', { name: 'Comptes' })).toHaveCount(0);

  // Five wrong passwords: the account is locked, and the form says until when.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByLabel('Identifiant').fill('m.durand');
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('Mot de passe').fill(`faux mot de passe ${attempt}`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('alert')).toContainText(
      attempt < 5 ? 'Identifiant ou mot de passe incorrect.' : 'bloqué jusqu’au',
    );
  }
  await page.getByLabel('Mot de passe').fill('un mot de passe assez long');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('alert')).toContainText('Compte bloqué');
  if (shots) await page.screenshot({ path: join(shots, 'team-locked.png') });
});
