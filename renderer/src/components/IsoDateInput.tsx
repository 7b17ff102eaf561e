/**
 * A date picker in French (jj/mm/aaaa) whose value is an ISO `YYYY-MM-DD` string.
 *
 * The calendar opens on a click, on ArrowDown or Enter, or while typing — not on focus
 * alone: Mantine's DateInput pops it on focus, so a dialog opening on a date field (or Tab
 * reaching one) would cover the form under a calendar nobody asked for. Mantine has no option
 * for this, so the popover's `opened` is driven here.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { useState } from 'react';

export function IsoDateInput({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & {
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const [opened, setOpened] = useState(false);
  const open = () => !props.readOnly && !props.disabled && setOpened(true);
  return (
    <DateInput
      {...props}
      value={value}
      onChange={(next) => onChange(next ? String(next).slice(0, 10) : null)}
      popoverProps={{ ...props.popoverProps, opened }}
      onClick={(event) => {
        props.onClick?.(event);
        open();
      }}
      onInput={(event) => {
        props.onInput?.(event);
        open();
      }}
      onKeyDown={(event) => {
        props.onKeyDown?.(event);
        if (event.key === 'ArrowDown' || event.key === 'Enter') open();
        if (event.key === 'Escape') setOpened(false);
      }}
      // Escape with the calendar open closes the calendar only, not the dialog around the
      // field (Mantine's modals skip an Escape from an element carrying this attribute).
      data-mantine-stop-propagation={opened || undefined}
      onBlur={(event) => {
        props.onBlur?.(event);
        setOpened(false);
      }}
      getDayProps={(day) => {
        const dayProps = props.getDayProps?.(day);
        return {
          ...dayProps,
          onClick: (event: React.MouseEvent<HTMLButtonElement>) => {
            dayProps?.onClick?.(event);
            // A day picked: the date is in the field, the calendar's job is done.
            setOpened(false);
          },
        };
      }}
      valueFormat="DD/MM/YYYY"
      placeholder="jj/mm/aaaa"
      locale="fr"
      clearable={!props.required}
      clearButtonProps={{ 'aria-label': 'Effacer la date' }}
      dateParser={(input) => {
        const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(input.trim());
        if (!match) return null;
        return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
      }}
    />
  );
}
