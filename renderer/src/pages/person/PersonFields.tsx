/**
 * The fields of a person's profile and of their identity, shared by « Nouvelle personne »
 * and the person page. The profile is pseudonymous (file number, birth year, commune…);
 * the identity is kept apart and only ever shown on the person's own page.
 */
import {
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import type { IdentityInput } from '../../../../shared/contract/people';
import {
  eligibilityGrounds,
  sexes,
  situationFlags,
  type CodedItem,
} from '../../../../shared/domain/peopleLists';
import { IsoDateInput } from '../../components/IsoDateInput';
import type { ErrorMap } from '../../lib/fieldErrors';

export interface PersonDraft {
  fileNumber: string;
  sex: 'F' | 'M' | 'X' | null;
  birthYear: number | null;
  commune: string;
  inseeCode: string;
  qpv: boolean;
  qpvName: string;
  zrr: boolean;
  eligibilityGround: string | null;
  lastReferentContact: string | null;
  situationFlags: string[];
}

export const emptyPerson = (): PersonDraft => ({
  fileNumber: '',
  sex: null,
  birthYear: null,
  commune: '',
  inseeCode: '',
  qpv: false,
  qpvName: '',
  zrr: false,
  eligibilityGround: null,
  lastReferentContact: null,
  situationFlags: [],
});

export type IdentityDraft = Required<IdentityInput>;
export const emptyIdentity = (): IdentityDraft => ({
  lastName: '',
  firstName: '',
  phone: '',
  email: '',
});

export const options = (items: readonly CodedItem[]) =>
  items.map((item) => ({ value: item.code, label: item.label }));

export const fileNumberHelp =
  'Un code qui ne permet pas de reconnaître la personne (ex. HE-0241) : jamais son nom ni ses initiales.';

export function PersonFields({
  value,
  onChange,
  errors,
  prefix,
}: {
  value: PersonDraft;
  onChange: (value: PersonDraft) => void;
  errors: ErrorMap;
  /** Where the backend puts this object's errors (`person.`). */
  prefix: string;
}) {
  const set = <K extends keyof PersonDraft>(key: K, next: PersonDraft[K]) =>
    onChange({ ...value, [key]: next });
  const error = (key: keyof PersonDraft) => errors[`${prefix}${key}`];
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="N° de dossier"
          description={fileNumberHelp}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
          value={value.fileNumber}
          onChange={(e) => set('fileNumber', e.currentTarget.value)}
          error={error('fileNumber')}
        />
        <Select
          label="Sexe"
          data={options(sexes)}
          value={value.sex}
          onChange={(next) => set('sex', next as PersonDraft['sex'])}
          clearable
          error={error('sex')}
        />
        <NumberInput
          label="Année de naissance"
          value={value.birthYear ?? ''}
          onChange={(next) => set('birthYear', next === '' ? null : Number(next))}
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=""
          hideControls
          error={error('birthYear')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label="Commune de résidence"
          value={value.commune}
          onChange={(e) => set('commune', e.currentTarget.value)}
          error={error('commune')}
        />
        <TextInput
          label="Code INSEE de la commune"
          value={value.inseeCode}
          maxLength={5}
          onChange={(e) => set('inseeCode', e.currentTarget.value)}
          error={error('inseeCode')}
        />
        <Group gap="lg" align="flex-end" pb={8}>
          <Checkbox
            label="Réside en QPV"
            checked={value.qpv}
            onChange={(e) =>
              onChange({
                ...value,
                qpv: e.currentTarget.checked,
                qpvName: e.currentTarget.checked ? value.qpvName : '',
              })
            }
          />
          <Checkbox
            label="Réside en ZRR"
            checked={value.zrr}
            onChange={(e) => set('zrr', e.currentTarget.checked)}
          />
        </Group>
      </SimpleGrid>
      {value.qpv && (
        <TextInput
          label="Quartier prioritaire (QPV)"
          placeholder="ex. Le Blosne"
          maw={420}
          value={value.qpvName}
          onChange={(e) => set('qpvName', e.currentTarget.value)}
          error={error('qpvName')}
        />
      )}
      <Grid>
        <Grid.Col span={{ base: 12, sm: 7 }}>
          <Select
            label="Motif d'éligibilité"
            data={options(eligibilityGrounds)}
            value={value.eligibilityGround}
            onChange={(next) => set('eligibilityGround', next)}
            clearable
            error={error('eligibilityGround')}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <IsoDateInput
            label="Dernier contact avec l'organisme référent"
            description={
              value.eligibilityGround === 'no_contact_5_months'
                ? 'Au moins 5 mois avant l’entrée en accompagnement.'
                : 'France Travail, mission locale, Cap emploi, conseil départemental.'
            }
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={value.lastReferentContact}
            onChange={(next) => set('lastReferentContact', next)}
            error={error('lastReferentContact')}
          />
        </Grid.Col>
      </Grid>
      <MultiSelect
        label="Situation à l'entrée"
        placeholder={value.situationFlags.length === 0 ? 'Aucune situation particulière' : ''}
        data={options(situationFlags)}
        value={value.situationFlags}
        onChange={(next) => set('situationFlags', next)}
        clearable
        error={error('situationFlags')}
      />
    </>
  );
}

export function IdentityFields({
  value,
  onChange,
  errors,
  prefix,
}: {
  value: IdentityDraft;
  onChange: (value: IdentityDraft) => void;
  errors: ErrorMap;
  prefix: string;
}) {
  const set = (key: keyof IdentityDraft, next: string) => onChange({ ...value, [key]: next });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="Nom"
        autoComplete="off"
        value={value.lastName}
        onChange={(e) => set('lastName', e.currentTarget.value)}
        error={errors[`${prefix}lastName`]}
      />
      <TextInput
        label="Prénom"
        autoComplete="off"
        value={value.firstName}
        onChange={(e) => set('firstName', e.currentTarget.value)}
        error={errors[`${prefix}firstName`]}
      />
      <TextInput
        label="Téléphone"
        type="tel"
        autoComplete="off"
        value={value.phone}
        onChange={(e) => set('phone', e.currentTarget.value)}
        error={errors[`${prefix}phone`]}
      />
      <TextInput
        label="Adresse e-mail"
        type="email"
        autoComplete="off"
        value={value.email}
        onChange={(e) => set('email', e.currentTarget.value)}
        error={errors[`${prefix}email`]}
      />
    </SimpleGrid>
  );
}
