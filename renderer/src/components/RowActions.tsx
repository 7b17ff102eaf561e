/**
 * The « Modifier » and « Supprimer » buttons at the end of a table row. Both read « Modifier » /
 * « Supprimer » on screen, so each takes an accessible name that says which row it acts on.
 */
import { Button, Group } from '@mantine/core';

export function RowActions({
  editLabel,
  deleteLabel,
  onEdit,
  onDelete,
}: {
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Button variant="subtle" size="compact-sm" aria-label={editLabel} onClick={onEdit}>
        Modifier
      </Button>
      <Button
        variant="subtle"
        color="red"
        size="compact-sm"
        aria-label={deleteLabel}
        onClick={onDelete}
      >
        Supprimer
      </Button>
    </Group>
  );
}
