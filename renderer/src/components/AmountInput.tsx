/**
 * The one field for a figure typed by a person: money (`MoneyInput`, integer cents) or a
 * quantity / percentage (`QuantityInput`, a plain number). A text field that keeps exactly
 * what was typed and reads it with shared/amount.ts: nothing is stripped, rounded or
 * clamped. Text it cannot read shows the parser's French message at the field (once the
 * field is left, or as soon as the form reports an error for it) and is handed to the form
 * as NaN, which no contract schema accepts: the form's save is refused before anything is
 * sent (renderer/src/lib/api.ts checks every call against the contract).
 */
import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  amountNumber,
  formatAmountText,
  maxAmountCents,
  parseAmount,
  scaledAmount,
  type AmountRules,
  type AmountUnit,
} from '../../../shared/amount';

type BaseProps = Omit<TextInputProps, 'value' | 'onChange' | 'error' | 'min' | 'max'> & {
  error?: ReactNode;
  /** Names the field in messages; defaults to the label, else the aria-label. */
  fieldLabel?: string;
};

const unitSuffix: Record<AmountUnit, string | null> = { euros: '€', percent: '%', none: null };

function labelOf(props: BaseProps): string {
  if (props.fieldLabel) return props.fieldLabel;
  if (typeof props.label === 'string') return props.label;
  return props['aria-label'] ?? 'Valeur';
}

/**
 * The shared text field. `value` and `onChange` carry the parser's scaled integer
 * (cents for euros); NaN stands for text that could not be read.
 */
function ScaledAmountInput({
  value,
  onChange,
  rules,
  suffix,
  error,
  fieldLabel: _fieldLabel,
  onBlur,
  ...props
}: BaseProps & {
  value: number | null;
  onChange: (value: number | null) => void;
  rules: AmountRules;
  suffix?: string | null;
}) {
  const toText = (next: number | null) => {
    if (next === null || Number.isNaN(next)) return '';
    const text = formatAmountText(next, rules);
    // Euros keep their cents (1 234,50); a quantity shows as few decimals as it has (4 800, 1,5).
    if (rules.unit === 'euros' || !text.includes(',')) return text;
    return text.replace(/0+$/, '').replace(/,$/, '');
  };
  const [text, setText] = useState(() => toText(value));
  const [left, setLeft] = useState(false);
  // The last value handed to the form: a different one coming back is the form's own change
  // (reset, copy…) and replaces the text; our own value coming back leaves the text alone.
  const sent = useRef<number | null>(value);
  useEffect(() => {
    if (Object.is(value, sent.current)) return;
    sent.current = value;
    setText(toText(value));
    // toText only depends on the rules, fixed for a field.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const parsed = parseAmount(text, rules);
  const ownError = parsed.ok ? null : parsed.message;
  const shown = ownError && (left || error) ? ownError : error;
  const symbol = suffix === undefined ? unitSuffix[rules.unit ?? 'none'] : suffix;

  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        const result = parseAmount(next, rules);
        const emitted = result.ok ? result.value : Number.NaN;
        if (!Object.is(emitted, sent.current)) {
          sent.current = emitted;
          onChange(emitted);
        }
      }}
      onBlur={(event) => {
        setLeft(true);
        onBlur?.(event);
      }}
      error={shown}
      rightSection={
        props.rightSection ??
        (symbol ? (
          <span
            aria-hidden
            style={{
              fontSize: 'var(--mantine-font-size-sm)',
              color: 'var(--mantine-color-gray-7)',
            }}
          >
            {symbol}
          </span>
        ) : undefined)
      }
    />
  );
}

/**
 * A euro amount in integer cents. Negative amounts are refused unless `allowNegative`;
 * `min` / `max` are in cents.
 */
export function MoneyInput({
  valueCents,
  onChangeCents,
  allowNegative = false,
  min,
  max = maxAmountCents,
  required,
  ...props
}: BaseProps & {
  valueCents: number | null;
  /** The cents read, null for an empty field, NaN for text that is not an amount. */
  onChangeCents: (cents: number | null) => void;
  allowNegative?: boolean;
  min?: number;
  max?: number;
}) {
  const rules: AmountRules = {
    label: labelOf(props),
    decimals: 2,
    unit: 'euros',
    allowNegative,
    min: min ?? (allowNegative ? -maxAmountCents : 0),
    max,
    required,
  };
  return (
    <ScaledAmountInput
      {...props}
      required={required}
      rules={rules}
      value={valueCents}
      onChange={onChangeCents}
    />
  );
}

/**
 * A count, a measure or a percentage, as the plain number the contract takes (1,5 → 1.5).
 * `decimals` (0 to 2) says how many digits may follow the comma; `min` / `max` are plain
 * numbers; `unit: 'percent'` lets a person type the `%`.
 */
export function QuantityInput({
  value,
  onChange,
  decimals = 0,
  allowNegative = false,
  min,
  max,
  unit = 'none',
  suffix,
  required,
  ...props
}: BaseProps & {
  value: number | null;
  /** The number read, null for an empty field, NaN for text that is not a number. */
  onChange: (value: number | null) => void;
  decimals?: number;
  allowNegative?: boolean;
  min?: number;
  max?: number;
  unit?: AmountUnit;
  /** Shown after the field when the unit has no symbol to type (« mois », « min »). */
  suffix?: string;
}) {
  const rules: AmountRules = {
    label: labelOf(props),
    decimals,
    unit,
    allowNegative,
    min: min === undefined ? undefined : scaledAmount(min, decimals),
    max: max === undefined ? undefined : scaledAmount(max, decimals),
    required,
  };
  const scaled = value === null || Number.isNaN(value) ? value : scaledAmount(value, decimals);
  return (
    <ScaledAmountInput
      {...props}
      required={required}
      rules={rules}
      suffix={suffix}
      value={scaled}
      onChange={(next) =>
        onChange(next === null || Number.isNaN(next) ? next : amountNumber(next, decimals))
      }
    />
  );
}
