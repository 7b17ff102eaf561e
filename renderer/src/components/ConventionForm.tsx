/**
 * The convention form: the operator, the convention's identity and money, and its scope
 * (volets, territories, co-holders). The backend validates with the contract's schema and
 * answers French messages per field; this form only places them under the right input.
 */
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  List,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  ActionIcon,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { conventionWarnings, type ConventionInput } from '../../../shared/contract/conventions';
import { reasonableProfitWarning } from '../../../shared/domain/siegFigures';
import { conventionYears, defaultEndDate, isIsoDate } from '../../../shared/domain/conventionYears';
import {
  defaultVoletLabels,
  dreetsRegions,
  legalForms,
  regimes,
} from '../../../shared/domain/referenceLists';
import { formatDate } from '../../../shared/format';
import { errorMap } from '../lib/fieldErrors';
import { ErrorSummary } from './ErrorSummary';
import { IsoDateInput } from './IsoDateInput';
import { MoneyInput, QuantityInput } from './AmountInput';

export type FormSection = 'identity' | 'scope';

export function emptyConvention(): ConventionInput {
  return {
    operator: {
      name: '',
      legalForm: 'Association loi 1901',
      siret: '',
      rna: '',
      address: '',
      postalCode: '',
      city: '',
      representativeName: '',
      representativeRole: 'Président(e)',
    },
    reference: '',
    title: '',
    dreetsRegion: undefined as unknown as ConventionInput['dreetsRegion'],
    signedOn: null,
    startDate: '',
    endDate: '',
    fiscalYearEnd: '12-31',
    regime: 'sieg_2012_21',
    reasonableProfitBp: 0,
    volets: [1, 2, 3, 4].map((number) => ({
      number,
      label: defaultVoletLabels[number] ?? '',
      covered: true,
    })),
    territories: [],
    coHolders: [],
    stateContributions: [],
  };
}

/** `12-31` ↔ `31/12`: people read day first. */
const fiscalToText = (value: string) =>
  /^\d{2}-\d{2}$/.test(value) ? `${value.slice(3)}/${value.slice(0, 2)}` : value;
