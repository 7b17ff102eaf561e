/**
 * The desktop app's first question: work « sur cet ordinateur » (the local backend, as
 * before) or connect to « le serveur de l'équipe » (the team server's address and the
 * SHA-256 fingerprint it prints at start). The answer is remembered in `team-choice.json`
 * in the data folder, like the window's place (windowState.ts).
 *
 * Everything here is pure or plain file I/O (no `electron` import), unit-tested in
 * tests/unit/teamChoice.test.ts; index.ts wires it:
 * - the choice page is a small static form (`choicePageHtml`, no script) whose submission
 *   navigates to CHOICE_SUBMIT_URL; the main process catches that navigation
 *   (`will-navigate`), reads it with `readChoiceSubmission` and never lets it leave;
 * - in the team mode the window loads the server's page without the preload (the page talks
 *   to the server over HTTPS, as in a browser), and `certificateVerdict` decides the
 *   server's certificate: accepted only when its fingerprint is the one the user confirmed.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEAM_CHOICE_FILE = 'team-choice.json';

export type TeamChoice =
  | { mode: 'local' }
  /** `origin`: https://host:port (http only on 127.0.0.1); `fingerprint`: AA:BB:… (64 hex). */
  | { mode: 'team'; origin: string; fingerprint: string };

export type TeamServerChoice = Extract<TeamChoice, { mode: 'team' }>;

/**
 * The server's address as typed (« serveur.local:8443 », « https://10.0.0.5:8443/ »): its
 * origin, or the French reason it is refused. HTTPS only — passwords and people's identities
 * cross the network — except on 127.0.0.1, where plain HTTP never leaves the machine (the
 * team server refuses HTTP anywhere else too).
 */
export function serverOrigin(
  text: string,
): { ok: true; origin: string } | { ok: false; message: string } {
  const typed = text.trim();
  if (typed === '') return { ok: false, message: 'Indiquez l’adresse du serveur de l’équipe.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `Adresse du serveur illisible : « ${typed} ».` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'L’adresse du serveur ne doit pas contenir d’identifiant.' };
  }
  if (url.protocol === 'http:' && url.hostname !== '127.0.0.1') {
    return {
      ok: false,
      message:
        'Le serveur de l’équipe se joint en https:// : en http simple, les mots de passe et l’identité des personnes circuleraient en clair sur le réseau.',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'L’adresse du serveur commence par https://.' };
  }
  return { ok: true, origin: url.origin };
}

/**
 * A SHA-256 fingerprint as people copy it (with or without colons or spaces, any case):
 * the canonical form « AB:CD:… » (what Node's X509Certificate.fingerprint256 gives), or
 * null when it is not 32 bytes of hexadecimal.
 */
