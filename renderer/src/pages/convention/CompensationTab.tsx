/**
 * « Compensation SIEG »: what the director signs — the State's contribution did not exceed
 * the net cost of the service plus a reasonable profit. The control first, then what it
 * rests on that is entered here: the payments, other public support, the de minimis watch.
 */
import { Divider, Stack } from '@mantine/core';
import { ControlSection } from './compensation/ControlSection';
import { DeMinimisSection } from './compensation/DeMinimisSection';
import { PaymentsSection } from './compensation/PaymentsSection';
import { SiegRulesSection } from './compensation/SiegRulesSection';
import { SupportsSection } from './compensation/SupportsSection';

export function CompensationTab({ conventionId, today }: { conventionId: number; today: string }) {
  return (
    <Stack gap="xl">
      <ControlSection conventionId={conventionId} />
      <Divider />
      <PaymentsSection conventionId={conventionId} today={today} />
      <Divider />
      <SupportsSection conventionId={conventionId} />
      <Divider />
      <SiegRulesSection conventionId={conventionId} />
      <Divider />
      <DeMinimisSection conventionId={conventionId} today={today} />
    </Stack>
  );
}