const textToFiscal = (text: string) => {
  const match = /^(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  return match ? `${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : text;
};

export function ConventionForm({
  initial,
  sections,
  error,
  submitting,
  submitLabel,
  onSubmit,
  onCancel,
  readOnly = false,
}: {
  initial: ConventionInput;
  sections: FormSection[];
  /** The last save's error, if any: its field messages go under the fields. */
  error: unknown;
  submitting: boolean;
  submitLabel: string;
  onSubmit: (values: ConventionInput) => void;
  onCancel?: () => void;
  /** The team mode, a role that may not change the convention: shown, no input, no button. */
  readOnly?: boolean;
}) {
  const [values, setValues] = useState<ConventionInput>(initial);
  const [fiscalText, setFiscalText] = useState(fiscalToText(initial.fiscalYearEnd));
  const set = <K extends keyof ConventionInput>(key: K, value: ConventionInput[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const setOperator = <K extends keyof ConventionInput['operator']>(
    key: K,
    value: ConventionInput['operator'][K],
  ) => setValues((current) => ({ ...current, operator: { ...current.operator, [key]: value } }));

  const fiscalYearEnd = textToFiscal(fiscalText);
  const years = useMemo(
    () => conventionYears(values.startDate, values.endDate, fiscalYearEnd),
    [values.startDate, values.endDate, fiscalYearEnd],
  );
  const warnings = years.length > 0 ? conventionWarnings({ ...values, fiscalYearEnd }) : [];
  const contributionFor = (index: number) =>
    values.stateContributions?.find((contribution) => contribution.yearIndex === index)
      ?.amountCents ?? null;
  const setContribution = (index: number, cents: number | null) =>
    set(
      'stateContributions',
      [
        ...(values.stateContributions ?? []).filter(
          (contribution) => contribution.yearIndex !== index,
        ),
        ...(cents === null ? [] : [{ yearIndex: index, amountCents: cents }]),
      ].sort((a, b) => a.yearIndex - b.yearIndex),
    );
  const territories = values.territories ?? [];
  const coHolders = values.coHolders ?? [];
  const errors = errorMap(error);
  // Once the signature is saved, the compensation parameters change only by an avenant.
  const parametersLocked = Boolean(initial.signedOn);
  const lockedNote =
    'Fixé par la convention signée : modifiable par un avenant (onglet « Compensation SIEG »)';

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit({
          ...values,
          fiscalYearEnd,
          // Only the years the dates define are sent; amounts typed for a year that no
          // longer exists are dropped rather than refused.
          stateContributions: (values.stateContributions ?? []).filter(
            (contribution) => contribution.yearIndex <= Math.max(years.length, 1),
          ),
        });
      }}
    >
      {/* A disabled fieldset makes every input inside read-only at once. */}
      <Fieldset variant="unstyled" disabled={readOnly} p={0}>
        <Stack gap="lg">
          <ErrorSummary error={error} scrollIntoView />

          {sections.includes('identity') && (
            <>
              <Fieldset legend="Opérateur">
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <TextInput
                    label="Nom de l'opérateur"
                    required
                    value={values.operator.name}
                    onChange={(e) => setOperator('name', e.currentTarget.value)}
                    error={errors['operator.name']}
                  />
                  <Select
                    label="Forme juridique"
                    required
                    data={[...legalForms]}
                    value={values.operator.legalForm}
                    onChange={(value) =>
                      value && setOperator('legalForm', value as (typeof legalForms)[number])
                    }
                    error={errors['operator.legalForm']}
                    allowDeselect={false}
                  />
                  <TextInput
                    label="SIRET"
                    required
                    description="14 chiffres"
                    value={values.operator.siret}
                    onChange={(e) => setOperator('siret', e.currentTarget.value)}
                    error={errors['operator.siret']}
                  />
                  <TextInput
                    label="N° RNA"
                    description="W suivi de 9 chiffres (associations)"
                    value={values.operator.rna ?? ''}
                    onChange={(e) => setOperator('rna', e.currentTarget.value)}
                    error={errors['operator.rna']}
                  />
                  <TextInput
                    label="Adresse"
                    value={values.operator.address ?? ''}
                    onChange={(e) => setOperator('address', e.currentTarget.value)}
                    error={errors['operator.address']}
                  />
                  <Group grow>
                    <TextInput
                      label="Code postal"
                      value={values.operator.postalCode ?? ''}
                      onChange={(e) => setOperator('postalCode', e.currentTarget.value)}
                      error={errors['operator.postalCode']}
                    />
                    <TextInput
                      label="Commune"
                      value={values.operator.city ?? ''}
                      onChange={(e) => setOperator('city', e.currentTarget.value)}
                      error={errors['operator.city']}
                    />
                  </Group>
                  <TextInput
                    label="Représentant légal"
                    required
                    value={values.operator.representativeName}
                    onChange={(e) => setOperator('representativeName', e.currentTarget.value)}
                    error={errors['operator.representativeName']}
                  />
                  <TextInput
                    label="Qualité du représentant"
                    required
                    value={values.operator.representativeRole}
                    onChange={(e) => setOperator('representativeRole', e.currentTarget.value)}
                    error={errors['operator.representativeRole']}
                  />
                </SimpleGrid>
              </Fieldset>

              <Fieldset legend="Convention">
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <TextInput
                    label="Référence de la convention"
                    required
                    value={values.reference}
                    onChange={(e) => set('reference', e.currentTarget.value)}
                    error={errors.reference}
                  />
                  <Select
                    label="DREETS"
                    required
                    placeholder="Choisir la région"
                    data={[...dreetsRegions]}
                    value={values.dreetsRegion ?? null}
                    onChange={(value) =>
                      set('dreetsRegion', value as ConventionInput['dreetsRegion'])
                    }
                    error={errors.dreetsRegion}
                    searchable
                  />
                  <TextInput
                    label="Intitulé"
                    value={values.title ?? ''}
                    onChange={(e) => set('title', e.currentTarget.value)}
                    error={errors.title}
                  />
                  <IsoDateInput
                    label="Date de signature"
                    value={values.signedOn ?? null}
                    onChange={(value) => set('signedOn', value)}
                    error={errors.signedOn}
                  />
                  <IsoDateInput
                    label="Date de début"
                    required
                    value={values.startDate || null}
                    onChange={(value) => {
                      const start = value ?? '';
                      setValues((current) => ({
                        ...current,
                        startDate: start,
                        // Three years by default: filled in once, then left to the user.
                        endDate:
                          !current.endDate && isIsoDate(start)
                            ? defaultEndDate(start)
                            : current.endDate,
                      }));
                    }}
                    error={errors.startDate}
                  />
                  <IsoDateInput
                    label="Date de fin"
                    required
                    description="3 ans par défaut"
                    value={values.endDate || null}
                    onChange={(value) => set('endDate', value ?? '')}
                    error={errors.endDate}
                  />
                  <TextInput
                    label="Clôture de l'exercice comptable"
                    description="jour/mois, par ex. 31/12"
                    required
                    value={fiscalText}
                    onChange={(e) => setFiscalText(e.currentTarget.value)}
                    error={errors.fiscalYearEnd}
                  />
                  <Select
                    label="Régime"
                    required
                    data={Object.entries(regimes).map(([value, label]) => ({ value, label }))}
                    value={values.regime}
                    onChange={(value) => value && set('regime', value as ConventionInput['regime'])}
                    error={errors.regime}
                    allowDeselect={false}
                  />
                  <QuantityInput
                    label="Bénéfice raisonnable (taux de marge sur coûts)"
                    description={
                      parametersLocked
                        ? lockedNote
                        : (reasonableProfitWarning(values.reasonableProfitBp) ??
                          'En % des coûts du SIEG, fixé par la convention (0 pour la plupart des associations)')
                    }
                    disabled={parametersLocked}
                    value={values.reasonableProfitBp / 100}
                    // Sent in basis points; NaN (unreadable or empty) is refused before sending.
                    onChange={(value) =>
                      set(
                        'reasonableProfitBp',
                        value === null ? Number.NaN : Math.round(value * 100),
                      )
                    }
                    decimals={2}
                    unit="percent"
                    max={20}
                    required
                    error={errors.reasonableProfitBp}
                  />
                  {/* The control readings the CPO fixes in advance (finance.md §1). */}
                  <Select
                    label="Années d'une période compensées entre elles"
                    description={parametersLocked ? lockedNote : 'Un déficit efface un excédent'}
                    disabled={parametersLocked}
                    data={[
                      { value: 'yes', label: 'Oui' },
                      { value: 'no', label: 'Non' },
                    ]}
                    value={(values.ocNetting ?? true) ? 'yes' : 'no'}
                    onChange={(value) => value && set('ocNetting', value === 'yes')}
                    error={errors.ocNetting}
                    allowDeselect={false}
                  />
                  <Select
                    label="Compensation annuelle moyenne calculée"
                    description={parametersLocked ? lockedNote : undefined}
                    disabled={parametersLocked}
                    data={[
                      { value: 'period', label: 'sur la période contrôlée' },
                      { value: 'cpo', label: 'sur toute la CPO' },
                    ]}
                    value={values.ocAverageOver ?? 'period'}
                    onChange={(value) => value && set('ocAverageOver', value as 'period' | 'cpo')}
                    error={errors.ocAverageOver}
                    allowDeselect={false}
                  />
                  <Select
                    label="Durée d'une période de contrôle"
                    description={parametersLocked ? lockedNote : 'Trois ans au plus'}
                    disabled={parametersLocked}
                    data={[
                      { value: '1', label: '1 an' },
                      { value: '2', label: '2 ans' },
                      { value: '3', label: '3 ans' },
                    ]}
                    value={String(values.controlPeriodYears ?? 3)}
                    onChange={(value) => value && set('controlPeriodYears', Number(value))}
                    error={errors.controlPeriodYears}
                    allowDeselect={false}
                  />
                  <TextInput
                    label="Clause qui fixe ces paramètres"
                    description={
                      parametersLocked ? lockedNote : 'Par ex. « article 6 de la convention »'
                    }
                    disabled={parametersLocked}
                    value={values.compensationClause ?? ''}
                    onChange={(e) => set('compensationClause', e.currentTarget.value)}
                    error={errors.compensationClause}
                  />
                  <TextInput
                    label="Convention suivante"
                    description="Sa référence : elle déduira une surcompensation reportée à la fin"
                    value={values.followingConvention ?? ''}
                    onChange={(e) => set('followingConvention', e.currentTarget.value)}
                    error={errors.followingConvention}
                  />
                </SimpleGrid>
                {warnings.length > 0 && (
                  <Alert color="yellow" mt="md" title="À vérifier">
                    <List size="sm">
                      {warnings.map((warning) => (
                        <List.Item key={warning}>{warning}</List.Item>
                      ))}
                    </List>
                  </Alert>
                )}
              </Fieldset>

              <Fieldset legend="Années de la convention et contribution de l'État">
                {years.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    Les années apparaissent dès que les dates de début, de fin et de clôture sont
                    saisies.
                  </Text>
                ) : (
                  <Table aria-label="Années de la convention">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Année</Table.Th>
                        <Table.Th>Période</Table.Th>
                        <Table.Th>Compte rendu dû le</Table.Th>
                        <Table.Th>Contribution de l'État</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {years.map((year) => (
                        <Table.Tr key={year.index}>
                          <Table.Td>
                            Année {year.index} ({year.label})
                            {year.partial ? ' — exercice partiel' : ''}
                          </Table.Td>
                          <Table.Td>
                            {formatDate(year.start)} – {formatDate(year.end)}
                          </Table.Td>
                          <Table.Td>{formatDate(year.reportDue)}</Table.Td>
                          <Table.Td>
                            <MoneyInput
                              aria-label={`Contribution de l'État, année ${year.index}`}
                              valueCents={contributionFor(year.index)}
                              onChangeCents={(cents) => setContribution(year.index, cents)}
                              error={
                                errors[
                                  `stateContributions.${(values.stateContributions ?? []).findIndex((c) => c.yearIndex === year.index)}.amountCents`
                                ]
                              }
                            />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Fieldset>
            </>
          )}

          {sections.includes('scope') && (
            <>
              <Fieldset legend="Volets couverts">
                <Stack gap="xs">
                  {values.volets.map((volet, index) => (
                    <Group key={volet.number} wrap="nowrap">
                      <Checkbox
                        aria-label={`Volet ${volet.number} couvert`}
                        checked={volet.covered}
                        onChange={(e) => {
                          const covered = e.currentTarget.checked;
                          set(
                            'volets',
                            values.volets.map((v, i) => (i === index ? { ...v, covered } : v)),
                          );
                        }}
                      />
                      <Text w={70} size="sm" fw={600}>
                        Volet {volet.number}
                      </Text>
                      <TextInput
                        aria-label={`Intitulé du volet ${volet.number}`}
                        style={{ flex: 1 }}
                        value={volet.label}
                        onChange={(e) => {
                          const label = e.currentTarget.value;
                          set(
                            'volets',
                            values.volets.map((v, i) => (i === index ? { ...v, label } : v)),
                          );
                        }}
                        error={errors[`volets.${index}.label`]}
                      />
                    </Group>
                  ))}
                  {errors.volets && (
                    <Text c="red" size="sm">
                      {errors.volets}
                    </Text>
                  )}
                </Stack>
              </Fieldset>

              <Fieldset legend="Territoires">
                <Stack gap="xs">
                  {territories.length === 0 && (
                    <Text size="sm" c="dimmed">
                      Aucune commune pour l'instant.
                    </Text>
                  )}
                  {territories.length > 0 && (
                    <Table aria-label="Territoires">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Code INSEE</Table.Th>
                          <Table.Th>Commune</Table.Th>
                          <Table.Th>QPV</Table.Th>
                          <Table.Th>ZRR</Table.Th>
                          <Table.Th />
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {territories.map((territory, index) => {
                          const update = (patch: Partial<typeof territory>) =>
                            set(
                              'territories',
                              territories.map((t, i) => (i === index ? { ...t, ...patch } : t)),
                            );
                          return (
                            <Table.Tr key={index}>
                              <Table.Td w={140}>
                                <TextInput
                                  aria-label={`Code INSEE, ligne ${index + 1}`}
                                  value={territory.inseeCode}
                                  onChange={(e) => update({ inseeCode: e.currentTarget.value })}
                                  error={errors[`territories.${index}.inseeCode`]}
                                />
                              </Table.Td>
                              <Table.Td>
                                <TextInput
                                  aria-label={`Commune, ligne ${index + 1}`}
                                  value={territory.commune}
                                  onChange={(e) => update({ commune: e.currentTarget.value })}
                                  error={errors[`territories.${index}.commune`]}
                                />
                              </Table.Td>
                              <Table.Td>
                                <Checkbox
                                  aria-label={`QPV, ligne ${index + 1}`}
                                  checked={territory.qpv ?? false}
                                  onChange={(e) => update({ qpv: e.currentTarget.checked })}
                                />
                              </Table.Td>
                              <Table.Td>
                                <Checkbox
                                  aria-label={`ZRR, ligne ${index + 1}`}
                                  checked={territory.zrr ?? false}
                                  onChange={(e) => update({ zrr: e.currentTarget.checked })}
                                />
                              </Table.Td>
                              <Table.Td>
                                <ActionIcon
                                  variant="subtle"
                                  color="red"
                                  display={readOnly ? 'none' : undefined}
                                  aria-label={`Retirer la commune, ligne ${index + 1}`}
                                  onClick={() =>
                                    set(
                                      'territories',
                                      territories.filter((_, i) => i !== index),
                                    )
                                  }
                                >
                                  ✕
                                </ActionIcon>
                              </Table.Td>
                            </Table.Tr>
                          );
                        })}
                      </Table.Tbody>
                    </Table>
                  )}
                  <Group display={readOnly ? 'none' : undefined}>
                    <Button
                      variant="light"
                      onClick={() =>
                        set('territories', [
                          ...territories,
                          { inseeCode: '', commune: '', qpv: false, zrr: false },
                        ])
                      }
                    >
                      Ajouter une commune
                    </Button>
                  </Group>
                </Stack>
              </Fieldset>

              <Fieldset legend="Co-porteurs">
                <Stack gap="xs">
                  <Text size="sm" c="dimmed">
                    Lorsque plusieurs structures portent le projet, l'une d'elles est chef de file.
                    Sans chef de file désigné, l'opérateur l'est.
                  </Text>
                  <Radio.Group
                    value={String(coHolders.findIndex((holder) => holder.isLead))}
                    onChange={(value) =>
                      set(
                        'coHolders',
                        coHolders.map((holder, i) => ({ ...holder, isLead: String(i) === value })),
                      )
                    }
                    error={errors.coHolders}
                  >
                    <Stack gap="xs">
                      {coHolders.map((holder, index) => {
                        const update = (patch: Partial<typeof holder>) =>
                          set(
                            'coHolders',
                            coHolders.map((h, i) => (i === index ? { ...h, ...patch } : h)),
                          );
                        return (
                          <Group key={index} align="flex-start">
                            <TextInput
                              aria-label={`Nom du co-porteur ${index + 1}`}
                              placeholder="Nom"
                              style={{ flex: 2 }}
                              value={holder.name}
                              onChange={(e) => update({ name: e.currentTarget.value })}
                              error={errors[`coHolders.${index}.name`]}
                            />
                            <TextInput
                              aria-label={`SIRET du co-porteur ${index + 1}`}
                              placeholder="SIRET"
                              style={{ flex: 1 }}
                              value={holder.siret ?? ''}
                              onChange={(e) => update({ siret: e.currentTarget.value })}
                              error={errors[`coHolders.${index}.siret`]}
                            />
                            <Radio value={String(index)} label="Chef de file" mt={8} />
                            <ActionIcon
                              mt={6}
                              variant="subtle"
                              color="red"
                              display={readOnly ? 'none' : undefined}
                              aria-label={`Retirer le co-porteur ${index + 1}`}
                              onClick={() =>
                                set(
                                  'coHolders',
                                  coHolders.filter((_, i) => i !== index),
                                )
                              }
                            >
                              ✕
                            </ActionIcon>
                          </Group>
                        );
                      })}
                    </Stack>
                  </Radio.Group>
                  <Group display={readOnly ? 'none' : undefined}>
                    <Button
                      variant="light"
                      onClick={() =>
                        set('coHolders', [...coHolders, { name: '', siret: '', isLead: false }])
                      }
                    >
                      Ajouter un co-porteur
                    </Button>
                  </Group>
                </Stack>
              </Fieldset>
            </>
          )}

          {!readOnly && (
            <Group justify="flex-end">
              {onCancel && (
                <Button variant="default" onClick={onCancel}>
                  Annuler
                </Button>
              )}
              <Button type="submit" loading={submitting}>
                {submitLabel}
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
