/** « Année de la convention »: a required choice among the convention's years, by index. */
import { Select } from '@mantine/core';

export function YearSelect({
  years,
  value,
  onChange,
  error,
}: {
  years: readonly { yearIndex: number; label: string }[];
  value: number | null;
  onChange: (yearIndex: number | null) => void;
  error?: string;
}) {
  return (
    <Select
      label="Année de la convention"
      data={years.map((year) => ({ value: String(year.yearIndex), label: year.label }))}
      value={value === null ? null : String(value)}
      onChange={(next) => onChange(next === null ? null : Number(next))}
      allowDeselect={false}
      error={error}
      withAsterisk
    />
  );
}
