/**
 * A convention built from the team's shared fixtures through the real backend, the way a
 * user would: the operator behind the FEC files (SIREN 123456789), a CPO 2025–2027 with the
 * DREETS Bretagne at 180 000 € a year, both FEC files and the people spreadsheet through
 * the real importers, the subsidies of 741000 told apart by auxiliary account, the analytic
 * rules for 2025 (no analytic column), a time key, a forecast and a valued free premises.
 * Every figure a document prints about it can be worked out from ../shared/fixtures.
 */
import { readFileSync } from 'node:fs';
import type { Backend } from '../../../electron/backend/backend';
import { validConvention } from '../../fixtures/conventionInput';
import { sharedFixture } from '../../fixtures/sharedFixtures';

export const FIXTURE_SIREN = '123456789';
export const FEC_FILES = ['123456789FEC20251231.txt', '123456789FEC20261231.txt'] as const;
export const PEOPLE_FILE = 'suivi-2025-2026.csv';
export const STATE_CENTS = 18_000_000;
export const FIXTURE_REFERENCE = 'CPO-O2R-BRE-FIXTURES';
/** The Ville de Rennes' premises lent free of charge in 2025, valued in C (not in the FEC). */
export const PREMISES_CENTS = 1_200_000;
/** The time key: 4 800 h on the SIEG of 6 400 h, on every charge row. */
export const KEY = { siegQuantity: 4_800, totalQuantity: 6_400 };
export const CHARGE_ROWS = ['60', '61', '62', '63', '64', '65', '66', '67', '68'];

/** Luhn, written here so the SIRET does not depend on the app's own check. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The first establishment number (NIC from 00010) that makes a valid SIRET for the SIREN. */
export function siretFor(siren: string): string {
  for (let nic = 10; nic < 100_000; nic += 1) {
    const siret = `${siren}${String(nic).padStart(5, '0')}`;
    if (luhn(siret)) return siret;
  }
  throw new Error(`No SIRET for ${siren}`);
}

export const FIXTURE_SIRET = siretFor(FIXTURE_SIREN);

/** The forecast of each year: balanced (charges = produits, 86 = 87), as the CERFA wants. */
export const FIXTURE_BUDGET: Record<number, Record<string, number>> = Object.fromEntries(
  [1, 2, 3].map((yearIndex) => [
    yearIndex,
    {
      '60': 1_900_000,
      '61': 2_500_000,
      '62': 2_000_000,
      '63': 700_000,
      '64': 21_000_000,
      '68': 400_000,
      '74_state_o2r': STATE_CENTS,
      '74_department': 4_000_000,
      '74_eu': 3_000_000,
      own: 3_500_000,
      '86': 1_200_000,
      '87': 1_200_000,
    },
  ]),
);

/** Imports FEC fixtures (both years by default) through the real importer. */
export async function importFecFixtures(
  backend: Backend,
  conventionId: number,
  files: readonly string[] = FEC_FILES,
): Promise<void> {
  for (const fileName of files)
    await backend.call('fec.import', {
      conventionId,
      fileName,
      source: { kind: 'path', path: sharedFixture('fec', fileName) },
    });
}

/**
 * Maps every account the app suggests a CERFA row for, in the years given (the subsidies
 * of 741000 by funder: DREETS, Département, FSE+, city), as one rule set.
 */
export async function mapSuggestedRows(
  backend: Backend,
  conventionId: number,
  yearIndexes: readonly number[],
): Promise<void> {
  const rules = new Map<string, { prefix: string; auxiliary: string; row: string }>();
  for (const yearIndex of yearIndexes) {
    const mapping = await backend.call('mapping.get', { conventionId, yearIndex });
    for (const account of mapping.accounts)
      if (account.suggestedRow)
        rules.set(`${account.account}/${account.auxiliary}`, {
          prefix: account.account,
          auxiliary: account.auxiliary,
          row: account.suggestedRow,
        });
  }
  await backend.call('mapping.setMany', {
    conventionId,
    chartVersion: 'ANC_2022_06',
    rules: [...rules.values()],
  });
}

/**
 * 2025 has no analytic column: the O2R subsidies are the SIEG's, the city's the other
 * activity's, everything else a general cost shared by the key.
 */
export const FIXTURE_AUXILIARY_RULES = [
  ['DREETS', 'sieg'],
  ['CD35', 'sieg'],
  ['FSE', 'sieg'],
  ['VILLE', 'other'],
] as const;