export function normaliseFingerprint(text: string): string | null {
  const hex = text
    .replace(/^sha-?256\s*[:=]?\s*/i, '')
    .replace(/[\s:]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}

/** Whether two written fingerprints are the same (colons, spaces and case aside). */
export function sameFingerprint(a: string, b: string): boolean {
  const left = normaliseFingerprint(a);
  return left !== null && left === normaliseFingerprint(b);
}

/** The SHA-256 fingerprint of a PEM certificate (what the team server prints), or null. */
export function fingerprintOfPem(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/**
 * session.setCertificateVerifyProc's answer for one TLS connection: 0 accept, -2 refuse,
 * -3 let Chromium decide (its usual checks against the system's authorities).
 * - The team server's host: accepted only when the certificate's fingerprint is exactly the
 *   one the user confirmed — whether Chromium trusts it or not (a self-signed certificate,
 *   or a real one: the pin holds either way); anything else is refused, so a machine
 *   answering in the server's place is never talked to.
 * - Any other host, or the local mode: Chromium's own verdict, unchanged.
 */
export function certificateVerdict(
  choice: TeamChoice | null,
  request: { hostname: string; certificatePem: string },
): 0 | -2 | -3 {
  if (!choice || choice.mode !== 'team') return -3;
  if (
    request.hostname.replace(/^\[|\]$/g, '') !==
    new URL(choice.origin).hostname.replace(/^\[|\]$/g, '')
  )
    return -3;
  const presented = fingerprintOfPem(request.certificatePem);
  return presented !== null && sameFingerprint(presented, choice.fingerprint) ? 0 : -2;
}

/** Whether a navigation stays on the team server (its origin exactly). */
export function isTeamServerUrl(url: string, choice: TeamChoice): boolean {
  if (choice.mode !== 'team') return false;
  try {
    return new URL(url).origin === choice.origin;
  } catch {
    return false;
  }
}

/** The saved choice if the file holds one we can trust; anything else asks again. */
export function parseTeamChoice(value: unknown): TeamChoice | null {
  if (typeof value !== 'object' || value === null) return null;
  const { mode, origin, fingerprint } = value as Record<string, unknown>;
  if (mode === 'local') return { mode: 'local' };
  if (mode !== 'team' || typeof origin !== 'string' || typeof fingerprint !== 'string') return null;
  const address = serverOrigin(origin);
  const pin = normaliseFingerprint(fingerprint);
  if (!address.ok || address.origin !== origin || pin === null) return null;
  return { mode: 'team', origin, fingerprint: pin };
}

export function readTeamChoice(dataDir: string): TeamChoice | null {
  try {
    return parseTeamChoice(JSON.parse(readFileSync(join(dataDir, TEAM_CHOICE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

export function writeTeamChoice(dataDir: string, choice: TeamChoice): void {
  writeFileSync(join(dataDir, TEAM_CHOICE_FILE), `${JSON.stringify(choice, null, 2)}\n`, {
    mode: 0o600,
  });
}

/** The local database's file name (backend.ts's DATABASE_FILE; the unit test checks it). */
export const LOCAL_DATABASE_FILE = 'pilote-cpo.sqlite';

/**
 * What to do at start without asking: the remembered choice; else, when the data folder
 * already holds a local database (someone worked here before the team mode existed), the
 * local mode, as before; null only on a true first start, when the question is asked.
 */
export function choiceAtStart(dataDir: string): TeamChoice | null {
  return (
    readTeamChoice(dataDir) ??
    (existsSync(join(dataDir, LOCAL_DATABASE_FILE)) ? { mode: 'local' } : null)
  );
}

/**
 * Where the choice form sends its answer: a reserved name (.invalid never resolves), caught
 * by the main process before any request leaves.
 */
export const CHOICE_SUBMIT_URL = 'https://choix.pilote-cpo.invalid/';

/** What the choice form shows again after a refusal. */
export interface ChoiceForm {
  address: string;
  fingerprint: string;
  error: string | null;
}

/**
 * The form's submission, read from the URL it navigated to: null when the URL is not the
 * form's; the choice when it is valid; else the form again with the French reason.
 */
export function readChoiceSubmission(
  url: string,
): null | { choice: TeamChoice } | { form: ChoiceForm } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (`${parsed.origin}/` !== CHOICE_SUBMIT_URL) return null;
  const mode = parsed.searchParams.get('mode');
  const address = parsed.searchParams.get('adresse') ?? '';
  const fingerprint = parsed.searchParams.get('empreinte') ?? '';
  if (mode === 'local') return { choice: { mode: 'local' } };
  if (mode !== 'team') {
    return { form: { address, fingerprint, error: 'Choisissez où travailler.' } };
  }
  const origin = serverOrigin(address);
  if (!origin.ok) return { form: { address, fingerprint, error: origin.message } };
  const pin = normaliseFingerprint(fingerprint);
  if (pin === null) {
    return {
      form: {
        address,
        fingerprint,
        error:
          'Empreinte SHA-256 illisible : recopiez les 64 caractères (0-9, A-F) affichés au démarrage du serveur de l’équipe.',
      },
    };
  }
  return { choice: { mode: 'team', origin: origin.origin, fingerprint: pin } };
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The choice page: two forms, no script (its CSP allows none), in French. Loaded as a data:
 * URL in a window without preload; what the user typed is escaped.
 */
export function choicePageHtml(
  form: ChoiceForm = { address: '', fingerprint: '', error: null },
): string {
  const error = form.error ? `<p role="alert" class="error">${escapeHtml(form.error)}</p>` : '';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action ${CHOICE_SUBMIT_URL}">
<title>Pilote CPO — Où travailler ?</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 640px; margin: 40px auto; padding: 0 20px; color: #1a1b1e; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 0; }
section { border: 1px solid #ced4da; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input[type=text] { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; font-family: ui-monospace, monospace; }
button { margin-top: 14px; padding: 8px 16px; font: inherit; background: #3b5bdb; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
.hint { color: #495057; font-size: 0.9rem; }
.error { color: #c92a2a; font-weight: 600; }
</style>
</head>
<body>
<h1>Où travailler ?</h1>
<p>Pilote CPO peut garder ses données sur cet ordinateur, ou se connecter au serveur de l’équipe (plusieurs personnes, un seul jeu de données).</p>
<section aria-labelledby="local">
<h2 id="local">Sur cet ordinateur</h2>
<p class="hint">Les données restent dans le dossier de l’application ; une seule personne travaille.</p>
<form method="get" action="${CHOICE_SUBMIT_URL}">
<input type="hidden" name="mode" value="local">
<button type="submit">Travailler sur cet ordinateur</button>
</form>
</section>
<section aria-labelledby="team">
<h2 id="team">Le serveur de l’équipe</h2>
${error}
<form method="get" action="${CHOICE_SUBMIT_URL}">
<input type="hidden" name="mode" value="team">
<label for="adresse">Adresse du serveur</label>
<input type="text" id="adresse" name="adresse" required placeholder="https://serveur.local:8443" value="${escapeHtml(form.address)}">
<label for="empreinte">Empreinte SHA-256 du certificat</label>
<input type="text" id="empreinte" name="empreinte" required placeholder="AB:CD:EF:…" value="${escapeHtml(form.fingerprint)}">
<p class="hint">Recopiez l’empreinte affichée au démarrage du serveur (ou demandez-la à la personne qui l’a installé) et comparez-la caractère par caractère : l’application ne parlera qu’au serveur qui présente exactement ce certificat.</p>
<button type="submit">Se connecter au serveur de l’équipe</button>
</form>
</section>
</body>
</html>`;
}

/** The choice page as a URL a BrowserWindow can load. */
export function choicePageUrl(form?: ChoiceForm): string {
  return `data:text/html;charset=utf-8,${encodeURIComponent(choicePageHtml(form))}`;
}
