/**
 * Two staff on the team server at the same time: a référent (Accompagnement) and the finance
 * officer (Finances), each in their own browser context, on the built out/main/teamServer.js
 * with the demo convention. The administrator (direction) creates both accounts through the
 * API. They work at once, each with a watching screen open in a second tab: the finance
 * officer's people list shows the référent's new file without reload, the référent's history
 * shows the finance officer's budget change without reload (the events channel).
 * The référent never sees a finance action; the finance officer never sees an identity:
 * no demo person's name on any screen they can open, and a person's address shows no file
 * (the page does not even ask; the backend refuses people.get with a 403 anyway).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import backendFlags from '../../resources/backend-node-flags.json';
import { E2E_TODAY } from './fixtures';
import { BudgetTab } from './pages/BudgetTab';
import { conventionNav, openSection, sectionLink } from './pages/ConventionPage';
import { PersonPage } from './pages/PersonPage';

const script = resolve('out/main/teamServer.js');
const ADMIN_PASSWORD = 'mot de passe de la directrice';
const shots = process.env.PILOTE_CPO_SCREENSHOTS;
const REFERENT = {
  login: 'referent',
  displayName: 'Rémi Référent',
  role: 'accompagnement',
  password: 'le référent a un long mot de passe',
};
const FINANCE = {
  login: 'finance',
  displayName: 'Fanny Finances',
  role: 'finance',
  password: 'la finance a un long mot de passe',
};
/** A second référent, for the conflicting edit. */
const REFERENT_2 = {
  login: 'referente2',
  displayName: 'Roxane Référente',
  role: 'accompagnement',
  password: 'la seconde référente a un long mot de passe',
};
const READER = {
  login: 'lecture',
  displayName: 'Léa Lecture',
  role: 'lecture',
  password: 'la lectrice a un long mot de passe',
};
/** The file the référent creates during the test, and its identity (never shown to finance). */
const NEW_FILE = { fileNumber: 'HE-9001', lastName: 'Quenouille', firstName: 'Zéphyrine' };

let server: ChildProcess;
let origin: string;
let dataDir: string;
let conventionId: number;

/** The demo's people as the tracking file gives them: file number and identity. */
const demoPeople = readFileSync(resolve('resources/demo/suivi-horizons-emploi-35.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [fileNumber, lastName, firstName] = line.split(';');
    return { fileNumber: fileNumber!, lastName: lastName!, firstName: firstName! };
  });
const identities = [...demoPeople, NEW_FILE];

/** A signed-in account's calls, as the page makes them (session cookie + CSRF header). */
async function apiSession(login: string, password: string) {
  const signIn = await fetch(`${origin}/api/session/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((each) => each.split(';')[0])
    .join('; ');
  const session = (await (
    await fetch(`${origin}/api/session`, { headers: { cookie } })
  ).json()) as {
    data: { csrfToken: string };
  };
  return async (channel: string, input: unknown) => {
    const response = await fetch(`${origin}/api/call/${channel}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        cookie,
        'X-CSRF-Token': session.data.csrfToken,
      },
      body: JSON.stringify(input),
    });
    return {
      status: response.status,
      body: (await response.json()) as { ok: boolean; data?: unknown; error?: { code: string } },
    };
  };
}

test.beforeAll(async () => {
  if (!existsSync(script)) throw new Error('Run `npm run build` before the e2e tests');
  dataDir = mkdtempSync(join(tmpdir(), 'pilote-cpo-team-both-'));
  server = spawn(
    process.execPath,
    [...backendFlags.flags, script, '--data-dir', dataDir, '--port', '0', '--demo', '--json'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        PILOTE_CPO_ADMIN_PASSWORD: ADMIN_PASSWORD,
        PILOTE_CPO_TODAY: E2E_TODAY,
      },
    },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolveLine);
    server.once('exit', (code) => reject(new Error(`team server exited with code ${code}`)));
  });
  origin = `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`;

  // The administrator creates the two accounts.
  const direction = await apiSession('direction', ADMIN_PASSWORD);
  for (const account of [REFERENT, FINANCE, REFERENT_2, READER]) {
    const created = await direction('accounts.create', account);
    expect(created.body.ok, JSON.stringify(created.body)).toBe(true);
  }
  const list = await direction('conventions.list', {});
  conventionId = (list.body.data as { id: number; isDemo: boolean }[]).find((c) => c.isDemo)!.id;
});

