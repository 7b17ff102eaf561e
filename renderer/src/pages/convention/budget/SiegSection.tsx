/**
 * « Répartition SIEG »: the analytic axis of each line of the year's FEC (from the file's
 * codes, else from rules), the allocation keys of the year with their evidence, and the
 * SIEG's cost row by row (direct SIEG costs + the share of general costs each key gives).
 */
import {
  Alert,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import {
  axisLabels,
  keyBasisLabels,
  keyShare,
  type Axis,
  type KeyBasis,
} from '../../../../../shared/domain/allocation';
import { cerfaRows } from '../../../../../shared/domain/cerfa';
import { formatEuros, formatNumber, formatPercent } from '../../../../../shared/format';
import { QuantityInput } from '../../../components/AmountInput';
import { ErrorSummary } from '../../../components/ErrorSummary';
import { FormModal } from '../../../components/FormModal';
import { LabelSelect } from '../../../components/LabelSelect';
import { QueryStatus } from '../../../components/QueryStatus';
import { RowActions } from '../../../components/RowActions';
import { ScrollRegion } from '../../../components/ScrollRegion';
import { DeleteConfirmModal, useDeleteConfirm } from '../../../components/DeleteConfirm';
import { useEditModal } from '../../../components/useEditModal';
import { errorMap } from '../../../lib/fieldErrors';
import { useAction, useCall } from '../../../lib/queries';
import { useCan } from '../../../lib/role';
import type { CallOutput } from '../../../../../shared/contract';
import { rowLabel } from './MappingSection';

const axisOptions = (Object.keys(axisLabels) as Axis[]).map((axis) => ({
  value: axis,
  label: axisLabels[axis],
}));
const ruleKindLabels = {
  account: 'Compte',
  prefix: 'Préfixe de compte',
  journal: 'Journal',
  auxiliary: 'Compte auxiliaire (financeur)',
};
/** The rows a key can spread: the direct charges and the indirect ones, not contributions in kind. */
const chargeRows = cerfaRows.filter((row) => row.side === 'charges' && !row.inKind);
const chargeRowOptions = chargeRows.map((row) => ({ value: row.code, label: row.label }));
const directChargeCodes = chargeRows.filter((row) => /^6\d$/.test(row.code)).map((r) => r.code);

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

export function SiegSection({
  conventionId,
  yearIndex,
}: {
  conventionId: number;
  yearIndex: number;
}) {
  return (
    <Stack gap="xl">
      <AnalyticPart conventionId={conventionId} yearIndex={yearIndex} />
      <KeysPart conventionId={conventionId} yearIndex={yearIndex} />
      <SiegCostsPart conventionId={conventionId} yearIndex={yearIndex} />
    </Stack>
  );
}

function AnalyticPart({ conventionId, yearIndex }: { conventionId: number; yearIndex: number }) {
  const analytic = useCall('analytic.get', { conventionId, yearIndex });
  // The team mode: roles without the analytic calls read the codes and rules only.
  const canEdit = useCan('analytic.setCode');
  const setCode = useAction('analytic.setCode');
  const saveRule = useAction('analytic.saveRule');
  const deleteRule = useAction('analytic.deleteRule');
  const [kind, setKind] = useState<keyof typeof ruleKindLabels>('prefix');
  const [value, setValue] = useState('');
  const [axis, setAxis] = useState<Axis>('general');
  const ruleErrors = errorMap(saveRule.error);

  if (analytic.isPending || analytic.isError) return <QueryStatus query={analytic} />;
  const data = analytic.data;

  const addRule = () =>
    saveRule.mutate(
      { conventionId, rule: { kind, value: value.trim(), axis } },
      { onSuccess: () => setValue('') },
    );

  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Axe analytique des charges — année {yearIndex}
        </Title>
        <Text size="sm" c="dimmed" maw={860}>
          Chaque ligne du FEC est rattachée à l'activité SIEG (O2R), aux autres activités ou aux
          frais généraux à répartir : par son code analytique quand le fichier en donne un, sinon
          par les règles ci-dessous. Une ligne sans code ni règle est un frais général.
        </Text>
      </div>
      {!data.hasFile && (
        <Alert color="blue" variant="light">
          Aucun FEC importé pour cet exercice : les montants apparaîtront après l'import.
        </Alert>
      )}
      <Text size="sm">Solde débiteur des lignes conservées par axe (charges moins produits) :</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0}>
        {(Object.keys(axisLabels) as Axis[]).map((key) => (
          <Paper key={key} withBorder p="sm">
            <Text component="dt" size="sm" c="dimmed">
              {axisLabels[key]}
            </Text>
            <Text component="dd" m={0} fw={700} fz="lg">
              {formatEuros(data.byAxis[key])}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <ErrorSummary error={setCode.error ?? deleteRule.error} />
      {canEdit && data.hasFile && data.codedLines === 0 && data.guide.length > 0 && (
        <UncodedGuide conventionId={conventionId} yearIndex={yearIndex} guide={data.guide} />
      )}

      <Stack gap="xs">
        <Title order={4} size="h5">
          Codes analytiques du fichier
        </Title>
        {data.codes.length === 0 ? (
          <Text size="sm" c="dimmed">
            Le FEC de l'exercice ne porte aucun code analytique : les règles ci-dessous
            s'appliquent.
          </Text>
        ) : (
          <ScrollRegion label="Codes analytiques (défilement)">
            <Table withTableBorder striped fz="sm" aria-label="Codes analytiques">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Code</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Lignes</Table.Th>
                  <Table.Th style={{ textAlign: 'right' }}>Solde débiteur</Table.Th>
                  <Table.Th>Axe</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.codes.map((code) => (
                  <Table.Tr key={code.code}>
                    <Table.Td fw={600}>{code.code}</Table.Td>
                    <Table.Td style={right}>{formatNumber(code.lines)}</Table.Td>
                    <Table.Td style={right}>{formatEuros(code.netDebitCents)}</Table.Td>
                    <Table.Td miw={260}>
                      <Select
                        aria-label={`Axe du code ${code.code}`}
                        data={axisOptions}
                        value={code.axis}
                        allowDeselect={false}
                        size="xs"
                        readOnly={!canEdit}
                        description={code.saved ? undefined : 'Proposé d’après le code'}
                        onChange={(next) =>
                          next &&
                          next !== code.axis &&
                          setCode.mutate({ conventionId, code: code.code, axis: next as Axis })
                        }
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={4} size="h5">
          Règles pour les lignes sans code
        </Title>
        <Text size="sm" c="dimmed">
          Un compte précis l'emporte sur un préfixe (le plus long d'abord), puis sur un journal.
        </Text>
        {data.rules.length > 0 && (
          <Table withTableBorder striped fz="sm" aria-label="Règles d'axe analytique" maw={820}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Type</Table.Th>
                <Table.Th>Valeur</Table.Th>
                <Table.Th>Axe</Table.Th>
                <Table.Th w={90}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rules.map((rule) => (
                <Table.Tr key={rule.id}>
                  <Table.Td>{ruleKindLabels[rule.kind]}</Table.Td>
                  <Table.Td fw={600}>{rule.value}</Table.Td>
                  <Table.Td>{axisLabels[rule.axis]}</Table.Td>
                  <Table.Td>
                    <Button
                      variant="subtle"
                      color="red"
                      size="compact-sm"
                      display={canEdit ? undefined : 'none'}
                      aria-label={`Supprimer la règle ${rule.value}`}
                      loading={deleteRule.isPending}
                      onClick={() => deleteRule.mutate({ id: rule.id })}
                    >
                      Supprimer
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <ErrorSummary error={saveRule.error} />
        <Group align="flex-start" gap="sm" display={canEdit ? undefined : 'none'}>
          <LabelSelect
            label="Type de règle"
            labels={ruleKindLabels}
            value={kind}
            onChange={setKind}
            w={200}
            error={ruleErrors['rule.kind']}
          />
          <TextInput
            label={
              kind === 'journal'
                ? 'Code journal'
                : kind === 'prefix'
                  ? 'Préfixe'
                  : kind === 'auxiliary'
                    ? 'Compte auxiliaire'
                    : 'Compte'
            }
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            w={160}
            error={ruleErrors['rule.value']}
          />
          <LabelSelect
            label="Axe de la règle"
            labels={axisLabels}
            value={axis}
            onChange={setAxis}
            w={260}
            error={ruleErrors['rule.axis']}
          />
          <Button mt={25} onClick={addRule} loading={saveRule.isPending}>
            Ajouter la règle
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}

type GuideRow = CallOutput<'analytic.get'>['guide'][number];

/** Where a row's lines stand now: one axis, or « mixte » when rules split them. */
function currentPlacement(row: GuideRow): string {
  const axes = new Set(row.accounts.map((account) => account.axis));
  if (axes.size > 1) return 'Mixte (selon les règles)';
  const [only] = [...axes];
  const label = axisLabels[only as Axis];
  return row.decided ? label : `${label} (par défaut)`;
}

/** The rules a confirmed row creates: a 74 line by its funder, any other by its account. */
function rulesForRow(row: GuideRow, axis: Axis) {
  const rules = row.accounts.map((account) =>
    account.auxiliary
      ? { kind: 'auxiliary' as const, value: account.auxiliary, axis }
      : { kind: 'account' as const, value: account.account, axis },
  );
  return [...new Map(rules.map((rule) => [`${rule.kind}|${rule.value}`, rule])).values()];
}

/**
 * The year's FEC has no analytic code: its lines by CERFA row, what the app proposes for
 * each row, and one click (then a confirmation listing the rules) to place the row.
 */
function UncodedGuide({
  conventionId,
  yearIndex,
  guide,
}: {
  conventionId: number;
  yearIndex: number;
  guide: GuideRow[];
}) {
  const [chosen, setChosen] = useState<Record<string, Axis>>({});
  const [confirming, setConfirming] = useState<{ row: GuideRow; axis: Axis } | null>(null);
  const apply = useAction('analytic.applyRules', {
    onSuccess: ({ created, updated }) =>
      notifications.show({
        color: 'green',
        title: 'Axe analytique enregistré',
        message: `${created} règle(s) créée(s), ${updated} modifiée(s).`,
      }),
  });
  const open = guide.filter((row) => !row.decided).length;
  return (
    <Paper withBorder p="md" data-testid="analytic-guide">
      <Stack gap="sm">
        <Alert
          color="orange"
          variant="light"
          title="Le FEC de l'exercice n'a pas de code analytique"
        >
          Indiquez, ligne par ligne du compte rendu, ce qui relève du SIEG, des autres activités ou
          des frais généraux (répartis ensuite par une clé). Une proposition est faite pour chaque
          ligne ; rien n'est enregistré sans votre confirmation.{' '}
          {open > 0 ? `${open} ligne(s) restent à placer.` : 'Toutes les lignes sont placées.'}
        </Alert>
        <ScrollRegion label="Lignes sans code analytique (défilement)">
          <Table withTableBorder striped fz="sm" aria-label="Lignes sans code analytique">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ligne</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Montant</Table.Th>
                <Table.Th>Comptes</Table.Th>
                <Table.Th>Placement actuel</Table.Th>
                <Table.Th>Axe proposé</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {guide.map((row) => {
                const axis =
                  chosen[row.row] ?? (row.decided ? row.accounts[0]!.axis : row.proposal);
                return (
                  <Table.Tr key={row.row}>
                    <Table.Td fw={600} miw={180}>
                      {row.label}
                    </Table.Td>
                    <Table.Td style={right}>{formatEuros(row.amountCents)}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="xs">
                        {row.accounts
                          .map((account) =>
                            account.auxiliary
                              ? `${account.account} ${account.auxiliary}`
                              : `${account.account} ${account.label}`,
                          )
                          .join(' · ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {row.decided ? (
                        <Text size="sm" c="#1b5e20" fw={600}>
                          {currentPlacement(row)}
                        </Text>
                      ) : (
                        <Text size="sm">{currentPlacement(row)}</Text>
                      )}
                    </Table.Td>
                    <Table.Td miw={230}>
                      <Select
                        aria-label={`Axe de la ligne ${row.label}`}
                        data={axisOptions}
                        value={axis}
                        allowDeselect={false}
                        size="xs"
                        description={row.reason}
                        onChange={(next) =>
                          next && setChosen((current) => ({ ...current, [row.row]: next as Axis }))
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant={row.decided ? 'default' : 'filled'}
                        aria-label={`${row.decided ? 'Modifier' : 'Appliquer'} l'axe : ${row.label}`}
                        onClick={() => {
                          apply.reset();
                          setConfirming({ row, axis });
                        }}
                      >
                        {row.decided ? 'Modifier' : 'Appliquer'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      </Stack>
      {confirming && (
        <FormModal
          title={`Placer la ligne « ${confirming.row.label} »`}
          submitLabel="Créer les règles"
          size="md"
          saving={apply.isPending}
          error={apply.error}
          onClose={() => setConfirming(null)}
          onSubmit={() =>
            apply.mutate(
              { conventionId, rules: rulesForRow(confirming.row, confirming.axis) },
              { onSuccess: () => setConfirming(null) },
            )
          }
        >
          <Text size="sm">
            {formatEuros(confirming.row.amountCents)} de l'année {yearIndex} iront en «{' '}
            {axisLabels[confirming.axis]} ». Ces règles s'appliquent à tous les exercices de la
            convention :
          </Text>
          <Stack gap={2} component="ul" m={0} pl="md">
            {rulesForRow(confirming.row, confirming.axis).map((rule) => (
              <Text component="li" size="sm" key={`${rule.kind}|${rule.value}`}>
                {ruleKindLabels[rule.kind]} {rule.value} → {axisLabels[rule.axis]}
              </Text>
            ))}
          </Stack>
        </FormModal>
      )}
    </Paper>
  );
}

type KeyRow = {
  id: number;
  label: string;
  basis: KeyBasis;
  siegQuantity: number;
  totalQuantity: number;
  evidence: string;
  rows: string[];
  share: number;
};

function quantityText(key: Pick<KeyRow, 'basis' | 'siegQuantity' | 'totalQuantity'>): string {
  if (key.basis === 'flat_percent') return formatPercent(key.siegQuantity / 10_000, 2);
  return `${formatNumber(key.siegQuantity, { decimals: true })} / ${formatNumber(key.totalQuantity, { decimals: true })}`;
}

function rowsText(rows: readonly string[]): string {
  if (rows.length === 0) return '—';
  const codes = cerfaRows.filter((row) => rows.includes(row.code)).map((row) => row.code);
  return codes.map((code) => (code === 'indirect' ? 'charges indirectes' : code)).join(', ');
}

function KeysPart({ conventionId, yearIndex }: { conventionId: number; yearIndex: number }) {
  const keys = useCall('keys.list', { conventionId, yearIndex });
  const canEdit = useCan('keys.save');
  const editor = useEditModal<KeyRow>();
  const remove = useAction('keys.delete');
  const deletion = useDeleteConfirm<KeyRow>(remove);
  const [confirmReplace, setConfirmReplace] = useState(false);
  const copy = useAction('keys.copyPrevious', {
    onSuccess: ({ copied, replaced }) => {
      setConfirmReplace(false);
      notifications.show({
        color: 'green',
        title: 'Clés reprises',
        message: `${copied} clé(s) de l'année ${yearIndex - 1} reprise(s)${replaced > 0 ? `, ${replaced} remplacée(s)` : ''} : mettez à jour leurs justificatifs.`,
      });
    },
  });
  const hasKeys = (keys.data?.length ?? 0) > 0;
  const copyPrevious = () => {
    copy.reset();
    if (hasKeys) setConfirmReplace(true);
    else copy.mutate({ conventionId, yearIndex, replace: false });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3} size="h4">
            Clés de répartition — année {yearIndex}
          </Title>
          <Text size="sm" c="dimmed" maw={860}>
            Une clé partage les frais généraux des lignes qu'elle couvre entre le SIEG et le reste ;
            un forfait ajoute un pourcentage des coûts directs du SIEG. Chaque clé garde son
            justificatif, repris dans l'annexe du compte rendu.
          </Text>
        </div>
        <Group gap="sm" display={canEdit ? undefined : 'none'}>
          {yearIndex > 1 && (
            <Button
              variant="default"
              onClick={copyPrevious}
              loading={copy.isPending && !confirmReplace}
            >
              Reprendre les clés de l'année précédente
            </Button>
          )}
          <Button onClick={editor.openNew}>Ajouter une clé</Button>
        </Group>
      </Group>
      {!confirmReplace && <ErrorSummary error={copy.error} />}
      <Text size="xs" c="dimmed">
        Les règles d'axe analytique valent pour toute la convention : seules les clés changent d'une
        année à l'autre.
      </Text>
      <QueryStatus query={keys} />
      {keys.data && keys.data.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune clé pour cette année : les frais généraux ne sont pas répartis.
        </Text>
      )}
      {keys.data && keys.data.length > 0 && (
        <ScrollRegion label="Clés de répartition (défilement)">
          <Table withTableBorder striped fz="sm" aria-label="Clés de répartition">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Clé</Table.Th>
                <Table.Th>Base</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>SIEG / total</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Part SIEG</Table.Th>
                <Table.Th>Justificatif</Table.Th>
                <Table.Th>Lignes couvertes</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(keys.data as KeyRow[]).map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td fw={600}>{key.label}</Table.Td>
                  <Table.Td>{keyBasisLabels[key.basis]}</Table.Td>
                  <Table.Td style={right}>{quantityText(key)}</Table.Td>
                  <Table.Td style={right}>{formatPercent(key.share, 1)}</Table.Td>
                  <Table.Td maw={320}>{key.evidence}</Table.Td>
                  <Table.Td>
                    {key.basis === 'flat_percent' ? 'coûts directs du SIEG' : rowsText(key.rows)}
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <RowActions
                        editLabel={`Modifier la clé ${key.label}`}
                        deleteLabel={`Supprimer la clé ${key.label}`}
                        onEdit={() => editor.edit(key)}
                        onDelete={() => deletion.ask(key)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {editor.opened && (
        <KeyModal
          conventionId={conventionId}
          yearIndex={yearIndex}
          initial={editor.initial}
          onClose={editor.close}
        />
      )}
      {confirmReplace && (
        <FormModal
          title={`Remplacer les clés de l'année ${yearIndex}`}
          submitLabel="Remplacer par celles de l'année précédente"
          size="md"
          saving={copy.isPending}
          error={copy.error}
          onClose={() => setConfirmReplace(false)}
          onSubmit={() => copy.mutate({ conventionId, yearIndex, replace: true })}
        >
          <Text size="sm">
            L'année {yearIndex} a déjà {keys.data?.length ?? 0} clé(s). Elles seront supprimées et
            remplacées par les clés de l'année {yearIndex - 1} (mêmes quantités, justificatifs
            marqués « à mettre à jour »).
          </Text>
        </FormModal>
      )}
      <DeleteConfirmModal deletion={deletion} title="Supprimer la clé de répartition">
        {(key) => (
          <>
            La clé « {key.label} » sera supprimée : les frais généraux qu'elle couvrait ne seront
            plus répartis sur le SIEG.
          </>
        )}
      </DeleteConfirmModal>
    </Stack>
  );
}

function KeyModal({
  conventionId,
  yearIndex,
  initial,
  onClose,
}: {
  conventionId: number;
  yearIndex: number;
  initial: KeyRow | null;
  onClose: () => void;
}) {
  const [label, setLabel] = useState(initial?.label ?? '');
  const [basis, setBasis] = useState<KeyBasis>(initial?.basis ?? 'time');
  const flat = basis === 'flat_percent';
  // A flat key is typed in % and sent in basis points.
  // null: not typed yet; NaN: typed but unreadable (the field says why, the save is refused).
  const [siegQuantity, setSiegQuantity] = useState<number | null>(
    initial
      ? initial.basis === 'flat_percent'
        ? initial.siegQuantity / 100
        : initial.siegQuantity
      : null,
  );
  const [totalQuantity, setTotalQuantity] = useState<number | null>(initial?.totalQuantity ?? null);
  const [evidence, setEvidence] = useState(initial?.evidence ?? '');
  const [rows, setRows] = useState<string[]>(initial?.rows ?? []);
  const save = useAction('keys.save', {
    onSuccess: (_data, input) =>
      notifications.show({
        color: 'green',
        title: 'Clé enregistrée',
        message: `« ${input.key.label} » — année ${yearIndex}.`,
      }),
  });
  const [missing, setMissing] = useState(false);
  const errors = errorMap(save.error);
  const quantityError = missing
    ? flat
      ? 'Indiquez le taux du forfait.'
      : 'Indiquez la quantité du SIEG.'
    : errors['key.siegQuantity'];

  const submit = () => {
    // An empty quantity is not a zero share: asked for before anything is sent.
    setMissing(siegQuantity === null);
    if (siegQuantity === null) return;
    const sieg = siegQuantity;
    save.mutate(
      {
        conventionId,
        yearIndex,
        key: {
          ...(initial ? { id: initial.id } : {}),
          label,
          basis,
          siegQuantity: flat ? Math.round(sieg * 100) : sieg,
          totalQuantity: flat ? 0 : (totalQuantity ?? 0),
          evidence,
          rows: flat ? [] : rows,
        },
      },
      { onSuccess: onClose },
    );
  };

  // Shown once both quantities are there; a flat key already says its rate.
  const share =
    flat ||
    siegQuantity === null ||
    totalQuantity === null ||
    Number.isNaN(siegQuantity) ||
    !(totalQuantity > 0)
      ? null
      : keyShare({ basis, siegQuantity, totalQuantity });

  return (
    <FormModal
      title={initial ? `Modifier la clé « ${initial.label} »` : 'Nouvelle clé de répartition'}
      submitLabel="Enregistrer la clé"
      onSubmit={submit}
      onClose={onClose}
      saving={save.isPending}
      error={save.error}
    >
      <TextInput
        label="Intitulé de la clé"
        value={label}
        onChange={(event) => setLabel(event.currentTarget.value)}
        error={errors['key.label']}
        withAsterisk
      />
      <LabelSelect
        label="Base de la clé"
        labels={keyBasisLabels}
        value={basis}
        onChange={setBasis}
        error={errors['key.basis']}
      />
      {flat ? (
        <QuantityInput
          label="Taux du forfait (% des coûts directs du SIEG)"
          fieldLabel="Taux du forfait"
          value={siegQuantity}
          onChange={setSiegQuantity}
          max={100}
          decimals={2}
          unit="percent"
          error={quantityError}
        />
      ) : (
        <Group grow align="flex-start">
          <QuantityInput
            label="Quantité du SIEG"
            value={siegQuantity}
            onChange={setSiegQuantity}
            decimals={2}
            error={quantityError}
          />
          <QuantityInput
            label="Quantité totale"
            value={totalQuantity}
            onChange={setTotalQuantity}
            decimals={2}
            error={errors['key.totalQuantity']}
          />
        </Group>
      )}
      {share !== null && (
        <Text size="sm">
          Part du SIEG : <strong>{formatPercent(share, 1)}</strong>
        </Text>
      )}
      <Textarea
        label="Justificatif (sur quoi repose la clé)"
        description="Par exemple : relevés de temps 2025, plan des locaux, registre des personnes accueillies."
        value={evidence}
        onChange={(event) => setEvidence(event.currentTarget.value)}
        autosize
        minRows={2}
        error={errors['key.evidence']}
        withAsterisk
      />
      {!flat && (
        <Stack gap={4}>
          <MultiSelect
            label="Lignes de charges couvertes"
            data={chargeRowOptions}
            value={rows}
            onChange={setRows}
            clearable
            error={errors['key.rows']}
          />
          <Group gap="xs">
            <Button
              variant="light"
              size="compact-sm"
              onClick={() => setRows((current) => [...new Set([...current, ...directChargeCodes])])}
            >
              Ajouter les lignes 60 à 68
            </Button>
          </Group>
        </Stack>
      )}
    </FormModal>
  );
}

function SiegCostsPart({ conventionId, yearIndex }: { conventionId: number; yearIndex: number }) {
  const costs = useCall('siegCosts.get', { conventionId, yearIndex });
  if (costs.isPending || costs.isError) return <QueryStatus query={costs} />;
  const data = costs.data;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Coût du SIEG ligne par ligne — année {yearIndex}
      </Title>
      {!data.hasActuals && (
        <Alert color="blue" variant="light">
          Aucun FEC importé pour cet exercice : le coût du SIEG se calcule sur les réalisations.
        </Alert>
      )}
      {data.unallocatedGeneral > 0 && (
        <Alert color="orange" variant="light" role="status" title="Frais généraux non répartis">
          {formatEuros(data.unallocatedGeneral)} de frais généraux ne sont couverts par aucune clé.
        </Alert>
      )}
      <ScrollRegion label="Coût du SIEG (défilement horizontal)">
        <Table withTableBorder striped fz="sm" aria-label="Coût du SIEG par ligne">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Ligne</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>SIEG direct</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Autres activités</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Frais généraux</Table.Th>
              <Table.Th>Clé</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Part</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Réparti au SIEG</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Coût SIEG</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((row) => (
              <Table.Tr key={row.row}>
                <Table.Td>{row.label || rowLabel(row.row)}</Table.Td>
                <Table.Td style={right}>{formatEuros(row.sieg)}</Table.Td>
                <Table.Td style={right}>{formatEuros(row.other)}</Table.Td>
                <Table.Td style={right}>{formatEuros(row.general)}</Table.Td>
                <Table.Td>{row.keyLabel ?? (row.general > 0 ? 'aucune' : '—')}</Table.Td>
                <Table.Td style={right}>
                  {row.share === null ? '—' : formatPercent(row.share, 1)}
                </Table.Td>
                <Table.Td style={right}>{formatEuros(row.allocated)}</Table.Td>
                <Table.Td style={{ ...right, fontWeight: 600 }}>
                  {formatEuros(row.siegCost)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0} data-testid="sieg-totals">
        {[
          ['Coûts directs du SIEG', data.direct],
          ['Frais généraux répartis', data.allocated],
          ['Forfait', data.flat],
          ['Coût du SIEG (K)', data.total],
        ].map(([label, value]) => (
          <Paper key={label} withBorder p="sm">
            <Text component="dt" size="sm" c="dimmed">
              {label}
            </Text>
            <Text component="dd" m={0} fw={700} fz="lg">
              {formatEuros(value as number)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
