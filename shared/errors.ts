/**
 * The errors a user can see. Every message is French and, when a form field or a file
 * line is at fault, names it: `fields` carries one entry per field path (`operator.siret`,
 * `stateContributions.2.amountCents`) so a form can put the message under the field.
 */

/**
 * UNAUTHORISED: who is calling is unknown (no name, no session); FORBIDDEN: the caller is
 * known but their role does not allow the call (team mode, HTTP 403).
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORISED'
  | 'FORBIDDEN'
  | 'INTERNAL';

export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  fields: FieldError[];
  /**
   * CONFLICT on a stale version only: the record as it is now (the same shape as the
   * update call's input, with its current `version`), so the form can show it beside what
   * the user typed and reload from it.
   */
  current?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly current?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    fields: FieldError[] = [],
    current?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    if (current) this.current = current;
  }

  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message, fields: this.fields };
    if (this.current) data.current = this.current;
    return data;
  }

  static fromData(data: AppErrorData): AppError {
    const current =
      typeof data.current === 'object' && data.current !== null ? data.current : undefined;
    return new AppError(data.code, data.message, data.fields, current);
  }

  /** Saving over a newer version: the whole French sentence and the record as it is now. */
  static staleVersion(message: string, current: Record<string, unknown>): AppError {
    return new AppError('CONFLICT', message, [], current);
  }

  static validation(fields: FieldError[], message?: string): AppError {
    return new AppError(
      'VALIDATION',
      message ??
        (fields.length === 1 && fields[0]
          ? fields[0].message
          : `${fields.length} valeurs sont à corriger : rien n'a été enregistré.`),
      fields,
    );
  }

  /** `message` is the whole French sentence, so it agrees with its noun. */
  static notFound(message: string): AppError {
    return new AppError('NOT_FOUND', message);
  }

  /** A role's refusal (shared/contract/roles.ts): the whole French sentence. */
  static forbidden(message: string): AppError {
    return new AppError('FORBIDDEN', message);
  }
}

export function isAppErrorData(value: unknown): value is AppErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorData).code === 'string' &&
    typeof (value as AppErrorData).message === 'string' &&
    Array.isArray((value as AppErrorData).fields)
  );
}

/** Turns zod issues into field errors with French messages (zod runs with its fr locale). */
export function fieldErrorsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}