/** Saves one analytic rule per auxiliary account, in order. */
export async function saveAuxiliaryRules(
  backend: Backend,
  conventionId: number,
  rules: ReadonlyArray<readonly [string, 'sieg' | 'other']> = FIXTURE_AUXILIARY_RULES,
): Promise<void> {
  for (const [value, axis] of rules)
    await backend.call('analytic.saveRule', {
      conventionId,
      rule: { kind: 'auxiliary', value, axis },
    });
}

/** The time key of the fixtures (4 800 h of 6 400 h) for one year, on `rows`. */
export function saveTimeKey(
  backend: Backend,
  conventionId: number,
  yearIndex: number,
  rows: string[] = CHARGE_ROWS,
) {
  return backend.call('keys.save', {
    conventionId,
    yearIndex,
    key: {
      label: 'Temps passé',
      basis: 'time',
      ...KEY,
      evidence: 'Feuilles de temps : 4 800 h sur 6 400 h',
      rows,
    },
  });
}

/** Premises the Ville de Rennes lends free of charge in 2025 (year 1), valued in C and K. */
export function saveCityPremises(
  backend: Backend,
  conventionId: number,
  amountCents: number,
  evidence: string,
) {
  return backend.call('supports.save', {
    conventionId,
    support: { yearIndex: 1, kind: 'premises', funder: 'Ville de Rennes', amountCents, evidence },
  });
}

export interface FixtureConvention {
  conventionId: number;
  siret: string;
}

/** Builds the fixture convention in `backend` (which may hold the demo too). */
export async function createFixtureConvention(backend: Backend): Promise<FixtureConvention> {
  const { id: conventionId } = await backend.call(
    'conventions.create',
    validConvention({
      operator: {
        name: 'Horizons Emploi 35',
        legalForm: 'Association loi 1901',
        siret: FIXTURE_SIRET,
        rna: 'W353012345',
        address: '12 rue de la Parcheminerie',
        postalCode: '35000',
        city: 'Rennes',
        representativeName: 'Claire Le Bihan',
        representativeRole: 'Présidente',
      },
      reference: FIXTURE_REFERENCE,
      title: 'O2R Ille-et-Vilaine (fixtures partagées)',
      dreetsRegion: 'Bretagne',
      territories: [
        { inseeCode: '35238', commune: 'Rennes', qpv: true, zrr: false },
        { inseeCode: '35288', commune: 'Saint-Malo', qpv: true, zrr: false },
        { inseeCode: '35115', commune: 'Fougères', qpv: true, zrr: false },
        { inseeCode: '35236', commune: 'Redon', qpv: false, zrr: false },
        { inseeCode: '35360', commune: 'Vitré', qpv: false, zrr: false },
        { inseeCode: '35085', commune: 'Combourg', qpv: false, zrr: true },
        { inseeCode: '35012', commune: 'Bain-de-Bretagne', qpv: false, zrr: true },
      ],
      stateContributions: [1, 2, 3].map((yearIndex) => ({ yearIndex, amountCents: STATE_CENTS })),
    }),
  );
  await importFecFixtures(backend, conventionId);

  const people = readFileSync(sharedFixture('people', PEOPLE_FILE));
  const file = { conventionId, fileName: PEOPLE_FILE, contentBase64: people.toString('base64') };
  const preview = await backend.call('people.importPreview', file);
  await backend.call('people.importCommit', { ...file, mapping: preview.mapping });

  // Subsidies by funder from the suggestions (DREETS, Département, FSE+, city), both years.
  await mapSuggestedRows(backend, conventionId, [1, 2]);
  await saveAuxiliaryRules(backend, conventionId);
  for (const yearIndex of [1, 2]) await saveTimeKey(backend, conventionId, yearIndex);
  for (const [yearIndex, lines] of Object.entries(FIXTURE_BUDGET))
    await backend.call('budget.set', {
      conventionId,
      yearIndex: Number(yearIndex),
      lines: Object.entries(lines).map(([row, amountCents]) => ({ row, amountCents })),
    });
  await saveCityPremises(
    backend,
    conventionId,
    PREMISES_CENTS,
    'Convention de mise à disposition gratuite, 80 m² valorisés 12 000 € par an',
  );
  return { conventionId, siret: FIXTURE_SIRET };
}
