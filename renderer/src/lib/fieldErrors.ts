/** Puts the backend's French field errors under the right form fields. */
import { AppError } from '../../../shared/errors';

export type ErrorMap = Record<string, string>;

export function errorMap(error: unknown): ErrorMap {
  if (!(error instanceof AppError)) return {};
  const map: ErrorMap = {};
  for (const field of error.fields) if (!map[field.path]) map[field.path] = field.message;
  return map;
}

export function errorMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Erreur inattendue.';
}
