/**
 * How a call is declared. Each call names its input and output schema once, here in
 * shared/; the backend's handler table, the preload's allowlist and the web bridge's
 * routes are all derived from the same object, so a call cannot exist in one place only.
 */
import { z } from 'zod';
import { formatNumber } from '../format';

// Every message zod produces by itself is French; our own refinements are French too.
z.config(z.locales.fr());

export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** A mutation runs in one transaction and writes the audit log; a query gets a read-only handle. */
  mutates: boolean;
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input: guarded(input), output, mutates: false as const };
}

export function mutation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input: guarded(input), output, mutates: true as const };
}

/**
 * The generic bounds every input meets, whatever its own schema forgot: a text is at most
 * MAX_TEXT characters (unless its field declares its own maximum) and holds no control
 * character but tab and line ends (a NUL byte would be stored as is); a number is finite
 * and within ±MAX_NUMBER (unless its field declares its own range, which zod checks with
 * the field's message). Checked on the parsed value, so defaults and trims are covered.
 * The renderer runs the same schema before sending, so the page shows these messages too.
 */
export const MAX_TEXT = 10_000;
export const MAX_NUMBER = 1e12;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function guarded<I extends z.ZodType>(input: I): I {
  return input.superRefine((value, ctx) => {
    checkBounds(input, value, [], (path, message) =>
      ctx.addIssue({ code: 'custom', message, path }),
    );
  }) as I;
}

type Report = (path: (string | number)[], message: string) => void;

/** zod's own definition object, read to find a field's declared bounds. */
interface Definition {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  items?: z.ZodType[];
}
const definition = (schema: z.ZodType | undefined) =>
  (schema as { _zod?: { def?: Definition } } | undefined)?._zod?.def;

/** The schema that describes a value: wrappers (optional, default, pipe…) taken off. */
function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  for (let depth = 0; depth < 20; depth += 1) {
    const def = definition(schema);
    if (!def) return undefined;
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'pipe') {
      schema = definition(def.out)?.type === 'transform' ? def.in : def.out;
    } else if (def.type === 'union' && def.options) {
      // The option the value matches, for its bounds; none found: the generic ones apply.
      schema = def.options.find((option) => option.safeParse(value).success);
    } else return schema;
  }
  return undefined;
}

function checkBounds(
  schema: z.ZodType | undefined,
  value: unknown,
  path: (string | number)[],
  report: Report,
) {
  const own = unwrap(schema, value);
  const def = definition(own);
  if (typeof value === 'string') {
    // A field's own maximum is checked by zod itself, with its own message.
    const declared = (own as { maxLength?: number | null } | undefined)?.maxLength;
    const ownMaximum = typeof declared === 'number' && Number.isFinite(declared);
    if (!ownMaximum && value.length > MAX_TEXT) {
      report(path, `Texte trop long : ${formatNumber(MAX_TEXT)} caractères au plus.`);
    } else if (value.length <= (ownMaximum ? declared : MAX_TEXT) && CONTROL.test(value)) {
      report(path, 'Texte refusé : il contient un caractère de contrôle (octet nul…).');
    }
    return;
  }
  if (typeof value === 'number') {
    const declared = (own as { maxValue?: number; minValue?: number } | undefined) ?? {};
    const wider =
      Number.isFinite(declared.maxValue) &&
      Number.isFinite(declared.minValue) &&
      declared.maxValue! < Number.MAX_SAFE_INTEGER &&
      declared.minValue! > -Number.MAX_SAFE_INTEGER;
    // NaN is left to the field's own message (a typed amount that could not be read).
    if (
      !Number.isNaN(value) &&
      (!Number.isFinite(value) || (!wider && Math.abs(value) > MAX_NUMBER))
    ) {
      report(path, 'Nombre hors des limites admises.');
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      checkBounds(def?.element ?? def?.items?.[index], item, [...path, index], report),
    );
    return;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.length > MAX_TEXT || CONTROL.test(key)) {
        report(path, 'Nom de champ refusé.');
        continue;
      }
      checkBounds(def?.shape?.[key] ?? def?.valueType, item, [...path, key], report);
    }
  }
}

export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });
/**
 * The version a form was loaded from (optimistic locking): an update call refuses to save
 * over a newer one (CONFLICT, naming who changed it and when) instead of overwriting it.
 */
export const version = z.number({ error: 'Version de la fiche manquante.' }).int().min(1);
/** What an update call returns: the record's version after the save, for the next one. */
export const savedVersion = z.object({ ok: z.literal(true), version });
export const id = z.number().int().positive();