test.afterAll(async () => {
  await new Promise<void>((done) => {
    if (!server || server.exitCode !== null) return done();
    server.once('exit', () => done());
    server.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(browser: Browser, account: typeof REFERENT) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.getByLabel('Identifiant').fill(account.login);
  await page.getByLabel('Mot de passe').fill(account.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByLabel('Compte connecté')).toHaveText(account.displayName);
  return { context, page };
}

/** Opens the demo convention's screen by its address (the routes live in the hash). */
async function goTo(page: Page, section: string) {
  await page.goto(`${origin}/#/conventions/${conventionId}/${section}`);
  await expect(page.getByRole('heading', { name: 'Horizons Emploi 35' })).toBeVisible();
}

/** Everything a person could read on the page: its text and the values of its fields. */
const readable = (page: Page) =>
  // A string: the e2e specs are type-checked without the DOM library.
  page.evaluate<string>(`[
    document.body.innerText,
    ...Array.from(document.querySelectorAll('input, textarea')).map((field) => field.value),
  ].join('\\n')`);

/** The identities found in a text: « Prénom Nom » or « Nom Prénom », any case. */
function namesIn(text: string): string[] {
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  return identities
    .flatMap(({ lastName, firstName }) => [`${firstName} ${lastName}`, `${lastName} ${firstName}`])
    .filter((name) => lower.includes(name.toLowerCase()));
}

/** Waits until no loader is left on the page (the screen's data has arrived). */
async function settled(page: Page) {
  await expect(page.getByRole('status', { name: 'Chargement' })).toHaveCount(0);
  await page.waitForLoadState('networkidle');
}

test('a référent and the finance officer work at the same time, each within their role', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const [referent, finance] = await Promise.all([
    signIn(browser, REFERENT),
    signIn(browser, FINANCE),
  ]);
  // The screens each keeps open while working in another tab of the same session.
  const [referentWatch, financeWatch] = await Promise.all([
    referent.context.newPage(),
    finance.context.newPage(),
  ]);
  await Promise.all([goTo(referentWatch, 'historique'), goTo(financeWatch, 'personnes')]);
  const summary = financeWatch.getByTestId('people-summary');
  await expect(summary).toHaveText(`${demoPeople.length} personnes`);
  const historyTable = referentWatch.getByRole('table', { name: 'Historique des modifications' });
  await expect(historyTable).toBeVisible();
  await expect(historyTable).not.toContainText(/12\s345,00/);

  // At the same time: the référent opens a file and records an action; the finance officer
  // changes a forecast line of the budget.
  const referentWork = async () => {
    const page = referent.page;
    await goTo(page, 'personnes');
    await page.getByRole('button', { name: 'Nouvelle personne' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouvelle personne' });
    await dialog.getByRole('textbox', { name: 'N° de dossier' }).fill(NEW_FILE.fileNumber);
    await dialog.getByRole('textbox', { name: 'Nom', exact: true }).fill(NEW_FILE.lastName);
    await dialog.getByRole('textbox', { name: 'Prénom', exact: true }).fill(NEW_FILE.firstName);
    await dialog.getByRole('button', { name: 'Créer le dossier' }).click();
    await expect(
      page.getByRole('heading', { name: `Dossier ${NEW_FILE.fileNumber}` }),
    ).toBeVisible();
    // The référent sees the identity (positive control of the name check used below).
    expect(namesIn(await readable(page))).not.toEqual([]);
    const person = new PersonPage(page);
    await person.addAction({ type: 'Entretien individuel', date: '27/11/2026', minutes: 45 });
    await expect(page.getByRole('table', { name: 'Actions' })).toContainText('27/11/2026');
  };
  const financeWork = async () => {
    const page = finance.page;
    await goTo(page, 'tableau-de-bord');
    const budget = new BudgetTab(page);
    await budget.open();
    await budget.section('Budget prévisionnel');
    await budget.forecastInput('62 — Autres services extérieurs').fill('12345');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await expect(page.getByText('Budget enregistré')).toBeVisible();
  };
  await Promise.all([referentWork(), financeWork()]);

  // Each sees the other's change on the screen left open, without reloading it.
  await expect(summary).toHaveText(`${demoPeople.length + 1} personnes`);
  await financeWatch.getByLabel('Rechercher').fill(NEW_FILE.fileNumber);
  await expect(financeWatch.getByRole('table', { name: 'Liste des personnes' })).toContainText(
    NEW_FILE.fileNumber,
  );
  // « finance · Modification · budget année 1/62 · montant · 18 000,00 € → 12 345,00 € »
  await expect(
    historyTable.getByRole('row').filter({ hasText: FINANCE.login }).filter({ hasText: 'budget' }),
  ).toContainText(/12\s345,00/);
  if (shots) {
    await referentWatch.screenshot({ path: join(shots, 'team-referent-history.png') });
    await financeWatch.screenshot({ path: join(shots, 'team-finance-people.png') });
  }

  // The référent never sees a finance action: no FEC, budget or compensation screen...
  const referentPage = referent.page;
  await goTo(referentPage, 'tableau-de-bord');
  await expect(sectionLink(referentPage, 'Personnes')).toBeVisible();
  for (const name of ['Réalisations (FEC)', 'Budget et réalisé', 'Compensation SIEG'] as const) {
    await expect(sectionLink(referentPage, name)).toHaveCount(0);
  }
  // ...not even by their address: no import, no budget edit, no compensation settings.
  for (const section of ['realisations', 'budget', 'compensation']) {
    await goTo(referentPage, section);
    await expect(referentPage.getByText('Cet écran n’est pas ouvert à votre rôle.')).toBeVisible();
    await expect(referentPage.getByRole('heading', { name: 'Importer un FEC' })).toHaveCount(0);
    await expect(referentPage.getByRole('button', { name: /Enregistrer/ })).toHaveCount(0);
    await expect(referentPage.getByRole('button', { name: /Ajouter/ })).toHaveCount(0);
  }
  // The financial report is the finance officer's: no generation, no writing for the référent.
  await goTo(referentPage, 'rapports');
  await expect(referentPage.getByRole('button', { name: /Générer/ }).first()).toBeVisible();
  await referentPage.getByText('Compte rendu financier', { exact: true }).click();
  await expect(referentPage.getByRole('button', { name: /Générer/ })).toHaveCount(0);
  // Nor the direction's: no new convention, no copies, no accounts.
  await referentPage.goto(`${origin}/#/`);
  await expect(
    referentPage.getByRole('heading', { name: 'Conventions', exact: true }),
  ).toBeVisible();
  await expect(referentPage.getByRole('link', { name: 'Nouvelle convention' })).toHaveCount(0);
  await expect(referentPage.getByRole('link', { name: 'Sauvegardes' })).toHaveCount(0);
  await expect(referentPage.getByRole('link', { name: 'Comptes' })).toHaveCount(0);

  // The finance officer sees the finance actions (the same checks can fail)...
  const financePage = finance.page;
  await goTo(financePage, 'realisations');
  await expect(financePage.getByRole('heading', { name: 'Importer un FEC' })).toBeVisible();
  // ...and never an identity: on every screen of the navigation, no demo person's name.
  const peopleCalls: string[] = [];
  financePage.on('request', (request) => {
    if (request.url().includes('/api/call/people.get')) peopleCalls.push(request.url());
  });
  await goTo(financePage, 'tableau-de-bord');
  await expect(sectionLink(financePage, 'Données personnelles')).toHaveCount(0);
  const screens = await conventionNav(financePage)
    .getByRole('link')
    .filter({ hasNotText: 'Toutes les conventions' })
    .allInnerTexts();
  expect(screens).toContain('Personnes');
  for (const screen of screens) {
    await openSection(financePage, screen.trim() as Parameters<typeof openSection>[1]);
    await settled(financePage);
    expect(namesIn(await readable(financePage)), screen).toEqual([]);
  }
  // The people list: pseudonymous rows, no link to a file.
  await goTo(financePage, 'personnes');
  const list = financePage.getByRole('table', { name: 'Liste des personnes' });
  await expect(list).toContainText(demoPeople[0]!.fileNumber);
  await expect(list.getByRole('link')).toHaveCount(0);
  await expect(financePage.getByRole('button', { name: 'Nouvelle personne' })).toHaveCount(0);

  // A person's address: no file, no identity; the page did not ask for it.
  const direction = await apiSession('direction', ADMIN_PASSWORD);
  const page0 = await direction('people.page', {
    conventionId,
    today: E2E_TODAY,
    search: NEW_FILE.fileNumber,
    stage: 'all',
    withWarnings: false,
    offset: 0,
    limit: 10,
  });
  const personId = (page0.body.data as { rows: { id: number }[] }).rows[0]!.id;
  await financePage.goto(`${origin}/#/conventions/${conventionId}/personnes/${personId}`);
  await expect(financePage.getByText('Dossier non accessible')).toBeVisible();
  await settled(financePage);
  expect(namesIn(await readable(financePage))).toEqual([]);
  expect(peopleCalls).toEqual([]);
  if (shots) await financePage.screenshot({ path: join(shots, 'team-finance-person.png') });
  // Asked all the same, with the session's own token: the backend refuses it (403).
  const refused = await financePage.evaluate(async (id) => {
    const session = (await (await fetch('/api/session')).json()) as {
      data: { csrfToken: string };
    };
    const response = await fetch('/api/call/people.get', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.data.csrfToken },
      body: JSON.stringify({ id, today: '2026-11-30' }),
    });
    return { status: response.status, text: await response.text() };
  }, personId);
  expect(refused.status).toBe(403);
  expect(refused.text).toContain('FORBIDDEN');
  expect(namesIn(refused.text)).toEqual([]);

  await Promise.all([referent.context.close(), finance.context.close()]);
});

test('two référents save the same file: the second is refused, naming who and when', async ({
  browser,
}) => {
  const direction = await apiSession('direction', ADMIN_PASSWORD);
  const target = demoPeople[1]!;
  const found = await direction('people.page', {
    conventionId,
    today: E2E_TODAY,
    search: target.fileNumber,
    stage: 'all',
    withWarnings: false,
    offset: 0,
    limit: 10,
  });
  const personId = (found.body.data as { rows: { id: number }[] }).rows[0]!.id;
  const [first, second] = await Promise.all([
    signIn(browser, REFERENT),
    signIn(browser, REFERENT_2),
  ]);
  for (const { page } of [first, second]) {
    await page.goto(`${origin}/#/conventions/${conventionId}/personnes/${personId}`);
    await expect(page.getByRole('heading', { name: `Dossier ${target.fileNumber}` })).toBeVisible();
  }
  const commune = (page: Page) => page.getByRole('textbox', { name: 'Commune de résidence' });
  const saveProfile = (page: Page) =>
    page.getByRole('button', { name: 'Enregistrer le profil' }).click();

  // Both edit the same file; the first référent saves first.
  await commune(second.page).fill('Morlaix');
  await commune(first.page).fill('Quimper');
  await saveProfile(first.page);
  await expect(first.page.getByText('Profil enregistré.')).toBeVisible();

  // The second's save is refused with the first's account and the time; nothing overwritten.
  await saveProfile(second.page);
  const notice = second.page.getByRole('alert').filter({ hasText: 'Fiche modifiée entre-temps' });
  await expect(notice).toContainText(
    new RegExp(
      `Cette fiche a été modifiée par ${REFERENT.login} à \\d{2}:\\d{2} : vos changements n'ont pas été enregistrés\\.`,
    ),
  );
  await expect(notice.getByRole('row', { name: /Commune/ })).toContainText('Quimper');
  await expect(commune(second.page)).toHaveValue('Morlaix');
  const stored = await direction('people.get', { id: personId, today: E2E_TODAY });
  expect((stored.body.data as { person: { commune: string } }).person.commune).toBe('Quimper');
  if (shots) {
    await notice.scrollIntoViewIfNeeded();
    await second.page.screenshot({ path: join(shots, 'team-conflict.png') });
  }
  await Promise.all([first.context.close(), second.context.close()]);
});

test('the read-only account reads every screen it may, changes nothing, sees no identity', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { context, page } = await signIn(browser, READER);
  await goTo(page, 'tableau-de-bord');
  await expect(sectionLink(page, 'Budget et réalisé')).toBeVisible();
  await expect(sectionLink(page, 'Données personnelles')).toHaveCount(0);
  const screens = await conventionNav(page)
    .getByRole('link')
    .filter({ hasNotText: 'Toutes les conventions' })
    .allInnerTexts();
  for (const screen of screens) {
    await openSection(page, screen.trim() as Parameters<typeof openSection>[1]);
    await settled(page);
    expect(namesIn(await readable(page)), screen).toEqual([]);
    // No action anywhere: no save, add, import, generate or amend button.
    await expect(
      page
        .getByRole('main')
        .getByRole('button', { name: /Enregistrer|Ajouter|Importer|Générer|Nouvelle|Modifier/ }),
      screen,
    ).toHaveCount(0);
  }
  await goTo(page, 'budget');
  await expect(page.getByRole('textbox', { name: /^Prévision / }).first()).toHaveAttribute(
    'readonly',
    '',
  );
  // The budget's other parts too: mapping, SIEG keys and codes, forecast against actual.
  const budget = new BudgetTab(page);
  for (const part of [
    'Correspondance des comptes',
    'Répartition SIEG',
    'Prévu / réalisé',
  ] as const) {
    await budget.section(part);
    await settled(page);
    await expect(
      page.getByRole('main').getByRole('button', {
        name: /Enregistrer|Ajouter|Importer|Appliquer|Copier|Modifier|Supprimer|Retirer|Affecter/,
      }),
      part,
    ).toHaveCount(0);
  }
  await goTo(page, 'identite');
  await expect(page.getByRole('textbox', { name: "Nom de l'opérateur" })).toBeDisabled();
  if (shots) await page.screenshot({ path: join(shots, 'team-lecture-identity.png') });
  await page.goto(`${origin}/#/`);
  await expect(page.getByRole('heading', { name: 'Conventions', exact: true })).toBeVisible();
  await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
  await context.close();
});
