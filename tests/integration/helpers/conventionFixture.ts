/** A valid convention input that tests change one field at a time. */
import type { ConventionInput } from '../../../shared/contract/conventions';

export function validConvention(overrides: Partial<ConventionInput> = {}): ConventionInput {
  return {
    operator: {
      name: 'Association Tremplin Test',
      legalForm: 'Association loi 1901',
      siret: '77567227200017',
      rna: 'W123456789',
      address: '1 place de la Mairie',
      postalCode: '29200',
      city: 'Brest',
      representativeName: 'Jeanne Martin',
      representativeRole: 'Présidente',
    },
    reference: 'CPO-O2R-TEST-001',
    title: 'O2R Pays de Brest',
    dreetsRegion: 'Bretagne',
    signedOn: '2025-02-10',
    startDate: '2025-01-01',
    endDate: '2027-12-31',
    fiscalYearEnd: '12-31',
    regime: 'sieg_2012_21',
    reasonableProfitBp: 0,
    volets: [
      { number: 1, label: 'Repérage', covered: true },
      { number: 2, label: 'Remobilisation', covered: true },
      { number: 3, label: 'Accompagnement', covered: true },
      { number: 4, label: 'Coordination', covered: false },
    ],
    territories: [{ inseeCode: '29019', commune: 'Brest', qpv: true, zrr: false }],
    coHolders: [],
    stateContributions: [
      { yearIndex: 1, amountCents: 12_000_000 },
      { yearIndex: 2, amountCents: 12_000_000 },
      { yearIndex: 3, amountCents: 12_000_000 },
    ],
    ...overrides,
  };
}
