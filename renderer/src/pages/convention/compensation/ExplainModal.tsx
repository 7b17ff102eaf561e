/**
 * Where a compensation figure comes from. OC opens its years; each C, R or K of a year
 * opens its parts — the contribution in force, the subsidies and revenue rows, the SIEG
 * cost row by row with the keys and their evidence — and each row opens its FEC lines.
 */
import { Alert, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type {
  CompensationYearData,
  ControlData,
} from '../../../../../shared/contract/compensation';
import { keyBasisLabels } from '../../../../../shared/domain/allocation';
import { supportKindLabels } from '../../../../../shared/domain/compensation';
import { formatEuros, formatNumber, formatPercent } from '../../../../../shared/format';
import { FecLinesModal, type LinesTarget } from '../../../components/FecLinesModal';
import { QueryStatus } from '../../../components/QueryStatus';
import { useCall } from '../../../lib/queries';

export type Explained =
  { kind: 'oc'; control: ControlData } | { kind: 'c' | 'r' | 'k'; year: CompensationYearData };

const right = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

export const figureNames = {
  c: 'C — compensation publique',
  r: 'R — autres recettes du SIEG',
  k: 'K — coûts du SIEG',
} as const;

function title(explained: Explained) {
  return explained.kind === 'oc'
    ? `Surcompensation — ${explained.control.label}`
    : `${figureNames[explained.kind]} — ${explained.year.label}`;
}

export function ExplainModal({
  conventionId,
  years,
  explained,
  onClose,
}: {
  conventionId: number;
  years: CompensationYearData[];
  explained: Explained | null;
  onClose: () => void;
}) {
  // A trail, so a figure opened from OC can go back to it.
  const [trail, setTrail] = useState<Explained[]>([]);
  const [lines, setLines] = useState<LinesTarget | null>(null);
  const current = trail.at(-1) ?? explained;
  const open = (next: Explained) => setTrail((previous) => [...previous, next]);
  const close = () => {
    setTrail([]);
    onClose();
  };

  return (
    <>
      <Modal
        opened={explained !== null && lines === null}
        onClose={close}
        title={current ? title(current) : ''}
        size={1100}
      >
        {current && (
          <Stack gap="md">
            {trail.length > 0 && (
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  onClick={() => setTrail((previous) => previous.slice(0, -1))}
                >
                  ← Retour
                </Button>
              </Group>
            )}
            {current.kind === 'oc' ? (
              <OcDetail
                control={current.control}
                years={years.filter((year) => current.control.yearIndexes.includes(year.yearIndex))}
                onOpen={open}
              />
            ) : current.kind === 'k' ? (
              <KDetail conventionId={conventionId} year={current.year} onLines={setLines} />
            ) : (
              <IncomeDetail
                conventionId={conventionId}
                year={current.year}
                which={current.kind}
                onLines={setLines}
              />
            )}
          </Stack>
        )}
      </Modal>
      <FecLinesModal conventionId={conventionId} target={lines} onClose={() => setLines(null)} />
    </>
  );
}

function FigureButton({
  value,
  label,
  onClick,
}: {
  value: number;
  label: string;
  onClick: () => void;
}) {
  return (
    <Button variant="subtle" size="compact-sm" onClick={onClick} aria-label={label}>
      {formatEuros(value)}
    </Button>
  );
}

function OcDetail({
  control,
  years,
  onOpen,
}: {
  control: ControlData;
  years: CompensationYearData[];
  onOpen: (next: Explained) => void;
}) {
  return (
    <Stack gap="sm">
      <Text size="sm">
        OC = Σ(C + R) − Σ(K + RP)
        {control.carriedIn !== 0 && ' + report de la période précédente'} ={' '}
        <strong data-testid="oc-formula">{formatEuros(control.oc)}</strong>. Chaque montant s'ouvre
        sur ce qui le compose.
      </Text>
      <Table withTableBorder striped fz="sm" aria-label="Années du contrôle">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Année</Table.Th>
            <Table.Th style={right}>C</Table.Th>
            <Table.Th style={right}>R</Table.Th>
            <Table.Th style={right}>K</Table.Th>
            <Table.Th style={right}>RP</Table.Th>
            <Table.Th style={right}>C + R − K − RP</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {years.map((year) => (
            <Table.Tr key={year.yearIndex}>
              <Table.Td>{year.label}</Table.Td>
              {(['c', 'r', 'k'] as const).map((which) => (
                <Table.Td key={which} style={right}>
                  <FigureButton
                    value={year[which]}
                    label={`${figureNames[which]}, ${year.label} : ${formatEuros(year[which])}`}
                    onClick={() => onOpen({ kind: which, year })}
                  />
                </Table.Td>
              ))}
              <Table.Td style={right}>{formatEuros(year.rp)}</Table.Td>
              <Table.Td style={right}>{formatEuros(year.balance)}</Table.Td>
            </Table.Tr>
          ))}
          {control.carriedIn !== 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                Report de la période précédente (compensation reçue d'avance)
              </Table.Td>
              <Table.Td style={right}>{formatEuros(control.carriedIn)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The accounts of a CERFA row for a year, from budget vs actual (the mapping, once). */
function useRowAccounts(conventionId: number, year: CompensationYearData) {
  const vs = useCall(
    'budget.vsActual',
    { conventionId, yearIndex: year.yearIndex, scope: 'operator' },
    { enabled: year.basis === 'actual' },
  );
  return (row: string) => vs.data?.rows.find((r) => r.row === row)?.accounts ?? [];
}

function KDetail({
  conventionId,
  year,
  onLines,
}: {
  conventionId: number;
  year: CompensationYearData;
  onLines: (target: LinesTarget) => void;
}) {
  const costs = useCall(
    'siegCosts.get',
    { conventionId, yearIndex: year.yearIndex },
    { enabled: year.basis === 'actual' },
  );
  const keys = useCall('keys.list', { conventionId, yearIndex: year.yearIndex });
  const accountsOf = useRowAccounts(conventionId, year);
  const { costs: parts } = year.detail;

  if (year.basis !== 'actual')
    return (
      <Alert color="blue" variant="light" title="Chiffre prévisionnel">
        Pas de FEC importé pour cet exercice : K est le total des charges du budget prévisionnel (
        {formatEuros(year.k)}). Il sera remplacé par le réalisé dès l'import du FEC.
      </Alert>
    );
  if (costs.isPending || costs.isError) return <QueryStatus query={costs} />;
  return (
    <Stack gap="md">
      <Text size="sm">
        K = coûts directs du SIEG <strong>{formatEuros(parts.direct)}</strong> + part des frais
        généraux allouée par les clés <strong>{formatEuros(parts.allocated)}</strong>
        {parts.flat !== 0 && (
          <>
            {' '}
            + forfait <strong>{formatEuros(parts.flat)}</strong>
          </>
        )}
        {parts.inKind !== 0 && (
          <>
            {' '}
            + soutiens en nature (locaux, personnel mis à disposition, comptés aussi dans C){' '}
            <strong>{formatEuros(parts.inKind)}</strong>
          </>
        )}{' '}
        = <strong data-testid="k-total">{formatEuros(year.k)}</strong>.
      </Text>
      {(year.detail.dedicated.provision !== 0 || year.detail.dedicated.use !== 0) && (
        <Text size="sm" c="dimmed">
          Hors de K et de R : dotations aux fonds dédiés (689){' '}
          {formatEuros(year.detail.dedicated.provision)}, reprises (789){' '}
          {formatEuros(year.detail.dedicated.use)}.
        </Text>
      )}
      {parts.unallocatedGeneral > 0 && (
        <Alert color="orange" variant="light">
          {formatEuros(parts.unallocatedGeneral)} de frais généraux n'ont pas de clé : ils ne sont
          pas comptés dans K.
        </Alert>
      )}
      <Table withTableBorder striped fz="sm" aria-label="Coûts du SIEG par ligne">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ligne</Table.Th>
            <Table.Th style={right}>Directs SIEG</Table.Th>
            <Table.Th style={right}>Frais généraux</Table.Th>
            <Table.Th>Clé</Table.Th>
            <Table.Th style={right}>Part allouée</Table.Th>
            <Table.Th style={right}>Coût SIEG</Table.Th>
            <Table.Th>Lignes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {costs.data.rows
            .filter((row) => row.siegCost !== 0 || row.general !== 0)
            .map((row) => (
              <Table.Tr key={row.row} data-testid={`k-row-${row.row}`}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td style={right}>{formatEuros(row.sieg)}</Table.Td>
                <Table.Td style={right}>{formatEuros(row.general)}</Table.Td>
                <Table.Td>
                  {row.keyLabel
                    ? `${row.keyLabel} (${formatPercent(row.share ?? 0, 1)})`
                    : row.general !== 0
                      ? 'Aucune clé'
                      : '—'}
                </Table.Td>
                <Table.Td style={right}>{formatEuros(row.allocated)}</Table.Td>
                <Table.Td style={right}>
                  <strong>{formatEuros(row.siegCost)}</strong>
                </Table.Td>
                <Table.Td>
                  <Button
                    variant="light"
                    size="compact-xs"
                    aria-label={`Lignes du FEC — ${row.label}`}
                    onClick={() =>
                      onLines({
                        label: row.label,
                        figure: row.siegCost,
                        accounts: accountsOf(row.row),
                        fiscalYearEnds: [year.fiscalYearEnd],
                        note: `Coût SIEG de la ligne = lignes directes du SIEG (${formatEuros(row.sieg)}) + ${row.keyLabel ? `part des frais généraux par la clé « ${row.keyLabel} »` : 'aucune part de frais généraux'} (${formatEuros(row.allocated)}). Les lignes ci-dessous sont toutes celles des comptes de la ligne ; leur code analytique dit à quel axe chacune appartient.`,
                      })
                    }
                  >
                    Lignes du FEC
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      <div>
        <Title order={4} size="h5" mb="xs">
          Clés de répartition de l'année et leurs justificatifs
        </Title>
        {keys.data && keys.data.length > 0 ? (
          <Table withTableBorder fz="sm" aria-label="Clés de répartition appliquées">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Clé</Table.Th>
                <Table.Th>Base</Table.Th>
                <Table.Th style={right}>SIEG / total</Table.Th>
                <Table.Th style={right}>Part</Table.Th>
                <Table.Th>Justificatif</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.label}</Table.Td>
                  <Table.Td>{keyBasisLabels[key.basis]}</Table.Td>
                  <Table.Td style={right}>
                    {key.basis === 'flat_percent'
                      ? '—'
                      : `${formatNumber(key.siegQuantity)} / ${formatNumber(key.totalQuantity)}`}
                  </Table.Td>
                  <Table.Td style={right}>{formatPercent(key.share, 1)}</Table.Td>
                  <Table.Td>{key.evidence}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            Aucune clé pour cette année (onglet « Budget et réalisé », partie « Répartition SIEG »).
          </Text>
        )}
      </div>
    </Stack>
  );
}

function IncomeDetail({
  conventionId,
  year,
  which,
  onLines,
}: {
  conventionId: number;
  year: CompensationYearData;
  which: 'c' | 'r';
  onLines: (target: LinesTarget) => void;
}) {
  const accountsOf = useRowAccounts(conventionId, year);
  const { detail } = year;
  const rows = which === 'c' ? detail.otherPublic : detail.revenue;
  const source = year.basis === 'actual' ? 'FEC, axe SIEG' : 'budget prévisionnel';
  return (
    <Stack gap="sm">
      <Table withTableBorder striped fz="sm" aria-label={`Composition de ${which.toUpperCase()}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Élément</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th style={right}>Montant</Table.Th>
            <Table.Th>Lignes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {which === 'c' && (
            <Table.Tr>
              <Table.Td>Contribution de l'État (O2R) en vigueur pour l'année</Table.Td>
              <Table.Td>
                Convention et avenants
                {detail.stateBooked !== null &&
                  ` — comptabilisée au FEC sur le SIEG : ${formatEuros(detail.stateBooked)}`}
              </Table.Td>
              <Table.Td style={right}>{formatEuros(detail.stateContribution)}</Table.Td>
              <Table.Td />
            </Table.Tr>
          )}
          {rows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.label}</Table.Td>
              <Table.Td>{source}</Table.Td>
              <Table.Td style={right}>{formatEuros(row.amountCents)}</Table.Td>
              <Table.Td>
                {year.basis === 'actual' && (
                  <Button
                    variant="light"
                    size="compact-xs"
                    aria-label={`Lignes du FEC — ${row.label}`}
                    onClick={() =>
                      onLines({
                        label: row.label,
                        figure: row.amountCents,
                        accounts: accountsOf(row.row),
                        fiscalYearEnds: [year.fiscalYearEnd],
                        note: 'Seules les lignes de l’axe SIEG comptent dans la compensation.',
                      })
                    }
                  >
                    Lignes du FEC
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
          {which === 'c' &&
            detail.supports.map((support) => (
              <Table.Tr key={`support-${support.id}`}>
                <Table.Td>
                  {support.funder} — {supportKindLabels[support.kind]}
                </Table.Td>
                <Table.Td>Saisi : {support.evidence || 'sans justificatif'}</Table.Td>
                <Table.Td style={right}>{formatEuros(support.amountCents)}</Table.Td>
                <Table.Td />
              </Table.Tr>
            ))}
          <Table.Tr fw={700}>
            <Table.Td colSpan={2}>Total {which.toUpperCase()}</Table.Td>
            <Table.Td style={right}>{formatEuros(year[which])}</Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {which === 'r' && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Aucune autre recette du SIEG (ventes, participations, financements privés de l'action).
        </Text>
      )}
    </Stack>
  );
}
