import { Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConventionDetail, ConventionInput } from '../../../../shared/contract/conventions';
import { ConventionForm, type FormSection } from '../../components/ConventionForm';
import { useAction } from '../../lib/queries';
import { useCan } from '../../lib/role';
import { ExportConventionSection } from './ExportConventionSection';

function toInput(detail: ConventionDetail): ConventionInput {
  const {
    id: _id,
    operatorId: _operatorId,
    isDemo: _isDemo,
    retentionMonths: _retentionMonths,
    smallCellThreshold: _smallCellThreshold,
    years: _years,
    warnings: _warnings,
    createdAt: _c,
    updatedAt: _u,
    version: _version,
    ...input
  } = detail;
  return input;
}

export function IdentityTab({
  convention,
  sections,
}: {
  convention: ConventionDetail;
  sections: FormSection[];
}) {
  const update = useAction('conventions.update');
  const canUpdate = useCan('conventions.update');
  const canExport = useCan('conventions.exportFile');
  return (
    <Stack maw={1100}>
      <ConventionForm
        // Remount on save so the form shows what the database now holds.
        key={convention.updatedAt}
        initial={toInput(convention)}
        sections={sections}
        error={update.error}
        submitting={update.isPending}
        submitLabel="Enregistrer"
        readOnly={!canUpdate}
        onSubmit={(values) =>
          update.mutate(
            // The form remounts on every change of the record, so it shows this version.
            { id: convention.id, version: convention.version, values },
            {
              onSuccess: ({ warnings }) => {
                notifications.show({ color: 'green', message: 'Modifications enregistrées.' });
                for (const warning of warnings)
                  notifications.show({ color: 'yellow', message: warning });
              },
            },
          )
        }
      />
      {/* Once, under the identity (the same form also draws the volets screen). */}
      {sections.includes('identity') && canExport && (
        <ExportConventionSection conventionId={convention.id} />
      )}
    </Stack>
  );
}
