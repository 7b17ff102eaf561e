/**
 * The FEC lines behind an actual figure: every line of the accounts that make it, over
 * the financial years it covers (a subsidy's lines of one funder only). Budget vs actual
 * and the SIEG compensation both open it.
 */
import { Alert, Badge, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { formatEuros, formatNumber } from '../../../shared/format';
import { call } from '../lib/api';
import { plural } from '../lib/display';
import { errorMessage } from '../lib/fieldErrors';
import { FecLinesTable } from './FecLinesTable';

const LINES_SHOWN = 500;

export interface LinesTarget {
  label: string;
  /** The figure the lines explain, shown on top. */
  figure: number;
  accounts: { account: string; auxiliary: string; label: string; netDebitCents: number }[];
  fiscalYearEnds: string[];
  /** Why the figure is not simply the sum of the lines (e.g. a share by a key). */
  note?: string;
}

export function FecLinesModal({
  conventionId,
  target,
  onClose,
}: {
  conventionId: number;
  target: LinesTarget | null;
  onClose: () => void;
}) {
  // One request per year and account (and funder for a subsidy); the cumulated view lists
  // an account once per year, so duplicates are dropped.
  const requests = target
    ? [
        ...new Map(
          target.fiscalYearEnds.flatMap((fiscalYearEnd) =>
            target.accounts.map((account) => {
              const request = {
                fiscalYearEnd,
                account: account.account,
                ...(account.auxiliary ? { auxiliary: account.auxiliary } : {}),
              };
              return [JSON.stringify(request), request] as const;
            }),
          ),
        ).values(),
      ]
    : [];
  const results = useQueries({
    queries: requests.map((request) => ({
      queryKey: ['fec.accountLines', { conventionId, ...request, limit: LINES_SHOWN }],
      queryFn: () => call('fec.accountLines', { conventionId, ...request, limit: LINES_SHOWN }),
    })),
  });
  const pending = results.some((result) => result.isPending);
  const failed = results.find((result) => result.isError);
  const lines = results
    .flatMap((result) => result.data?.lines ?? [])
    .sort((a, b) => a.date.localeCompare(b.date) || a.lineNo - b.lineNo);
  const total = results.reduce((sum, result) => sum + (result.data?.total ?? 0), 0);

  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={target ? `${target.label} — lignes du FEC` : ''}
      size={1200}
    >
      {target && (
        <Stack gap="sm">
          {target.note && (
            <Text size="sm" c="dimmed">
              {target.note}
            </Text>
          )}
          <Text size="sm">
            Réalisé : <strong>{formatEuros(target.figure)}</strong> —{' '}
            {plural(target.accounts.length, 'compte')} :
          </Text>
          <Group gap="xs">
            {target.accounts.map((account) => (
              <Badge
                key={`${account.account}:${account.auxiliary}`}
                variant="light"
                tt="none"
                size="lg"
              >
                {account.account}
                {account.auxiliary && ` · ${account.auxiliary}`} {account.label} — solde débiteur{' '}
                {formatEuros(account.netDebitCents)}
              </Badge>
            ))}
          </Group>
          {pending && <Loader role="status" size="sm" aria-label="Chargement" />}
          {failed && <Alert color="red">{errorMessage(failed.error)}</Alert>}
          {!pending && (
            <>
              <Text size="sm">
                {plural(total, 'ligne')}
                {total > lines.length &&
                  ` — les ${formatNumber(lines.length)} premières sont affichées`}
              </Text>
              <FecLinesTable lines={lines} maxHeight="60vh" />
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
