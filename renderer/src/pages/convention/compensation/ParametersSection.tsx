/**
 * The compensation parameters the CPO fixes in advance (finance.md §1): reasonable profit
 * and control readings, shown read-only with the clause and the act they come from. Before
 * signature the convention form changes them; afterwards an avenant does (recorded here).
 */
import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { CallOutput } from '../../../../../shared/contract';
import { formatDate, formatPercent } from '../../../../../shared/format';
import { FormModal } from '../../../components/FormModal';
import { IsoDateInput } from '../../../components/IsoDateInput';
import { errorMap } from '../../../lib/fieldErrors';
import { useAction } from '../../../lib/queries';
import { useCan } from '../../../lib/role';

type Compensation = CallOutput<'compensation.get'>;

const averageLabels = { period: 'sur la période contrôlée', cpo: 'sur toute la CPO' } as const;

/** « la convention signée le 10/02/2025 » or « l'avenant n° 1 signé le 12/03/2026… ». */
export function parametersSourceText(parameters: Compensation['parameters']): string {
  const source = parameters.source;
  if (source === null)
    return parameters.signedOn
      ? `la convention signée le ${formatDate(parameters.signedOn)}`
      : 'la convention (pas encore signée)';
  return `l’avenant n° ${source.avenantNumber} signé le ${formatDate(source.signedOn)}, en vigueur au ${formatDate(source.effectiveFrom)}`;
}

export function ParametersSection({
  conventionId,
  data,
}: {
  conventionId: number;
  data: Compensation;
}) {
  const [amending, setAmending] = useState(false);
  const canAmend = useCan('compensation.amendParameters');
  const signed = data.parameters.signedOn !== null;
  const row = (label: string, value: string) => (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td fw={600}>{value}</Table.Td>
    </Table.Tr>
  );
  return (
    <Card withBorder padding="md" data-testid="compensation-parameters">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={4} size="h5">
              Paramètres fixés par la convention
            </Title>
            <Text size="sm" c="dimmed" maw={860}>
              La convention fixe à l’avance le bénéfice raisonnable et les modalités du contrôle
              (décision 2012/21/UE) ; les rapports les citent avec leur clause. En vigueur
              aujourd’hui : {parametersSourceText(data.parameters)}
              {data.parameters.clause ? `, ${data.parameters.clause}` : ''}.
            </Text>
          </div>
          {signed && canAmend && (
            <Button variant="light" onClick={() => setAmending(true)}>
              Enregistrer un avenant
            </Button>
          )}
        </Group>
        <Table fz="sm" aria-label="Paramètres de la compensation" maw={720}>
          <Table.Tbody>
            {row(
              'Bénéfice raisonnable (taux de marge sur coûts)',
              formatPercent(data.reasonableProfitBp / 10000, 2),
            )}
            {row(
              'Les années d’une période se compensent entre elles',
              data.settings.netting ? 'oui' : 'non',
            )}
            {row(
              'Compensation annuelle moyenne calculée',
              averageLabels[data.settings.averageOver],
            )}
            {row(
              'Durée d’une période de contrôle',
              `${data.settings.periodYears} an${data.settings.periodYears > 1 ? 's' : ''}`,
            )}
            {row('Clause', data.parameters.clause || 'non renseignée')}
          </Table.Tbody>
        </Table>
        {!signed && (
          <Text size="sm" c="dimmed">
            La convention n’a pas de date de signature : ces paramètres se modifient dans sa fiche
            (bouton « Modifier la convention »).
          </Text>
        )}
        {!data.parameters.clause && (
          <Alert color="orange" variant="light">
            Indiquez la clause qui fixe ces paramètres (par exemple « article 6 de la convention »)
            dans la fiche de la convention : les rapports la citent.
          </Alert>
        )}
      </Stack>
      {amending && (
        <AmendModal conventionId={conventionId} data={data} onClose={() => setAmending(false)} />
      )}
    </Card>
  );
}

