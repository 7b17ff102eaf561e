/**
 * « Budget et réalisé »: the forecast in the rows of the compte rendu financier (CERFA
 * 15059), the account → row mapping of each financial year, the SIEG's share of the costs
 * (analytic axis and allocation keys), and the forecast against the FEC actuals with the
 * gaps to explain. One year at a time; the comparison also reads for the whole CPO.
 */
import { Alert, Group, Select, Stack, Tabs, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { formatDate } from '../../../../shared/format';
import { BudgetGrid } from './budget/BudgetGrid';
import { MappingSection } from './budget/MappingSection';
import { SiegSection } from './budget/SiegSection';
import { forgetRequestedSection, requestedBudgetSection } from './budget/requestedSection';
import { VsActualSection } from './budget/VsActualSection';

const ALL = 'all';

const sections = [
  { value: 'budget', label: 'Budget prévisionnel' },
  { value: 'correspondance', label: 'Correspondance des comptes' },
  { value: 'sieg', label: 'Répartition SIEG' },
  { value: 'prevu-realise', label: 'Prévu / réalisé' },
] as const;
type Section = (typeof sections)[number]['value'];

export function BudgetTab({ convention }: { convention: ConventionDetail }) {
  // Another screen may have asked for one part and year (the FEC tab's next step).
  const [year, setYear] = useState<string>(() =>
    String(requestedBudgetSection()?.yearIndex ?? convention.years[0]?.index ?? 1),
  );
  const [section, setSection] = useState<Section>(
    () => requestedBudgetSection()?.section ?? 'budget',
  );
  useEffect(forgetRequestedSection, []);
  const yearIndex = year === ALL ? null : Number(year);
  const selected = convention.years.find((y) => y.index === yearIndex) ?? null;
  const cumulatedAllowed = section === 'prevu-realise';

  const yearOptions = [
    ...convention.years.map((y) => ({
      value: String(y.index),
      label: `Année ${y.index} (${y.label})`,
    })),
    { value: ALL, label: 'Toute la CPO' },
  ];

  const needsYear = (
    <Alert color="blue" variant="light" title="Choisissez une année">
      Cette partie se remplit exercice par exercice : choisissez une année ci-dessus. Le cumul de
      toute la CPO se lit dans {'«\u00a0Prévu / réalisé\u00a0»'}.
    </Alert>
  );

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="lg">
        <Select
          label="Année de la convention"
          data={yearOptions}
          value={year}
          onChange={(value) => value && setYear(value)}
          allowDeselect={false}
          w={260}
        />
        {selected && (
          <Text size="sm" c="dimmed" pb={8}>
            Exercice du {formatDate(selected.fiscalYearStart)} au{' '}
            {formatDate(selected.fiscalYearEnd)}
          </Text>
        )}
      </Group>
      <Tabs
        value={section}
        onChange={(value) => setSection((value as Section | null) ?? 'budget')}
        variant="pills"
        keepMounted={false}
      >
        <Tabs.List aria-label="Parties du budget">
          {sections.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="budget" pt="md">
          {selected ? (
            <BudgetGrid
              conventionId={convention.id}
              year={selected}
              nextYear={convention.years.find((y) => y.index === selected.index + 1) ?? null}
            />
          ) : (
            needsYear
          )}
        </Tabs.Panel>
        <Tabs.Panel value="correspondance" pt="md">
          {selected ? (
            <MappingSection conventionId={convention.id} yearIndex={selected.index} />
          ) : (
            needsYear
          )}
        </Tabs.Panel>
        <Tabs.Panel value="sieg" pt="md">
          {selected ? (
            <SiegSection conventionId={convention.id} yearIndex={selected.index} />
          ) : (
            needsYear
          )}
        </Tabs.Panel>
        <Tabs.Panel value="prevu-realise" pt="md">
          {(selected || cumulatedAllowed) && (
            <VsActualSection
              conventionId={convention.id}
              yearIndex={yearIndex}
              years={convention.years}
            />
          )}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
