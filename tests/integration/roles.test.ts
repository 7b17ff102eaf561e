/**
 * The roles of the team mode, table-driven from the contract: for every role and every call,
 * the backend (real SQLite, the demo convention loaded) refuses what shared/contract/roles.ts
 * does not allow with a 403 that writes nothing, and lets through what it allows. Finance
 * and lecture never receive a person's identity, whatever query they make; a change made
 * by an account is signed with the account in the history. Without an actor (local mode)
 * nothing changes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DATABASE_FILE } from '../../electron/backend/backend';
import { channels, contract, type Channel } from '../../shared/contract';
import {
  allowed,
  identityRoles,
  roleLabels,
  roles,
  type Actor,
  type Role,
} from '../../shared/contract/roles';
import { AppError } from '../../shared/errors';
import { databaseDigest, rowCount } from './helpers/dbSnapshot';
import { testBackend, type TestBackend } from './helpers/testBackend';

const TODAY = '2026-11-23';
const actors: Record<Role, Actor> = {
  direction: { account: 'd.le-bihan', role: 'direction' },
  finance: { account: 'f.morvan', role: 'finance' },
  accompagnement: { account: 'c.riou', role: 'accompagnement' },
  lecture: { account: 'l.tanguy', role: 'lecture' },
};

/** A person created here with an identity; the demo's persons have theirs. */
const identity = {
  lastName: 'Quéméneur',
  firstName: 'Maïwenn',
  phone: '06 98 76 54 32',
  email: 'mq@exemple.fr',
};
/** Every name, phone and e-mail in the database (of 4 characters at least, so a match means something). */
let identityStrings: string[] = [];

let backend: TestBackend;
let conventionId: number;
let personId: number;

beforeAll(async () => {
  backend = await testBackend({ demo: true });
  const [demo] = await backend.call('conventions.list', {});
  conventionId = demo!.id;
  // A person created with an identity by an account allowed to.
  ({ id: personId } = await backend.call(
    'people.create',
    {
      conventionId,
      person: {
        fileNumber: 'ROLES-001',
        sex: 'F',
        birthYear: 1990,
        eligibilityGround: null,
        situationFlags: [],
      },
      identity,
    },
    actors.accompagnement,
  ));
  // The demo's own persons' identities, read from the file: every one is looked for below.
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT last_name, first_name, phone, email FROM person_identities')
      .raw()
      .all() as string[][];
    identityStrings = [...new Set(rows.flat().filter((value) => value && value.length >= 4))];
  } finally {
    db.close();
  }
  expect(identityStrings).toContain('Quéméneur');
  expect(identityStrings.length).toBeGreaterThan(20);
}, 60_000);
afterAll(() => backend?.dispose());

/**
 * One input for every query: the ids and dates most calls ask for (unknown keys are dropped
 * by the schemas), so most queries really answer and their outputs can be scanned.
 */
const readingInput = () => ({
  conventionId,
  id: personId,
  personId,
  today: TODAY,
  date: TODAY,
  yearIndex: 1,
  kind: 'activity',
  code: 'P1',
  format: 'csv',
});
/** An input no mutation accepts: an allowed mutation reaches validation and writes nothing. */
const PROBE = { ['\u00a7probe']: true, id: -1, conventionId: -1 };
/** Queries that act (copies, restore): probed like mutations. */
const acting = new Set<Channel>([
  'backups.create',
  'backups.setFolder',
  'backups.setPassphrase',
  'backups.restore',
]);
const probed = (channel: Channel) => contract[channel].mutates || acting.has(channel);

async function attempt(channel: Channel, input: unknown, actor: Actor) {
  try {
    return { output: await backend.call(channel, input, actor), error: null };
  } catch (error) {
    return { output: undefined, error: error as AppError };
  }
}

const auditRows = () => rowCount(backend.dataDir, 'audit_log');

