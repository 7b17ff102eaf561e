/**
 * How a call is declared. Each call names its input and output schema once, here in
 * shared/; the backend's handler table, the preload's allowlist and the web bridge's
 * routes are all derived from the same object, so a call cannot exist in one place only.
 */
import { z } from 'zod';

// Every message zod produces by itself is French; our own refinements are French too.
z.config(z.locales.fr());

export interface CallDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** A mutation runs in one transaction and writes the audit log; a query gets a read-only handle. */
  mutates: boolean;
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output, mutates: false as const };
}

export function mutation<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output, mutates: true as const };
}

export const empty = z.object({}).strict();
export const ok = z.object({ ok: z.literal(true) });
export const id = z.number().int().positive();
