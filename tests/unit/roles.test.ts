/**
 * The roles table of the contract: every call says who may make it (the type checker asks
 * for it, this test checks no stale entry lingers), read-only really is read-only, only the
 * identity roles reach an identity, and each role writes its own documents only.
 */
import { describe, expect, test } from 'vitest';
import { channels, contract, type Channel } from '../../shared/contract';
import { accountRoles } from '../../shared/contract/accounts';
import { narrativeSections, optionalNarrativeSections } from '../../shared/contract/reports';
import {
  allowed,
  allowedDocument,
  callLimits,
  callRoles,
  identityCalls,
  identityRoles,
  narrativeDocument,
  refusal,
  roleLabels,
  roles,
  type Role,
} from '../../shared/contract/roles';

/** Queries in the contract that act (copies, restore, the copies' folder): not reading. */
const actingQueries: Channel[] = [
  'backups.create',
  'backups.setFolder',
  'backups.setPassphrase',
  'backups.restore',
];

describe('the roles table', () => {
  test('declares every call of the contract, and nothing else', () => {
    expect(Object.keys(callRoles).sort()).toEqual([...channels].sort());
    for (const channel of channels) {
      for (const role of callRoles[channel]) expect(roles).toContain(role);
    }
  });

  test('the accounts contract offers exactly these roles', () => {
    expect([...accountRoles].sort()).toEqual([...roles].sort());
    for (const role of roles) expect(roleLabels[role]).toMatch(/^[A-Z]/);
  });

  test('lecture never changes anything', () => {
    const lectureMay = channels.filter((channel) => allowed(channel, 'lecture'));
    expect(lectureMay.length).toBeGreaterThan(20);
    for (const channel of lectureMay) {
      expect(contract[channel].mutates, channel).toBe(false);
      expect(actingQueries, channel).not.toContain(channel);
    }
  });

  test('direction may make every call but the local name chooser', () => {
    const refused = channels.filter((channel) => !allowed(channel, 'direction'));
    expect(refused).toEqual(['session.setUser']);
  });

  test('the local name chooser is refused to every role', () => {
    for (const role of roles) {
      expect(allowed('session.setUser', role)).toBe(false);
      expect(refusal('session.setUser', { account: 'a', role })).toMatch(/ordinateur seul/);
    }
  });

  test('only direction and accompagnement reach a call returning an identity', () => {
    expect(identityRoles).toEqual(['direction', 'accompagnement']);
    expect(identityCalls).toContain('people.get');
    expect(identityCalls).toContain('privacy.exportPerson');
    for (const channel of identityCalls) {
      expect(
        callRoles[channel].filter((role) => !identityRoles.includes(role)),
        channel,
      ).toEqual([]);
      for (const role of ['finance', 'lecture'] as const) {
        expect(refusal(channel, { account: 'x', role }), channel).toMatch(/^Votre rôle/);
      }
    }
  });

  test('finance keeps the money, accompagnement the people', () => {
    const finance = (channel: Channel) => allowed(channel, 'finance');
    const care = (channel: Channel) => allowed(channel, 'accompagnement');
    for (const channel of [
      'fec.import',
      'budget.set',
      'mapping.set',
      'keys.save',
      'payments.save',
    ] as const) {
      expect(finance(channel), channel).toBe(true);
      expect(care(channel), channel).toBe(false);
    }
    for (const channel of [
      'people.create',
      'pathways.update',
      'outreach.add',
      'coordination.add',
      'followUps.importCommit',
    ] as const) {
      expect(care(channel), channel).toBe(true);
      expect(finance(channel), channel).toBe(false);
    }
    for (const channel of [
      'conventions.update',
      'avenants.create',
      'accounts.create',
      'backups.restore',
    ] as const) {
      expect(finance(channel) || care(channel), channel).toBe(false);
    }
  });

  test('a refusal is French and names the role and the roles allowed', () => {
    expect(refusal('fec.import', { account: 'c.durand', role: 'accompagnement' })).toBe(
      'Votre rôle (Accompagnement) ne permet pas cette action : elle est réservée aux rôles Direction et Finances.',
    );
    expect(refusal('people.create', { account: 'l', role: 'lecture' })).toBe(
      'Votre rôle (Lecture seule) ne permet pas cette action : elle est réservée aux rôles Direction et Accompagnement.',
    );
    expect(refusal('avenants.create', { account: 'f', role: 'finance' })).toBe(
      'Votre rôle (Finances) ne permet pas cette action : elle est réservée au rôle Direction.',
    );
    expect(refusal('fec.import', { account: 'f', role: 'finance' })).toBeNull();
  });
});

describe('each role writes its own documents', () => {
  const target = (kind: 'activity' | 'financial' | 'final') => ({
    conventionId: 1,
    kind,
    yearIndex: kind === 'final' ? null : 1,
    allowDraft: false,
  });
  const expected: Record<Role, string[]> = {
    direction: ['activity', 'financial', 'final'],
    finance: ['financial'],
    accompagnement: ['activity'],
    lecture: [],
  };

  test('generation', () => {
    for (const role of roles) {
      for (const kind of ['activity', 'financial', 'final'] as const) {
        const reason = refusal('reports.generate', { account: 'x', role }, target(kind));
        expect(reason === null, `${role} ${kind}`).toBe(expected[role].includes(kind));
        expect(allowedDocument(kind, role)).toBe(expected[role].includes(kind));
      }
    }
    expect(refusal('reports.generate', { account: 'x', role: 'finance' }, target('final'))).toBe(
      'Votre rôle (Finances) ne permet pas cette action : générer le bilan final de la CPO est réservé à la direction.',
    );
  });

  test('narrative sections follow their document, the bilan final under year 0', () => {
    const sections: [number, string, string][] = [
      ...Object.keys(narrativeSections.activity).map(
        (s) => [1, s, 'activity'] as [number, string, string],
      ),
      ...Object.keys(optionalNarrativeSections.activity ?? {}).map(
        (s) => [2, s, 'activity'] as [number, string, string],
      ),
      ...Object.keys(narrativeSections.financial).map(
        (s) => [1, s, 'financial'] as [number, string, string],
      ),
      ...Object.keys(narrativeSections.final).map(
        (s) => [0, s, 'final'] as [number, string, string],
      ),
    ];
    expect(sections.length).toBeGreaterThan(8);
    for (const [yearIndex, section, kind] of sections) {
      expect(narrativeDocument(yearIndex, section)).toBe(kind);
      for (const role of roles) {
        const input = { conventionId: 1, yearIndex, section, text: '' };
        const reason = refusal('narratives.set', { account: 'x', role }, input);
        expect(reason === null, `${role} ${section}`).toBe(expected[role].includes(kind));
      }
    }
  });

  test('only the calls with a per-input rule have one', () => {
    expect(Object.keys(callLimits).sort()).toEqual(['narratives.set', 'reports.generate']);
  });
});