function auditUsersSince(rowid: number): string[] {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (
      db.prepare('SELECT DISTINCT user FROM audit_log WHERE rowid > ?').all(rowid) as {
        user: string;
      }[]
    ).map((row) => row.user);
  } finally {
    db.close();
  }
}
function lastAuditRowid(): number {
  const db = new Database(join(backend.dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT max(rowid) AS id FROM audit_log').get() as { id: number }).id;
  } finally {
    db.close();
  }
}

describe('every role × every call, as the contract declares', () => {
  test.each(roles)('%s: refused calls answer 403 and write nothing', async (role) => {
    const refused = channels.filter((channel) => !allowed(channel, role));
    if (role === 'direction') expect(refused).toEqual(['session.setUser']);
    else expect(refused.length).toBeGreaterThan(10);
    const digest = databaseDigest(backend.dataDir);
    for (const channel of refused) {
      const before = auditRows();
      // A valid-looking input: the role, not the input, is what refuses the call.
      const { error } = await attempt(channel, readingInput(), actors[role]);
      expect(error, `${role} ${channel}`).toBeInstanceOf(AppError);
      expect(error!.code, `${role} ${channel}: ${error!.message}`).toBe('FORBIDDEN');
      expect(error!.message).toMatch(
        channel === 'session.setUser'
          ? /ordinateur seul/
          : new RegExp(`^Votre rôle \\(${roleLabels[role]}\\) ne permet pas`),
      );
      expect(auditRows(), `${role} ${channel} a écrit dans l'historique`).toBe(before);
    }
    expect(databaseDigest(backend.dataDir), `${role}: un refus a écrit`).toBe(digest);
  });

  test.each(roles)('%s: allowed calls are not refused by the role', async (role) => {
    const allowedCalls = channels.filter((channel) => allowed(channel, role));
    let answered = 0;
    const withIdentity: Channel[] = [];
    for (const channel of allowedCalls) {
      const before = auditRows();
      if (probed(channel)) {
        // The probe cannot pass validation: nothing runs, and the refusal is not the role's.
        expect(contract[channel].input.safeParse(PROBE).success, channel).toBe(false);
      }
      const { output, error } = await attempt(
        channel,
        probed(channel) ? PROBE : readingInput(),
        actors[role],
      );
      expect(error?.code, `${role} ${channel}: ${error?.message}`).not.toBe('FORBIDDEN');
      if (probed(channel)) expect(auditRows(), channel).toBe(before);
      if (!error) answered += 1;
      const text = output === undefined ? '' : JSON.stringify(output);
      const seen = identityStrings.filter((value) => text.includes(value));
      if (seen.length > 0) withIdentity.push(channel);
      if (!identityRoles.includes(role)) {
        expect(seen, `${role} ${channel} reçoit une identité`).toEqual([]);
      }
    }
    // The scan finds identities where they are: in a person's file, for the roles that see it.
    expect(withIdentity.includes('people.get')).toBe(identityRoles.includes(role));
    // Most queries really answered with the reading input: the scan above saw real outputs.
    expect(answered).toBeGreaterThan(25);
  });
});

describe('identity', () => {
  test('direction and accompagnement read it; finance and lecture are refused the call', async () => {
    for (const role of ['direction', 'accompagnement'] as const) {
      const detail = await backend.call('people.get', { id: personId, today: TODAY }, actors[role]);
      expect(detail.identity).toMatchObject({ lastName: 'Quéméneur', firstName: 'Maïwenn' });
    }
    for (const role of ['finance', 'lecture'] as const) {
      const { error } = await attempt('people.get', { id: personId, today: TODAY }, actors[role]);
      expect(error?.code).toBe('FORBIDDEN');
      const exported = await attempt('privacy.exportPerson', { personId }, actors[role]);
      expect(exported.error?.code).toBe('FORBIDDEN');
      const whole = await attempt(
        'conventions.exportFile',
        { conventionId, includeIdentities: true },
        actors[role],
      );
      expect(whole.error?.code).toBe('FORBIDDEN');
    }
  });

  test('the people lists every role reads carry no identity', async () => {
    for (const role of roles) {
      const lists = [
        await backend.call('people.list', { conventionId, today: TODAY }, actors[role]),
        await backend.call(
          'people.page',
          { conventionId, today: TODAY, search: 'ROLES', limit: 500 },
          actors[role],
        ),
      ];
      expect(JSON.stringify(lists)).toContain('ROLES-001');
      for (const value of identityStrings) expect(JSON.stringify(lists)).not.toContain(value);
    }
  });
});

describe('who signs a change', () => {
  test('the account, not the local name, in the history and the archive', async () => {
    const from = lastAuditRowid();
    await backend.call(
      'narratives.set',
      { conventionId, yearIndex: 1, section: 'observations', text: 'Exécution conforme.' },
      actors.finance,
    );
    expect(auditUsersSince(from)).toEqual(['f.morvan']);
    const next = lastAuditRowid();
    await backend.call(
      'actions.add',
      { personId, type: 'interview', date: '2026-11-20', minutes: 45, volet: 3 },
      actors.accompagnement,
    );
    expect(auditUsersSince(next)).toEqual(['c.riou']);
    // Without an actor, the local mode as before: the name chosen on this computer.
    const local = lastAuditRowid();
    await backend.call('actions.add', {
      personId,
      type: 'interview',
      date: '2026-11-21',
      minutes: 30,
      volet: 3,
    });
    expect(auditUsersSince(local)).toEqual(['Camille Testeur']);
  });

  test('a role writes only its own document', async () => {
    const before = databaseDigest(backend.dataDir);
    const financeActivity = await attempt(
      'reports.generate',
      { conventionId, kind: 'activity', yearIndex: 1, allowDraft: true },
      actors.finance,
    );
    expect(financeActivity.error?.code).toBe('FORBIDDEN');
    expect(financeActivity.error?.message).toBe(
      'Votre rôle (Finances) ne permet pas cette action : générer le rapport d’activité annuel est réservé à la direction et au rôle Accompagnement.',
    );
    const careFinal = await attempt(
      'narratives.set',
      { conventionId, yearIndex: 0, section: 'assessment', text: 'Bilan.' },
      actors.accompagnement,
    );
    expect(careFinal.error?.code).toBe('FORBIDDEN');
    expect(databaseDigest(backend.dataDir)).toBe(before);
  });

  test('without any local name, an account may still change things', async () => {
    const team = await testBackend({ userName: null });
    try {
      const created = await team.call(
        'conventions.create',
        (await import('../fixtures/conventionInput')).validConvention(),
        actors.direction,
      );
      expect(created.id).toBeGreaterThan(0);
      // The local mode still asks for a name first.
      await expect(team.call('demo.remove', {})).rejects.toMatchObject({
        code: 'UNAUTHORISED',
      });
    } finally {
      team.dispose();
    }
  });
});

describe('app.info', () => {
  test('tells the page the account and its role in the team mode only', async () => {
    const team = await backend.call('app.info', {}, actors.finance);
    expect(team.actor).toEqual({ account: 'f.morvan', role: 'finance', roleLabel: 'Finances' });
    expect(team.userName).toBe('f.morvan');
    const local = await backend.call('app.info', {});
    expect(local.actor).toBeUndefined();
    expect(local.userName).toBe('Camille Testeur');
  });
});
