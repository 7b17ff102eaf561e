/**
 * A Select over a fixed set of codes, each shown by its French label (`paymentKindLabels`…).
 * One code is always chosen: the select cannot be cleared, so `onChange` never gets null.
 */
import { Select, type SelectProps } from '@mantine/core';

export function LabelSelect<V extends string>({
  labels,
  value,
  onChange,
  ...props
}: Omit<SelectProps<V>, 'data' | 'value' | 'onChange' | 'allowDeselect'> & {
  labels: Record<V, string>;
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <Select<V>
      {...props}
      data={(Object.keys(labels) as V[]).map((code) => ({ value: code, label: labels[code] }))}
      value={value}
      onChange={(next) => next !== null && onChange(next)}
      allowDeselect={false}
    />
  );
}