function AmendModal({
  conventionId,
  data,
  onClose,
}: {
  conventionId: number;
  data: Compensation;
  onClose: () => void;
}) {
  const [signedOn, setSignedOn] = useState<string | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState<string | null>(null);
  const [object, setObject] = useState('Modification des paramètres de la compensation');
  const [profitPercent, setProfitPercent] = useState<number | string>(
    data.reasonableProfitBp / 100,
  );
  const [netting, setNetting] = useState(data.settings.netting);
  const [averageOver, setAverageOver] = useState(data.settings.averageOver);
  const [periodYears, setPeriodYears] = useState(data.settings.periodYears);
  const [clause, setClause] = useState('');
  const save = useAction('compensation.amendParameters', {
    onSuccess: (result) =>
      notifications.show({
        color: 'green',
        title: `Avenant n° ${result.number} enregistré`,
        message: 'Le contrôle applique ces paramètres à partir de la date d’effet.',
      }),
  });
  const errors = errorMap(save.error);
  const submit = () =>
    save.mutate(
      {
        conventionId,
        // Missing values go as they are: the backend answers with the French message.
        avenant: { signedOn: signedOn ?? '', effectiveFrom: effectiveFrom ?? '', object },
        parameters: {
          reasonableProfitBp:
            typeof profitPercent === 'number' ? Math.round(profitPercent * 100) : Number.NaN,
          ocNetting: netting,
          ocAverageOver: averageOver,
          controlPeriodYears: periodYears,
          compensationClause: clause,
        },
      },
      { onSuccess: onClose },
    );
  return (
    <FormModal
      title="Avenant modifiant les paramètres de la compensation"
      submitLabel="Enregistrer l’avenant"
      onSubmit={submit}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
    >
      <Group grow align="flex-start">
        <IsoDateInput
          label="Signé le"
          value={signedOn}
          onChange={setSignedOn}
          error={errors['avenant.signedOn']}
          withAsterisk
        />
        <IsoDateInput
          label="Prend effet le"
          value={effectiveFrom}
          onChange={setEffectiveFrom}
          error={errors['avenant.effectiveFrom']}
          withAsterisk
        />
      </Group>
      <Textarea
        label="Objet de l'avenant"
        value={object}
        onChange={(event) => setObject(event.currentTarget.value)}
        autosize
        minRows={2}
        error={errors['avenant.object']}
        withAsterisk
      />
      <TextInput
        label="Clause de l’avenant qui fixe ces paramètres"
        placeholder="article 2 de l’avenant n° 1"
        value={clause}
        onChange={(event) => setClause(event.currentTarget.value)}
        error={errors['parameters.compensationClause']}
        withAsterisk
      />
      <NumberInput
        label="Bénéfice raisonnable (% des coûts)"
        value={profitPercent}
        onChange={setProfitPercent}
        min={0}
        max={20}
        decimalScale={2}
        decimalSeparator=","
        error={errors['parameters.reasonableProfitBp']}
        w={240}
      />
      <Switch
        label="Les années d'une période se compensent entre elles (un déficit efface un excédent)"
        checked={netting}
        onChange={(event) => setNetting(event.currentTarget.checked)}
      />
      <Group grow align="flex-start">
        <Select
          label="Compensation annuelle moyenne calculée"
          data={[
            { value: 'period', label: averageLabels.period },
            { value: 'cpo', label: averageLabels.cpo },
          ]}
          value={averageOver}
          onChange={(value) => value && setAverageOver(value as 'period' | 'cpo')}
          allowDeselect={false}
        />
        <Select
          label="Durée d'une période de contrôle"
          data={[
            { value: '1', label: '1 an' },
            { value: '2', label: '2 ans' },
            { value: '3', label: '3 ans' },
          ]}
          value={String(periodYears)}
          onChange={(value) => value && setPeriodYears(Number(value))}
          allowDeselect={false}
          error={errors['parameters.controlPeriodYears']}
        />
      </Group>
    </FormModal>
  );
}
