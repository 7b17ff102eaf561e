/** A date picker in French (jj/mm/aaaa) whose value is an ISO `YYYY-MM-DD` string. */
import { DateInput, type DateInputProps } from '@mantine/dates';

export function IsoDateInput({
  value,
  onChange,
  ...props
}: Omit<DateInputProps, 'value' | 'onChange'> & {
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  return (
    <DateInput
      {...props}
      value={value}
      onChange={(next) => onChange(next ? String(next).slice(0, 10) : null)}
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
