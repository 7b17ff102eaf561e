/**
 * The desktop app's first-start choice (electron/main/teamChoice.ts): the address rule
 * (https only, plain http on 127.0.0.1 alone), the fingerprint's normal form, the form's
 * submission, the remembered file, and the certificate decision — checked with real
 * certificates generated here the way the team server generates its own.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ensureSelfSignedCertificate } from '../../electron/backend/team/certificate';
import { DATABASE_FILE } from '../../electron/backend/backend';
import {
  certificateVerdict,
  choiceAtStart,
  LOCAL_DATABASE_FILE,
  CHOICE_SUBMIT_URL,
  choicePageHtml,
  fingerprintOfPem,
  isTeamServerUrl,
  normaliseFingerprint,
  parseTeamChoice,
  readChoiceSubmission,
  readTeamChoice,
  sameFingerprint,
  serverOrigin,
  TEAM_CHOICE_FILE,
  writeTeamChoice,
  type TeamChoice,
} from '../../electron/main/teamChoice';

const HEX = 'ab'.repeat(32);
const CANON = Array.from({ length: 32 }, () => 'AB').join(':');

describe('serverOrigin', () => {
  test('https addresses, with or without the scheme, give the origin', () => {
    expect(serverOrigin('https://serveur.local:8443/')).toEqual({
      ok: true,
      origin: 'https://serveur.local:8443',
    });
    expect(serverOrigin('  10.0.0.5:8443 ')).toEqual({ ok: true, origin: 'https://10.0.0.5:8443' });
    expect(serverOrigin('https://serveur.local:8443/conventions/1')).toEqual({
      ok: true,
      origin: 'https://serveur.local:8443',
    });
  });

  test('plain http only on 127.0.0.1', () => {
    expect(serverOrigin('http://127.0.0.1:8080')).toEqual({
      ok: true,
      origin: 'http://127.0.0.1:8080',
    });
    for (const address of [
      'http://10.0.0.5:8443',
      'http://serveur.local',
      'http://localhost:8080',
    ]) {
      const answer = serverOrigin(address);
      expect(answer.ok, address).toBe(false);
      if (!answer.ok) expect(answer.message).toMatch(/https:\/\//);
    }
  });

  test('empty, unreadable, other schemes and credentials are refused', () => {
    expect(serverOrigin('').ok).toBe(false);
    expect(serverOrigin('https://exa mple').ok).toBe(false);
    expect(serverOrigin('ftp://serveur.local').ok).toBe(false);
    expect(serverOrigin('file:///etc/passwd').ok).toBe(false);
    expect(serverOrigin('https://direction:secret@serveur.local').ok).toBe(false);
  });
});

describe('fingerprints', () => {
  test('colons, spaces, case and a sha256 prefix do not matter', () => {
    expect(normaliseFingerprint(HEX)).toBe(CANON);
    expect(normaliseFingerprint(CANON.toLowerCase())).toBe(CANON);
    expect(normaliseFingerprint(`SHA256: ${CANON.replaceAll(':', ' ')}`)).toBe(CANON);
    expect(sameFingerprint(HEX, CANON)).toBe(true);
  });

  test('anything but 32 hexadecimal bytes is unreadable', () => {
    expect(normaliseFingerprint(HEX.slice(2))).toBeNull();
    expect(normaliseFingerprint(`${HEX}ab`)).toBeNull();
    expect(normaliseFingerprint(`${HEX.slice(2)}zz`)).toBeNull();
    expect(sameFingerprint('', '')).toBe(false);
    expect(sameFingerprint(HEX, `${HEX.slice(0, 62)}ac`)).toBe(false);
  });
});

describe('certificateVerdict', () => {
  let server: { cert: string; fingerprint: string };
  let impostor: { cert: string; fingerprint: string };

  beforeAll(async () => {
    // Two certificates for the same names, as two team servers would generate them.
    server = await ensureSelfSignedCertificate(mkdtempSync(join(tmpdir(), 'choice-a-')), [
      'serveur.local',
    ]);
    impostor = await ensureSelfSignedCertificate(mkdtempSync(join(tmpdir(), 'choice-b-')), [
      'serveur.local',
    ]);
    expect(server.fingerprint).not.toBe(impostor.fingerprint);
  });

  const team = (fingerprint: string): TeamChoice => ({
    mode: 'team',
    origin: 'https://serveur.local:8443',
    fingerprint,
  });

  test('the fingerprint of a PEM certificate is the one the server prints', () => {
    expect(fingerprintOfPem(server.cert)).toBe(server.fingerprint);
    expect(fingerprintOfPem('pas un certificat')).toBeNull();
  });

  test('the server host with the confirmed certificate is accepted', () => {
    expect(
      certificateVerdict(team(server.fingerprint), {
        hostname: 'serveur.local',
        certificatePem: server.cert,
      }),
    ).toBe(0);
    // Confirmed as typed by a person: lower case, no colons.
    expect(
      certificateVerdict(team(server.fingerprint.replaceAll(':', '').toLowerCase()), {
        hostname: 'serveur.local',
        certificatePem: server.cert,
      }),
    ).toBe(0);
  });

  test('another certificate on the server host is refused, never left to Chromium', () => {
    expect(
      certificateVerdict(team(server.fingerprint), {
        hostname: 'serveur.local',
        certificatePem: impostor.cert,
      }),
    ).toBe(-2);
    expect(
      certificateVerdict(team(server.fingerprint), {
        hostname: 'serveur.local',
        certificatePem: 'illisible',
      }),
    ).toBe(-2);
  });

  test('other hosts and the local mode keep Chromium’s own verdict', () => {
    expect(
      certificateVerdict(team(server.fingerprint), {
        hostname: 'www.legifrance.gouv.fr',
        certificatePem: server.cert,
      }),
    ).toBe(-3);
    expect(
      certificateVerdict(
        { mode: 'local' },
        { hostname: 'serveur.local', certificatePem: server.cert },
      ),
    ).toBe(-3);
    expect(
      certificateVerdict(null, { hostname: 'serveur.local', certificatePem: server.cert }),
    ).toBe(-3);
  });
});

describe('isTeamServerUrl', () => {
  const choice: TeamChoice = {
    mode: 'team',
    origin: 'https://serveur.local:8443',
    fingerprint: CANON,
  };
  test('the same origin only', () => {
    expect(isTeamServerUrl('https://serveur.local:8443/#/conventions/1', choice)).toBe(true);
    expect(isTeamServerUrl('https://serveur.local:9443/', choice)).toBe(false);
    expect(isTeamServerUrl('http://serveur.local:8443/', choice)).toBe(false);
    expect(isTeamServerUrl('https://serveur.local.evil.example:8443/', choice)).toBe(false);
    expect(isTeamServerUrl('pas une adresse', choice)).toBe(false);
    expect(isTeamServerUrl('https://serveur.local:8443/', { mode: 'local' })).toBe(false);
  });
});

describe('the choice form', () => {
  const submit = (params: Record<string, string>) =>
    readChoiceSubmission(`${CHOICE_SUBMIT_URL}?${new URLSearchParams(params).toString()}`);

  test('other URLs are not a submission', () => {
    expect(readChoiceSubmission('https://serveur.local:8443/?mode=local')).toBeNull();
    expect(readChoiceSubmission('nimporte quoi')).toBeNull();
  });

  test('« sur cet ordinateur »', () => {
    expect(submit({ mode: 'local' })).toEqual({ choice: { mode: 'local' } });
  });

  test('« le serveur de l’équipe »: the origin and the normalised fingerprint', () => {
    expect(submit({ mode: 'team', adresse: 'serveur.local:8443', empreinte: HEX })).toEqual({
      choice: { mode: 'team', origin: 'https://serveur.local:8443', fingerprint: CANON },
    });
  });

  test('a refused address or fingerprint gives the form back, as typed, with the reason', () => {
    expect(submit({ mode: 'team', adresse: 'http://10.0.0.5', empreinte: HEX })).toEqual({
      form: {
        address: 'http://10.0.0.5',
        fingerprint: HEX,
        error: expect.stringMatching(/https:\/\//),
      },
    });
    expect(submit({ mode: 'team', adresse: 'serveur.local', empreinte: 'AB:CD' })).toEqual({
      form: {
        address: 'serveur.local',
        fingerprint: 'AB:CD',
        error: expect.stringMatching(/Empreinte SHA-256 illisible/),
      },
    });
  });

  test('the page escapes what was typed, runs no script and posts to the submit URL only', () => {
    const html = choicePageHtml({
      address: '"><script>alert(1)</script>',
      fingerprint: 'x',
      error: '<b>refusé</b>',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).toContain('&lt;b&gt;refusé&lt;/b&gt;');
    expect(html).toContain(`form-action ${CHOICE_SUBMIT_URL}`);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Sur cet ordinateur');
    expect(html).toContain('Le serveur de l’équipe');
  });
});

describe('the remembered choice', () => {
  test('written and read back from the data folder, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'choice-'));
    expect(readTeamChoice(dir)).toBeNull();
    const choice: TeamChoice = {
      mode: 'team',
      origin: 'https://serveur.local:8443',
      fingerprint: CANON,
    };
    writeTeamChoice(dir, choice);
    expect(readTeamChoice(dir)).toEqual(choice);
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, TEAM_CHOICE_FILE)).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(dir, TEAM_CHOICE_FILE), 'utf8'))).toEqual(choice);
    writeTeamChoice(dir, { mode: 'local' });
    expect(readTeamChoice(dir)).toEqual({ mode: 'local' });
  });

  test('a damaged or tampered file asks again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'choice-'));
    writeFileSync(join(dir, TEAM_CHOICE_FILE), '{ pas du json');
    expect(readTeamChoice(dir)).toBeNull();
    expect(
      parseTeamChoice({ mode: 'team', origin: 'http://10.0.0.5', fingerprint: CANON }),
    ).toBeNull();
    expect(
      parseTeamChoice({ mode: 'team', origin: 'https://serveur.local:8443', fingerprint: 'AB' }),
    ).toBeNull();
    expect(
      parseTeamChoice({ mode: 'team', origin: 'https://serveur.local:8443/x', fingerprint: CANON }),
    ).toBeNull();
    expect(parseTeamChoice({ mode: 'autre' })).toBeNull();
    expect(parseTeamChoice(null)).toBeNull();
  });

  test('at start: the saved choice, else local over an existing database, else ask', () => {
    expect(LOCAL_DATABASE_FILE).toBe(DATABASE_FILE);
    const dir = mkdtempSync(join(tmpdir(), 'choice-'));
    expect(choiceAtStart(dir)).toBeNull();
    writeFileSync(join(dir, DATABASE_FILE), '');
    expect(choiceAtStart(dir)).toEqual({ mode: 'local' });
    const team: TeamChoice = {
      mode: 'team',
      origin: 'https://serveur.local:8443',
      fingerprint: CANON,
    };
    writeTeamChoice(dir, team);
    expect(choiceAtStart(dir)).toEqual(team);
  });
});
