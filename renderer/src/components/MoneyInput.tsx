/** A euro amount typed in fr-FR (`1 234,56`), held as integer cents. */
import { NumberInput, type NumberInputProps } from '@mantine/core';
import { centsToEuros, eurosToCents } from '../../../shared/money';

export function MoneyInput({
  valueCents,
  onChangeCents,
  ...props
}: Omit<NumberInputProps, 'value' | 'onChange'> & {
  valueCents: number | null;
  onChangeCents: (cents: number | null) => void;
}) {
  return (
    <NumberInput
      {...props}
      value={valueCents === null ? '' : centsToEuros(valueCents)}
      onChange={(value) => onChangeCents(value === '' ? null : eurosToCents(Number(value)))}
      decimalSeparator=","
      thousandSeparator={'\u00a0'}
      decimalScale={2}
      suffix=" €"
      hideControls
    />
  );
}
