/**
 * What a section shows while its data is loading or when it failed to load, so every section
 * says « Chargement » and shows the error the same way. Shows nothing once the data is there.
 */
import { Alert, Loader } from '@mantine/core';
import { errorMessage } from '../lib/fieldErrors';

export function QueryStatus({
  query,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
}) {
  if (query.isPending) return <Loader role="status" size="sm" aria-label="Chargement" />;
  if (query.isError) return <Alert color="red">{errorMessage(query.error)}</Alert>;
  return null;
}
